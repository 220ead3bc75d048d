import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { webRoot } from '../../src/web/web.module';
import { ApiHarness, startApi } from '../harness';

const root = webRoot();
const describeBuilt = root ? describe : describe.skip;
if (!root) console.warn('web-serving: dist/web is not built (npm run build:web); skipped');

describeBuilt('the web workspace served at /', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h?.close());

  it('serves index.html at / and for client routes, with no-cache', async () => {
    for (const path of ['/', '/tasks', '/tasks/5f1c0a4e-0000-4000-8000-000000000000', '/login?redirect=%2Fmy']) {
      const res = await h.anonymous.get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="app"></div>');
    }
  });

  it('serves hashed assets with a long cache, and a missing asset is a 404, not the page', async () => {
    const js = readdirSync(join(root!, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await h.anonymous.get(`/assets/${js}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
    await h.anonymous.get('/assets/missing-0000.js').expect(404);
    for (const path of ['/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const res = await h.anonymous.get(path);
      expect(res.text).not.toContain('"name": "duban"');
    }
  });

  it('leaves /api and /health to the service: unknown API paths keep the JSON 404', async () => {
    const res = await h.anonymous.get('/api/no-such-thing').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: expect.any(String) });
    expect((await h.anonymous.get('/api').expect(404)).body.code).toBe('NOT_FOUND');
    expect((await h.anonymous.get('/health/x').expect(404)).body.code).toBe('NOT_FOUND');
    await h.anonymous.get('/api/tasks').expect(401);
    await h.as('officeA').get('/api/tasks').expect(200);
    await h.anonymous.get('/health').expect(200);
    expect((await h.anonymous.post('/tasks').send({}).expect(404)).body.code).toBe('NOT_FOUND');
  });
});
