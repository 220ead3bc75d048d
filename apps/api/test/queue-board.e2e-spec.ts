import request from 'supertest';
import { ApiHarness, startApi } from './harness';

/** The cookie a board session answer sets, as a Cookie header. */
const cookieOf = (res: { headers: Record<string, unknown> }) => String((res.headers['set-cookie'] as string[])[0]).split(';')[0];

describe('the queue board (/admin/queues)', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h?.close());
  // a fresh client per request: the harness' agent keeps cookies, and a visitor here must have none but those given
  const http = () => request(h.app.getHttpServer());

  const openSession = async () => {
    const { body } = await h.as('admin').post('/api/admin/queues/ticket').expect(200);
    expect(body).toEqual({ url: expect.stringMatching(/^\/admin\/queues\/session\?ticket=[\w-]{43}$/), expiresInSeconds: 60 });
    const res = await http().get(body.url).expect(303);
    expect(res.headers.location).toBe('/admin/queues/');
    return { res, url: body.url as string };
  };

  it('gives an admin a one-time ticket that becomes an HttpOnly, SameSite=Strict cookie for the board only', async () => {
    const { res, url } = await openSession();
    const setCookie = String((res.headers['set-cookie'] as unknown as string[])[0]);
    expect(setCookie).toMatch(/^duban_queue_board=[\w-]+\.[\w-]+\.[\w-]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=1800$/);
    // once
    await http().get(url).expect(401);

    const queues = await http().get('/admin/queues/api/queues').set('cookie', cookieOf(res)).expect(200);
    const names = (queues.body.queues as Array<{ name: string; readOnlyMode: boolean }>).map((q) => q.name).sort();
    expect(names).toEqual(['cadence', 'notifications']);
    expect((queues.body.queues as Array<{ readOnlyMode: boolean }>).every((q) => q.readOnlyMode)).toBe(true);
    const page = await http().get('/admin/queues/').set('cookie', cookieOf(res)).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('督办队列（只读）');
  });

  it('refuses changes on the server in read-only mode', async () => {
    const { res } = await openSession();
    await http().put('/admin/queues/api/queues/notifications/pause').set('cookie', cookieOf(res)).expect(405);
    await http().put('/admin/queues/api/queues/cadence/clean/failed').set('cookie', cookieOf(res)).expect(405);
  });

  it('refuses the ticket to everyone but the admin, and the board to anyone without a valid cookie', async () => {
    for (const user of ['officeA', 'justiceA', 'leaderA'] as const) {
      const res = await h.as(user).post('/api/admin/queues/ticket').expect(403);
      expect(res.body.code).toBe('QUEUE_BOARD_FORBIDDEN');
    }
    await http().post('/api/admin/queues/ticket').expect(401);
    const denied = await http().get('/admin/queues/api/queues').expect(401);
    expect(denied.body.code).toBe('QUEUE_BOARD_UNAUTHENTICATED');
    expect(JSON.stringify(denied.body)).not.toContain('notifications');
    await http().get('/admin/queues/api/queues').set('cookie', 'duban_queue_board=forged.token.here').expect(401);
    // an API token is no board cookie, and a board cookie is no API token
    await http().get('/admin/queues/api/queues').set('cookie', `duban_queue_board=${h.org.users.admin.token}`).expect(401);
    const { res } = await openSession();
    const boardToken = cookieOf(res).split('=')[1];
    await http().get('/api/auth/me').set('authorization', `Bearer ${boardToken}`).expect(401);
    const html = await http().get('/admin/queues/').set('accept', 'text/html').expect(401);
    expect(html.text).toContain('请以系统管理员身份登录，并从「管理」页面打开队列看板');
    await http().get('/admin/queues/session?ticket=nonsense').expect(401);
  });

  it('ends the board session when the admin\'s token version changes', async () => {
    const { res } = await openSession();
    await http().get('/admin/queues/api/queues').set('cookie', cookieOf(res)).expect(200);
    await h.dataSource.query(`UPDATE app_user SET token_version = token_version + 1 WHERE id = $1`, [h.org.users.admin.id]);
    await http().get('/admin/queues/api/queues').set('cookie', cookieOf(res)).expect(401);
  });
});

describe('the queue board with QUEUE_BOARD_WRITE=true', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi(undefined, { QUEUE_BOARD_WRITE: 'true' });
  });
  afterAll(() => h?.close());
  const http = () => request(h.app.getHttpServer());

  it('lets the admin act on the queues', async () => {
    const { body } = await h.as('admin').post('/api/admin/queues/ticket').expect(200);
    const res = await http().get(body.url).expect(303);
    const cookie = cookieOf(res);
    const queues = await http().get('/admin/queues/api/queues').set('cookie', cookie).expect(200);
    expect((queues.body.queues as Array<{ readOnlyMode: boolean }>).some((q) => q.readOnlyMode)).toBe(false);
    await http().put('/admin/queues/api/queues/cadence/clean/failed').set('cookie', cookie).expect(200);
  });
});
