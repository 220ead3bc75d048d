import { randomUUID } from 'node:crypto';
import { ApiHarness, startApi } from './harness';

describe('bulk transfer (批量转交) over HTTP', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z');
  });
  afterAll(() => h?.close());

  const create = async (title: string, extra: object = {}, as: 'officeA' | 'officeB' = 'officeA') =>
    (await h.as(as).post('/api/tasks', { title, planYear: 2026, leadUnitId: h.org.units.justiceA, deadline: '2026-06-30', ...extra })
      .expect(201)).body.id as string;
  /** every task's lead unit, status, version and number of audit events: what a refused request must leave alone */
  const snapshot = () => h.dataSource.query(
    `SELECT t.id, t.lead_unit_id, t.status, t.version, (SELECT count(*)::int FROM task_event e WHERE e.task_id = t.id) AS events
       FROM task t ORDER BY t.id`);

  it('transfers each task it may, and says per task why the others were refused', async () => {
    const { justiceA, financeA } = h.org.units;
    const draft = await create('草稿任务');
    const assigned = await create('待签收任务', { coOwnerUnitIds: [financeA] });
    const acknowledged = await create('办理中任务');
    const submitted = await create('待审核任务');
    const alreadyFinance = await create('已由财政局牵头', { leadUnitId: financeA });
    const otherCounty = await create('乙县任务', { leadUnitId: h.org.units.justiceB }, 'officeB');
    const unknown = randomUUID();
    await h.as('officeA').post('/api/tasks/publish', { ids: [assigned, acknowledged, submitted, alreadyFinance] }).expect(200);
    for (const id of [acknowledged, submitted]) await h.as('justiceA').post(`/api/tasks/${id}/acknowledge`).expect(200);
    await h.as('justiceA').post(`/api/tasks/${submitted}/submit`, { note: '已完成' }).expect(200);
    const otherBefore = (await h.as('officeB').get(`/api/tasks/${otherCounty}`).expect(200)).body;

    const res = await h.as('officeA').post('/api/tasks/transfer', {
      taskIds: [draft, assigned, acknowledged, submitted, alreadyFinance, otherCounty, unknown, assigned],
      leadUnitId: financeA, reason: '职责调整，改由财政局牵头',
    }).expect(200);
    expect(res.body).toEqual([
      { id: draft, ok: true },
      { id: assigned, ok: true },
      { id: acknowledged, ok: true },
      { id: submitted, ok: false, code: 'TASK_ILLEGAL_TRANSITION', message: '任务当前状态为“待审核”，不能转交' },
      { id: alreadyFinance, ok: false, code: 'TASK_TRANSFER_SAME_UNIT', message: '新牵头单位与当前牵头单位相同，无需转交' },
      { id: otherCounty, ok: false, code: 'TASK_NOT_FOUND', message: '任务不存在或不在您的权限范围内' },
      { id: unknown, ok: false, code: 'TASK_NOT_FOUND', message: '任务不存在或不在您的权限范围内' },
    ]);

    // the draft stays a draft; published ones go back to 待签收 for the new lead unit, which is no longer a co-owner
    const view = async (id: string) => (await h.as('officeA').get(`/api/tasks/${id}`).expect(200)).body;
    expect(await view(draft)).toMatchObject({ status: 'draft', leadUnit: { id: financeA } });
    expect(await view(assigned)).toMatchObject({ status: 'assigned', leadUnit: { id: financeA }, coOwners: [] });
    expect(await view(acknowledged)).toMatchObject({ status: 'assigned', leadUnit: { id: financeA }, acknowledgedAt: null });
    expect(await view(submitted)).toMatchObject({ status: 'submitted', leadUnit: { id: justiceA } });
    expect((await h.as('officeB').get(`/api/tasks/${otherCounty}`).expect(200)).body).toEqual(otherBefore);

    // the finance bureau signs for what it got; the justice bureau no longer sees it
    await h.as('financeA').post(`/api/tasks/${acknowledged}/acknowledge`).expect(200);
    await h.as('justiceA').get(`/api/tasks/${assigned}`).expect(404);

    const history = (await h.as('officeA').get(`/api/tasks/${acknowledged}/history`).expect(200)).body;
    const transfer = history.find((e: { action: string }) => e.action === 'transfer');
    expect(transfer).toMatchObject({ fromStatus: 'acknowledged', toStatus: 'assigned', reason: '职责调整，改由财政局牵头',
      actor: { name: 'officeA' }, changes: { leadUnitId: { from: justiceA, to: financeA } } });
    expect(history.filter((e: { action: string }) => e.action === 'transfer')).toHaveLength(1); // the repeated id once
  });

  it('refuses a bad request as a whole with 400 and changes nothing', async () => {
    const a = await create('甲');
    const b = await create('乙');
    await h.as('officeA').post('/api/tasks/publish', { ids: [a, b] }).expect(200);
    const before = await snapshot();
    const send = (body: object) => h.as('officeA').post('/api/tasks/transfer', body);
    const cases: Array<[object, string]> = [
      [{ taskIds: [a, b], leadUnitId: h.org.units.financeA }, 'VALIDATION_FAILED'],
      [{ taskIds: [a, b], leadUnitId: h.org.units.financeA, reason: '   ' }, 'TASK_REASON_REQUIRED'],
      [{ taskIds: [], leadUnitId: h.org.units.financeA, reason: '调整' }, 'VALIDATION_FAILED'],
      [{ taskIds: Array.from({ length: 501 }, () => randomUUID()), leadUnitId: h.org.units.financeA, reason: '调整' }, 'VALIDATION_FAILED'],
      [{ taskIds: [a, 'not-an-id'], leadUnitId: h.org.units.financeA, reason: '调整' }, 'VALIDATION_FAILED'],
      [{ taskIds: [a, b], leadUnitId: h.org.units.justiceB, reason: '调整' }, 'TASK_UNIT_OUT_OF_JURISDICTION'],
      [{ taskIds: [a, b], leadUnitId: randomUUID(), reason: '调整' }, 'TASK_UNIT_OUT_OF_JURISDICTION'],
      [{ taskIds: [a, b], leadUnitId: h.org.units.countyA, reason: '调整' }, 'TASK_UNIT_NOT_ASSIGNABLE'],
      [{ taskIds: [a, b], leadUnitId: h.org.units.financeA, reason: '调整', extra: 1 }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const res = await send(body).expect(400);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('is the office\'s: a department or a leader gets 403 and nothing moves', async () => {
    const a = await create('丙');
    await h.as('officeA').post(`/api/tasks/${a}/publish`).expect(200);
    const before = await snapshot();
    for (const who of ['justiceA', 'leaderA'] as const) {
      const res = await h.as(who).post('/api/tasks/transfer', { taskIds: [a], leadUnitId: h.org.units.financeA, reason: '调整' })
        .expect(403);
      expect(res.body).toMatchObject({ code: 'TASK_ACTION_FORBIDDEN', message: '只有法治办可以批量转交任务' });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a single transfer to the unit that already leads', async () => {
    const a = await create('丁');
    const res = await h.as('officeA').post(`/api/tasks/${a}/transfer`, { leadUnitId: h.org.units.justiceA, reason: '调整' }).expect(409);
    expect(res.body.code).toBe('TASK_TRANSFER_SAME_UNIT');
  });
});
