import { ApiHarness, startApi } from './harness';

const pdf = (text: string) => ({ name: '整改佐证.pdf', content: Buffer.from(`%PDF-1.4\n${text}\n%%EOF`) });

describe('task workflow over HTTP', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
  });
  afterAll(() => h?.close());

  const createTask = async (extra: object = {}) => {
    const res = await h.as('officeA').post('/api/tasks', {
      title: '开展行政执法人员全员轮训', description: '针对执法不规范问题，年内完成全员轮训。', planYear: 2026,
      leadUnitId: h.org.units.justiceA, coOwnerUnitIds: [h.org.units.financeA], responsibleLeaderId: h.org.users.leaderA.id,
      deadline: '2026-06-30', priority: 'high', source: '2025年法治政府建设情况报告', ...extra,
    }).expect(201);
    return res.body as { id: string; code: string; status: string };
  };

  it('takes a task through its whole life cycle, refusing every impossible step with 409 and the current state', async () => {
    const task = await createTask();
    expect(task).toMatchObject({ code: '2026-001', status: 'draft' });
    const url = `/api/tasks/${task.id}`;

    // a draft is the office's working copy: the lead unit cannot see it yet
    await h.as('justiceA').get(url).expect(404);

    const published = await h.as('officeA').post(`${url}/publish`).expect(200);
    expect(published.body).toMatchObject({ status: 'assigned', statusLabel: '待签收', light: 'green' });
    const again = await h.as('officeA').post(`${url}/publish`).expect(409);
    expect(again.body).toMatchObject({ code: 'TASK_ILLEGAL_TRANSITION', message: '任务当前状态为“待签收”，不能交办' });

    const early = await h.as('justiceA').post(`${url}/submit`, { note: '已完成' }).expect(409);
    expect(early.body.message).toContain('待签收');
    await h.as('officeA').post(`${url}/approve`).expect(409);
    await h.as('officeA').post(`${url}/return`, { reason: '材料不全' }).expect(409);

    const view = await h.as('justiceA').get(url).expect(200);
    expect(view.body.allowedActions).toEqual(expect.arrayContaining(['acknowledge', 'progress', 'extension_request']));
    expect(view.body.allowedActions).not.toContain('approve');

    await h.as('justiceA').post(`${url}/acknowledge`).expect(200);
    const twice = await h.as('justiceA').post(`${url}/acknowledge`).expect(409);
    expect(twice.body.message).toBe('任务当前状态为“办理中”，不能签收');

    await h.as('justiceA').upload(`${url}/progress`, { note: '已制定轮训方案', percent: 40 }, [pdf('方案')]).expect(201);
    const coOwner = await h.as('financeA').post(`${url}/progress`, { note: '培训经费已落实', percent: 30 }).expect(201);
    expect(coOwner.body.progressPercent).toBe(40); // the co-owner moved only its own branch
    expect(coOwner.body.coOwners).toEqual([expect.objectContaining({ unitName: '甲县财政局', progressPercent: 30, lastNote: '培训经费已落实' })]);

    const noNote = await h.as('justiceA').post(`${url}/submit`, {}).expect(400);
    expect(noNote.body.code).toBe('VALIDATION_FAILED');
    await h.as('justiceA').upload(`${url}/submit`, { note: '全员轮训已完成，共培训 312 人次' }, [pdf('签到表')]).expect(200);

    const noReason = await h.as('officeA').post(`${url}/return`, {}).expect(400);
    expect(noReason.body.details.fields[0].field).toBe('reason');
    const returned = await h.as('officeA').post(`${url}/return`, { reason: '缺少考试成绩佐证' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'acknowledged', returnCount: 1 });

    await h.as('justiceA').post(`${url}/submit`, { note: '已补充考试成绩' }).expect(200);
    const done = await h.as('officeA').post(`${url}/approve`).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', progressPercent: 100, light: null, overdue: false });
    expect(done.body.completedAt).toBe('2026-03-02T02:00:00.000Z');

    await h.as('justiceA').post(`${url}/progress`, { note: '补充', percent: 100 }).expect(409);
    await h.as('officeA').post(`${url}/cancel`, { reason: '重复' }).expect(409);
    const reopened = await h.as('officeA').post(`${url}/reopen`, { reason: '督察发现问题反弹' }).expect(200);
    expect(reopened.body.status).toBe('acknowledged');

    const history = await h.as('officeA').get(`${url}/history`).expect(200);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual([
      'create', 'publish', 'acknowledge', 'progress', 'progress', 'submit', 'return', 'submit', 'approve', 'reopen',
    ]);
    const steps = history.body.map((e: any) => [e.fromStatus, e.toStatus, e.actor?.name, e.reason]);
    expect(steps).toEqual([
      [null, 'draft', 'officeA', null],
      ['draft', 'assigned', 'officeA', null],
      ['assigned', 'acknowledged', 'justiceA', null],
      [null, null, 'justiceA', '已制定轮训方案'],
      [null, null, 'financeA', '培训经费已落实'],
      ['acknowledged', 'submitted', 'justiceA', null],
      ['submitted', 'acknowledged', 'officeA', '缺少考试成绩佐证'],
      ['acknowledged', 'submitted', 'justiceA', null],
      ['submitted', 'completed', 'officeA', null],
      ['completed', 'acknowledged', 'officeA', '督察发现问题反弹'],
    ]);
    expect(history.body[5].changes.completionNote.to).toBe('全员轮训已完成，共培训 312 人次');

    // evidence is stored and served back to those who may see the task
    const files = await h.as('justiceA').get(`${url}/evidence`).expect(200);
    expect(files.body.map((f: { purpose: string }) => f.purpose).sort()).toEqual(['progress', 'submission']);
    const download = await h.as('officeA').get(`${url}/evidence/${files.body[0].id}`).buffer(true).expect(200);
    expect(download.body.toString()).toContain('%PDF-1.4');
    expect(download.headers['content-disposition']).toContain(encodeURIComponent('整改佐证.pdf'));
  });

  it('extends a deadline on request, keeping the original and counting extensions', async () => {
    const task = await createTask({ deadline: '2026-04-30' });
    const url = `/api/tasks/${task.id}`;
    await h.as('officeA').post(`${url}/publish`).expect(200);
    await h.as('justiceA').post(`${url}/extensions`, { newDeadline: '2026-04-01', reason: '需要更多时间' }).expect(400);
    const asked = await h.as('justiceA').post(`${url}/extensions`, { newDeadline: '2026-07-31', reason: '培训场地改造推迟' })
      .expect(201);
    expect(asked.body.pendingExtension).toMatchObject({ requestedDeadline: '2026-07-31', reason: '培训场地改造推迟' });
    const second = await h.as('justiceA').post(`${url}/extensions`, { newDeadline: '2026-08-31', reason: '再延' }).expect(409);
    expect(second.body.code).toBe('TASK_EXTENSION_PENDING');
    await h.as('justiceA').post(`${url}/extensions/${asked.body.pendingExtension.id}/approve`).expect(403);
    await h.as('officeA').post(`${url}/extensions/${asked.body.pendingExtension.id}/reject`, {}).expect(400);

    const approved = await h.as('officeA').post(`${url}/extensions/${asked.body.pendingExtension.id}/approve`).expect(200);
    expect(approved.body).toMatchObject({ originalDeadline: '2026-04-30', currentDeadline: '2026-07-31', extensionCount: 1,
      pendingExtension: null });
    const decidedTwice = await h.as('officeA').post(`${url}/extensions/${asked.body.pendingExtension.id}/approve`).expect(409);
    expect(decidedTwice.body.code).toBe('TASK_EXTENSION_DECIDED');

    const asked2 = await h.as('justiceA').post(`${url}/extensions`, { newDeadline: '2026-09-30', reason: '资金未到位' }).expect(201);
    const rejected = await h.as('officeA')
      .post(`${url}/extensions/${asked2.body.pendingExtension.id}/reject`, { reason: '理由不充分' }).expect(200);
    expect(rejected.body).toMatchObject({ currentDeadline: '2026-07-31', extensionCount: 1 });

    const list = await h.as('justiceA').get(`${url}/extensions`).expect(200);
    expect(list.body.map((e: { status: string }) => e.status)).toEqual(['approved', 'rejected']);
    const history = await h.as('justiceA').get(`${url}/history`).expect(200);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual(
      ['create', 'publish', 'extension_request', 'extension_approve', 'extension_request', 'extension_reject']);
    expect(history.body[3].changes.currentDeadline).toEqual({ from: '2026-04-30', to: '2026-07-31' });
  });

  it('derives overdue and the traffic light from the Beijing date, and refuses late extension requests', async () => {
    const task = await createTask({ deadline: '2026-03-06', title: '清理规范性文件' });
    const url = `/api/tasks/${task.id}`;
    const published = await h.as('officeA').post(`${url}/publish`).expect(200);
    expect(published.body).toMatchObject({ light: 'yellow', overdue: false }); // due in 4 days, within DUE_SOON_DAYS=7

    h.clock.set('2026-03-06T15:59:00Z'); // 23:59 on the deadline in Beijing: still due today
    expect((await h.as('justiceA').get(url).expect(200)).body).toMatchObject({ overdue: false, light: 'yellow' });
    h.clock.set('2026-03-06T16:01:00Z'); // 00:01 on the 7th in Beijing, while UTC is still the 6th
    const late = await h.as('justiceA').get(url).expect(200);
    expect(late.body).toMatchObject({ overdue: true, daysOverdue: 1, light: 'red' });
    expect(late.body.allowedActions).not.toContain('extension_request');

    const refused = await h.as('justiceA').post(`${url}/extensions`, { newDeadline: '2026-05-31', reason: '来不及' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'TASK_EXTENSION_TOO_LATE' });

    const overdue = await h.as('officeA').get('/api/tasks?overdue=true').expect(200);
    expect(overdue.body.items.map((t: { id: string }) => t.id)).toContain(task.id);
    const red = await h.as('justiceA').get('/api/tasks?light=red').expect(200);
    expect(red.body.items.every((t: { light: string }) => t.light === 'red')).toBe(true);
    expect(red.body.items.map((t: { id: string }) => t.id)).toContain(task.id);
    const stats = await h.as('justiceA').get('/api/tasks/stats').expect(200);
    expect(stats.body.overdue).toBeGreaterThanOrEqual(1);
    h.clock.set('2026-03-02T02:00:00Z');
  });

  it('transfers the lead unit, which must sign for the task again', async () => {
    const task = await createTask({ title: '推进镇级综合执法' });
    const url = `/api/tasks/${task.id}`;
    await h.as('officeA').post(`${url}/publish`).expect(200);
    await h.as('justiceA').post(`${url}/acknowledge`).expect(200);
    await h.as('officeA').post(`${url}/transfer`, { leadUnitId: h.org.units.townA }).expect(400);
    await h.as('officeA').post(`${url}/transfer`, { leadUnitId: h.org.units.justiceB, reason: '跨县' }).expect(400);
    const moved = await h.as('officeA').post(`${url}/transfer`, { leadUnitId: h.org.units.townA, reason: '职责调整至乡镇' })
      .expect(200);
    expect(moved.body).toMatchObject({ status: 'assigned', leadUnit: { id: h.org.units.townA, name: '甲县城关镇' } });
    await h.as('justiceA').get(url).expect(404);
    await h.as('townA').post(`${url}/acknowledge`).expect(200);
  });

  it('cancels and reopens a draft back to a draft', async () => {
    const task = await createTask({ title: '拟撤销的任务' });
    const url = `/api/tasks/${task.id}`;
    await h.as('officeA').post(`${url}/cancel`, {}).expect(400);
    expect((await h.as('officeA').post(`${url}/cancel`, { reason: '与其他任务重复' }).expect(200)).body.status).toBe('cancelled');
    expect((await h.as('officeA').post(`${url}/reopen`, { reason: '误撤销' }).expect(200)).body.status).toBe('draft');
  });

  it('numbers tasks per jurisdiction and plan year', async () => {
    const a = await createTask({ planYear: 2027, deadline: '2027-06-30' });
    const b = await createTask({ planYear: 2027, deadline: '2027-06-30' });
    expect([a.code, b.code]).toEqual(['2027-001', '2027-002']);
    const other = await h.as('officeB').post('/api/tasks', {
      title: '乙县任务', planYear: 2027, leadUnitId: h.org.units.justiceB, deadline: '2027-06-30',
    }).expect(201);
    expect(other.body.code).toBe('2027-001');
  });

  it('pages the ledger by deadline with a cursor, within the caller scope', async () => {
    for (let i = 0; i < 5; i++) await createTask({ title: `分页任务${i}`, deadline: `2026-1${i % 3}-0${i + 1}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ id: string; currentDeadline: string }>; nextCursor: string | null } } =
        await h.as('officeA').get(`/api/tasks?limit=2${cursor ? `&after=${cursor}` : ''}`).expect(200);
      seen.push(...res.body.items.map((t) => `${t.currentDeadline}|${t.id}`));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    const total = (await h.as('officeA').get('/api/tasks/stats').expect(200)).body.total;
    expect(seen.length).toBe(total);
    const found = await h.as('officeA').get(`/api/tasks?q=${encodeURIComponent('分页任务3')}`).expect(200);
    expect(found.body.items.map((t: { title: string }) => t.title)).toEqual(['分页任务3']);
  });
});
