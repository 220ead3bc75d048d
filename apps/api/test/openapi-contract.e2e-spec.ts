import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortKeys } from '../src/openapi/sort-keys';
import { ApiHarness, startApi } from './harness';

// contract:generate builds the document in Nest's preview mode (no database); this pins that it is the one served
describe('the committed OpenAPI document', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h?.close());

  it('is the document the running API serves at /api/docs-json', async () => {
    const served = (await h.anonymous.get('/api/docs-json').expect(200)).body as unknown;
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as unknown;
    expect(sortKeys(served)).toEqual(committed);
  });
});
