import { randomUUID } from 'node:crypto';
import { ApiHarness, Org, startApi } from './harness';

type Caller = keyof Org['users'];
interface OverviewTask { id: string; title: string; canInstruct: boolean; lastInstruction: { text: string; by: string } | null }
interface Overview {
  asOf: string;
  units: Array<{ unitId: string; unitName: string; open: number; overdue: number; dueSoon: number; completed: number }>;
  overdue: { total: number; items: OverviewTask[] };
  dueSoon: { total: number; items: OverviewTask[] };
  escalations: { total: number; unread: number; items: Array<{ kind: string; title: string }> };
}

/**
 * 领导首页 and 批示. leaderA is in charge of the justice bureau (甲县司法局), leaderA2 of the township (甲县城关镇).
 * Tasks are made on 2026-03-02 and looked at on 2026-04-01 (due soon: within 7 days, to 2026-04-08).
 */
describe('leaders: their page and their 批示', () => {
  let h: ApiHarness;
  const ids = {} as Record<'late1' | 'late2' | 'soon' | 'later' | 'done' | 'draft' | 'town' | 'coOwned' | 'responsible', string>;

  const make = async (title: string, deadline: string, extra: object = {}, publish = true) => {
    const created = await h.as('officeA').post('/api/tasks', { title, planYear: 2026, leadUnitId: h.org.units.justiceA, deadline,
      ...extra }).expect(201);
    if (publish) await h.as('officeA').post(`/api/tasks/${created.body.id}/publish`).expect(200);
    return created.body.id as string;
  };
  const overview = async (caller: Caller): Promise<Overview> => (await h.as(caller).get('/api/leader/overview').expect(200)).body;
  const instruct = (caller: Caller, task: string, text: unknown) => h.as(caller).post(`/api/tasks/${task}/instructions`, { text });
  const history = async (caller: Caller, task: string) =>
    (await h.as(caller).get(`/api/tasks/${task}/history`).expect(200)).body as
      Array<{ action: string; reason: string | null; actor: { name: string } | null }>;

  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z');
    const { financeA, townA, justiceA } = h.org.units;
    ids.late1 = await make('清理行政规范性文件', '2026-03-10');
    ids.late2 = await make('公布行政执法事项清单', '2026-03-25');
    ids.soon = await make('开展执法案卷评查', '2026-04-05');
    ids.later = await make('修订行政复议工作规则', '2026-06-30');
    ids.done = await make('建立法律顾问名录', '2026-03-15');
    ids.draft = await make('草拟普法责任清单', '2026-03-12', {}, false);
    ids.town = await make('规范乡镇综合执法', '2026-03-20', { leadUnitId: townA });
    // leaderA follows this one through the co-owner unit only, and is the responsible leader of the next
    ids.coOwned = await make('推进预算绩效管理法治化', '2026-03-18', { leadUnitId: financeA, coOwnerUnitIds: [justiceA] });
    ids.responsible = await make('推进镇级合法性审查全覆盖', '2026-04-03',
      { leadUnitId: townA, responsibleLeaderId: h.org.users.leaderA.id });
    await h.as('justiceA').post(`/api/tasks/${ids.done}/acknowledge`).expect(200);
    await h.as('justiceA').upload(`/api/tasks/${ids.done}/submit`, { note: '名录已公布' }, []).expect(200);
    await h.as('officeA').post(`/api/tasks/${ids.done}/approve`).expect(200);
    // what the cadence sent: a 督办通知单 and a 催办单 to leaderA, a bulletin (not an escalation), one to leaderA2
    const notice = (key: string, kind: string, user: string, title: string, at: string) => h.dataSource.query(
      `INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, recipient_user_id, period, title, body,
         created_at) VALUES ($1, $2, $3, $3, $4, '2026-03', $5, '正文', $6)`, [key, kind, h.org.units.countyA, user, title, at]);
    await notice('s1', 'supervise', h.org.users.leaderA.id, '督办通知单（清理行政规范性文件）', '2026-03-17T01:00:00Z');
    await notice('u1', 'urge', h.org.users.leaderA.id, '催办单（公布行政执法事项清单）', '2026-03-26T01:00:00Z');
    await notice('b1', 'bulletin', h.org.users.leaderA.id, '2026年3月督办通报', '2026-03-31T02:00:00Z');
    await notice('s2', 'supervise', h.org.users.leaderA2.id, '督办通知单（规范乡镇综合执法）', '2026-03-27T01:00:00Z');
    h.clock.set('2026-04-01T02:00:00Z');
  });
  afterAll(() => h?.close());

  it('shows a leader the units in charge with their counts, the urgent tasks of the scope and the escalations sent', async () => {
    const o = await overview('leaderA');
    expect(o.asOf).toBe('2026-04-01');
    expect(o.units).toEqual([{ unitId: h.org.units.justiceA, unitName: '甲县司法局', open: 4, overdue: 2, dueSoon: 1, completed: 1 }]);
    // most overdue first; the co-owned task is shown but not the leader's to instruct
    expect(o.overdue.total).toBe(3);
    expect(o.overdue.items.map((t) => [t.id, t.canInstruct])).toEqual([[ids.late1, true], [ids.coOwned, false], [ids.late2, true]]);
    expect(o.dueSoon.total).toBe(2);
    expect(o.dueSoon.items.map((t) => [t.id, t.canInstruct])).toEqual([[ids.responsible, true], [ids.soon, true]]);
    // the counts are the ledger's: "共 N 条" links to /tasks?overdue=true and /tasks?light=yellow
    const ledger = (await h.as('leaderA').get('/api/tasks?overdue=true').expect(200)).body.items.map((t: { id: string }) => t.id);
    expect(ledger.sort()).toEqual(o.overdue.items.map((t) => t.id).sort());
    expect(o.escalations).toMatchObject({ total: 2, unread: 2 });
    expect(o.escalations.items.map((e) => [e.kind, e.title]))
      .toEqual([['urge', '催办单（公布行政执法事项清单）'], ['supervise', '督办通知单（清理行政规范性文件）']]);

    const other = await overview('leaderA2');
    expect(other.units).toEqual([{ unitId: h.org.units.townA, unitName: '甲县城关镇', open: 2, overdue: 1, dueSoon: 1, completed: 0 }]);
    expect(other.overdue.items.map((t) => t.id)).toEqual([ids.town]);
    expect(other.escalations.items.map((e) => e.title)).toEqual(['督办通知单（规范乡镇综合执法）']);
  });

  it('is a leader\'s page only', async () => {
    for (const caller of ['justiceA', 'officeA', 'admin'] as Caller[]) {
      const res = await h.as(caller).get('/api/leader/overview').expect(403);
      expect(res.body).toMatchObject({ code: 'LEADER_ONLY', message: '领导首页仅供分管领导使用' });
    }
  });

  it('records a 批示 that the lead unit and the office read in the task history', async () => {
    const before = (await h.as('leaderA').get(`/api/tasks/${ids.late1}`).expect(200)).body;
    expect(before.allowedActions).toEqual(['instruct']);
    const res = await instruct('leaderA', ids.late1, '  请司法局本周内报送整改方案。\r\n逾期原因一并说明。 ').expect(201);
    expect(res.body).toMatchObject({ id: ids.late1, version: before.version }); // the task itself is unchanged
    for (const reader of ['justiceA', 'officeA'] as Caller[]) {
      expect((await history(reader, ids.late1)).at(-1)).toMatchObject({
        action: 'instruct', reason: '请司法局本周内报送整改方案。\n逾期原因一并说明。', actor: { name: 'leaderA' },
      });
    }
    const o = await overview('leaderA');
    expect(o.overdue.items[0].lastInstruction).toMatchObject({ text: '请司法局本周内报送整改方案。\n逾期原因一并说明。', by: 'leaderA' });
  });

  it('lets the responsible leader instruct a task of a unit not in charge, and any published task, closed ones too', async () => {
    await instruct('leaderA', ids.responsible, '镇里要明确专人负责。').expect(201);
    await instruct('leaderA', ids.done, '做得好，总结经验。').expect(201);
    expect((await history('townA', ids.responsible)).at(-1)).toMatchObject({ action: 'instruct', reason: '镇里要明确专人负责。' });
  });

  it('refuses everyone else: 403 to those who see the task, 404 to those who do not', async () => {
    const events = async () => (await h.dataSource.query(`SELECT count(*)::int AS n FROM task_event WHERE action = 'instruct'`))[0].n;
    const count = await events();
    const refused = [
      [await instruct('justiceA', ids.late1, '部门不能批示').expect(403), '只有牵头单位的分管领导或任务的责任领导可以批示'],
      [await instruct('officeA', ids.late1, '法治办不能批示').expect(403), '只有牵头单位的分管领导或任务的责任领导可以批示'],
      [await instruct('leaderA', ids.coOwned, '只是配合单位的分管领导').expect(403), '只有牵头单位的分管领导或任务的责任领导可以批示'],
      [await instruct('leaderA2', ids.late1, '不是我分管的').expect(404), '任务不存在或不在您的权限范围内'],
      [await instruct('leaderA', ids.draft, '草稿尚未交办').expect(404), '任务不存在或不在您的权限范围内'],
    ] as const;
    for (const [res, message] of refused) expect(res.body.message).toBe(message);
    expect((await h.as('leaderA').get(`/api/tasks/${ids.coOwned}`).expect(200)).body.allowedActions).toEqual([]);
    expect(await events()).toBe(count);
  });

  it('takes 1–1,000 characters, a CRLF counted as one, and names 批示内容 when it refuses', async () => {
    for (const text of ['', '  \r\n ', undefined]) {
      const res = await instruct('leaderA', ids.late2, text).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.body.message).toContain('批示内容不能为空');
    }
    const tooLong = await instruct('leaderA', ids.late2, '批'.repeat(1001)).expect(400);
    expect(tooLong.body.message).toContain('批示内容不能超过 1000 个字符');
    const notText = await instruct('leaderA', ids.late2, 42).expect(400);
    expect(notText.body.message).toContain('批示内容必须是文本');
    // 999 characters and a CRLF: 1,000 as the textarea counted them
    const full = `${'批'.repeat(500)}\r\n${'示'.repeat(499)}`;
    await instruct('leaderA', ids.late2, full).expect(201);
    expect((await history('officeA', ids.late2)).at(-1)!.reason).toHaveLength(1000);
  });

  it('answers a retried 批示 with the first answer and records it once', async () => {
    const key = randomUUID();
    const send = () => instruct('leaderA', ids.soon, '请按期完成。').set('idempotency-key', key);
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await history('justiceA', ids.soon)).filter((e) => e.action === 'instruct')).toHaveLength(1);
  });
});
