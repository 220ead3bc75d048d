import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Responses = Record<string, { content?: Record<string, { schema?: unknown }> }>;
type Document = { paths: Record<string, Record<string, { operationId: string; responses: Responses }>> };

/** The committed contract (npm run contract:generate; CI's contract:check keeps it current) describes every answer. */
describe('apps/api/openapi.json', () => {
  const sut = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as Document;
  const operations = Object.entries(sut.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, responses: op.responses })));

  it('lists every endpoint of the API', () => {
    expect(operations.length).toBeGreaterThanOrEqual(76);
  });

  it('gives every operation a 2xx answer with a schema (204: no body)', () => {
    const undescribed = operations.filter(({ responses }) => !Object.entries(responses).some(([status, r]) =>
      status === '204' || (status.startsWith('2') && Object.values(r.content ?? {}).some((media) => media.schema))));
    expect(undescribed.map((o) => o.name)).toEqual([]);
  });

  it('describes the error answer of every operation', () => {
    const refs = (r: Responses) => JSON.stringify(r.default ?? {});
    expect(operations.filter((o) => !o.name.includes('/health') && !refs(o.responses).includes('ErrorResponseDto'))
      .map((o) => o.name)).toEqual([]);
  });
});
