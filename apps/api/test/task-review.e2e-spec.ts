import { ApiHarness, startApi } from './harness';

/**
 * 复核 before 销号 (policy reviewBeforeClose, docs/cadence.md): off, the office's 审核通过 closes a task as before; on,
 * it is a first approval (待复核) and another office user or the leader in charge completes it.
 */
describe('复核 before 销号 over HTTP', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z');
  });
  afterAll(() => h?.close());

  const policyUrl = () => `/api/jurisdictions/${h.org.units.countyA}/cadence-policy`;

  /** A task of 甲县 led by the justice bureau (leaderA in charge), submitted for close-out. */
  const submittedTask = async () => {
    const res = await h.as('officeA').post('/api/tasks', {
      title: '规范行政执法公示', description: '全面落实行政执法公示制度。', planYear: 2026,
      leadUnitId: h.org.units.justiceA, coOwnerUnitIds: [h.org.units.financeA], deadline: '2026-06-30', priority: 'normal',
    }).expect(201);
    const url = `/api/tasks/${res.body.id}`;
    await h.as('officeA').post(`${url}/publish`).expect(200);
    await h.as('justiceA').post(`${url}/acknowledge`).expect(200);
    await h.as('justiceA').post(`${url}/submit`, { note: '执法公示平台已上线' }).expect(200);
    return url;
  };

  it('closes a task at the office\'s approval while the policy is off (the default)', async () => {
    const url = await submittedTask();
    const view = await h.as('officeA').get(url).expect(200);
    expect(view.body.allowedActions).toContain('approve');
    expect(view.body.allowedActions).not.toContain('confirm');
    const done = await h.as('officeA').post(`${url}/approve`).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', firstApproval: null });
    await h.as('admin').post(`${url}/confirm`).expect(409);
  });

  it('with the policy on, keeps an approved task 待审核 until someone else confirms it; the first approver cannot', async () => {
    await h.as('officeA').put(policyUrl(), { reviewBeforeClose: true }).expect(200);
    const url = await submittedTask();

    const first = await h.as('officeA').post(`${url}/approve`, { reason: '材料齐全' }).expect(200);
    expect(first.body).toMatchObject({ status: 'submitted', statusLabel: '待审核', completedAt: null,
      firstApproval: { by: { id: h.org.users.officeA.id, name: 'officeA' }, at: '2026-03-02T02:00:00.000Z' } });
    expect(first.body.allowedActions).not.toContain('confirm');
    expect(first.body.allowedActions).not.toContain('approve');
    expect(first.body.allowedActions).toContain('return');

    const again = await h.as('officeA').post(`${url}/approve`).expect(409);
    expect(again.body.code).toBe('TASK_AWAITING_REVIEW');
    const self = await h.as('officeA').post(`${url}/confirm`).expect(409);
    expect(self.body).toMatchObject({ code: 'TASK_REVIEW_SAME_USER' });
    expect(self.body.message).toContain('复核');
    await h.as('justiceA').post(`${url}/confirm`).expect(403);
    await h.as('officeB').post(`${url}/confirm`).expect(404);

    // the lead unit is told its close-out is half-way, the leader in charge that he may confirm
    const notices: Array<{ kind: string; recipient_user_id: string | null }> = await h.dataSource.query(
      `SELECT kind, recipient_user_id FROM notification WHERE task_id = $1 AND kind = 'task_first_approve'`, [url.split('/').pop()]);
    expect(notices).toEqual(expect.arrayContaining([expect.objectContaining({ recipient_user_id: h.org.users.leaderA.id })]));

    const other = await h.as('admin').get(url).expect(200);
    expect(other.body.allowedActions).toContain('confirm');
    const done = await h.as('admin').post(`${url}/confirm`, { reason: '复核无误' }).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', progressPercent: 100, firstApproval: null });

    const history = await h.as('officeA').get(`${url}/history`).expect(200);
    const steps = history.body.map((e: any) => [e.action, e.fromStatus, e.toStatus, e.actor?.name]);
    expect(steps.slice(-2)).toEqual([['first_approve', 'submitted', 'submitted', 'officeA'],
      ['confirm', 'submitted', 'completed', 'admin']]);
  });

  it('lets the leader in charge confirm, not a leader of another unit (404); a return undoes the first approval', async () => {
    const url = await submittedTask();
    await h.as('officeA').post(`${url}/approve`).expect(200);
    // a leader of another unit does not even see the task
    await h.as('leaderA2').post(`${url}/confirm`).expect(404);

    // returned while waiting: the next close-out starts from a first approval again
    const returned = await h.as('officeA').post(`${url}/return`, { reason: '复核发现佐证不全' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'acknowledged', firstApproval: null });
    await h.as('justiceA').post(`${url}/submit`, { note: '已补充佐证' }).expect(200);
    await h.as('leaderA').post(`${url}/confirm`).expect(409);
    await h.as('officeA').post(`${url}/approve`).expect(200);

    const leaderView = await h.as('leaderA').get(url).expect(200);
    expect(leaderView.body.allowedActions).toContain('confirm');
    const done = await h.as('leaderA').post(`${url}/confirm`).expect(200);
    expect(done.body.status).toBe('completed');
  });

  it('refuses a policy whose reviewBeforeClose is not a boolean, naming it in Chinese', async () => {
    const bad = await h.as('officeA').put(policyUrl(), { reviewBeforeClose: 'yes' }).expect(400);
    expect(bad.body.message).toContain('销号前复核');
  });
});
