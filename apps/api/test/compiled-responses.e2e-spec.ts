import { NotificationsController } from '../src/notifications/notifications.controller';
import { TasksController } from '../src/tasks/tasks.controller';
import { COMPILED_RESPONSE_ROUTES } from '../src/http/compiled-responses';
import { Actor, UsersService } from '@app/domain';
import { ApiHarness, Org, startApi } from './harness';

/**
 * The hot reads are written by serializers compiled from their OpenAPI schemas (http/compiled-responses.ts), which write
 * only what the schema declares: each listed route's answer must be what JSON.stringify writes of the controller's result —
 * every field, null and date as before — for tasks carrying every optional part (co-owner, leader, pending extension,
 * progress, a long description) and an inbox with notices.
 */
describe('compiled response serializers (real PostgreSQL and Redis)', () => {
  let h: ApiHarness;
  const compiled = new Set<string>();
  let taskId = '';

  const actorOf = async (user: keyof Org['users']): Promise<Actor> => {
    const [{ token_version }] = await h.dataSource.query(`SELECT token_version FROM app_user WHERE id = $1`, [h.org.users[user].id]);
    return (await h.app.get(UsersService).loadActor(h.org.users[user].id, token_version))!;
  };
  /** What the controller returns, as JSON.stringify writes it. */
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

  beforeAll(async () => {
    h = await startApi(undefined, {}, { beforeInit: (app) => app.getHttpAdapter().getInstance().addHook('onRoute', (r) => {
      if (r.schema?.response) compiled.add(`${String(r.method)} ${r.url}`);
    }) });
    const u = h.org.units;
    const office = h.as('officeA');
    const rich = await office.post('/api/tasks', { title: '完善行政执法“三项制度”，推进执法全过程记录', planYear: 2026,
      leadUnitId: u.justiceA, coOwnerUnitIds: [u.financeA], responsibleLeaderId: h.org.users.leaderA.id, deadline: '2026-06-30',
      description: '全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。'.repeat(8) }).expect(201);
    taskId = rich.body.id;
    await office.post(`/api/tasks/${taskId}/publish`).expect(200);
    await h.as('justiceA').post(`/api/tasks/${taskId}/acknowledge`).expect(200);
    await h.as('justiceA').post(`/api/tasks/${taskId}/progress`, { note: '方案已印发', percent: 40 }).expect(201);
    await h.as('justiceA').post(`/api/tasks/${taskId}/extensions`, { newDeadline: '2026-09-30', reason: '等待省厅标准' }).expect(201);
    const plainTask = await office.post('/api/tasks', { title: '开展行政复议案件质量评查', planYear: 2026, leadUnitId: u.townA,
      deadline: '2026-04-30' }).expect(201);
    await office.post(`/api/tasks/${plainTask.body.id}/publish`).expect(200);
    await office.post('/api/tasks', { title: '草稿：不发布', planYear: 2026, leadUnitId: u.financeA, deadline: '2026-05-31' }).expect(201);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('compiles a serializer for every listed route and no other', () => {
    expect([...compiled].sort()).toEqual(COMPILED_RESPONSE_ROUTES.map((r) => `${r.method} ${r.path.replace(/\{(\w+)\}/g, ':$1')}`).sort());
  });

  it('writes the ledger page as JSON.stringify would, every field included', async () => {
    const res = await h.as('officeA').get('/api/tasks?limit=2&withTotal=true').expect(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const expected = plain(await h.app.get(TasksController).list(await actorOf('officeA'), { limit: 2, withTotal: true }));
    expect(res.body).toEqual(expected);
    const all = await h.as('officeA').get('/api/tasks?limit=50').expect(200);
    expect(all.body).toEqual(plain(await h.app.get(TasksController).list(await actorOf('officeA'), { limit: 50 })));
    expect(all.body.items.find((t: { id: string }) => t.id === taskId)).toMatchObject({
      coOwners: [expect.objectContaining({ unitName: '甲县财政局' })], responsibleLeader: expect.objectContaining({ id: h.org.users.leaderA.id }) });
  });

  it('writes one task, its allowed actions and source, as JSON.stringify would', async () => {
    const res = await h.as('justiceA').get(`/api/tasks/${taskId}`).expect(200);
    expect(res.body).toEqual(plain(await h.app.get(TasksController).get(await actorOf('justiceA'), taskId)));
    expect(res.body.description.length).toBeGreaterThan(200);
    expect(res.body.allowedActions.length).toBeGreaterThan(0);
    expect(res.body.pendingExtension).toMatchObject({ reason: '等待省厅标准', requestedDeadline: '2026-09-30' });
  });

  it('writes the inbox page as JSON.stringify would', async () => {
    const res = await h.as('justiceA').get('/api/notifications').expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body).toEqual(plain(await h.app.get(NotificationsController).inbox(await actorOf('justiceA'), {})));
  });

  it('leaves errors to the error filter', async () => {
    const res = await h.as('townA').get(`/api/tasks/${taskId}`).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: expect.any(String), message: expect.any(String) });
  });
});
