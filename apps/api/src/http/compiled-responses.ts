import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * The hot reads whose 200 answers Fastify writes with a serializer compiled from their OpenAPI schema
 * (fast-json-stringify) instead of JSON.stringify: the ledger page, one task, the inbox. Measured on a 50-row ledger
 * page (~95 KB of mostly Chinese text): 1.17 ms with JSON.stringify, 0.26 ms compiled (docs/benchmarks.md).
 * A compiled serializer writes what the schema declares and nothing else, so a route is listed here only when its
 * response DTO describes every field; `compiled-responses.e2e-spec.ts` compares each listed answer with JSON.stringify's.
 */
export const COMPILED_RESPONSE_ROUTES: ReadonlyArray<{ method: 'GET'; path: string }> = [
  { method: 'GET', path: '/api/tasks' },
  { method: 'GET', path: '/api/tasks/{id}' },
  { method: 'GET', path: '/api/notifications' },
];

type Schema = Record<string, unknown>;

/** OpenAPI's component references, as references into the schema's own `definitions` (what fast-json-stringify resolves). */
const localRefs = <T>(schema: T): T =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"#/definitions/')) as T;

/**
 * Gives the listed routes their answer's schema as they are declared (Fastify's onRoute, so call it before app.init).
 * A listed route without a declared JSON answer fails the start: the list and the controllers must agree.
 */
export function compileResponseSchemas(fastify: FastifyInstance, document: OpenAPIObject,
  routes = COMPILED_RESPONSE_ROUTES): void {
  const definitions = localRefs(document.components?.schemas ?? {});
  const wanted = new Map(routes.map((r) => {
    const content = document.paths[r.path]?.[r.method.toLowerCase() as 'get']?.responses?.['200'] as
      { content?: Record<string, { schema?: Schema }> } | undefined;
    const schema = content?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${r.method} ${r.path}: no JSON answer declared in the OpenAPI document`);
    return [`${r.method} ${r.path.replace(/\{(\w+)\}/g, ':$1')}`, { ...localRefs(schema), definitions }];
  }));
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = methods.map((m) => wanted.get(`${m} ${route.url}`)).find(Boolean);
    if (schema) route.schema = { ...route.schema, response: { 200: schema } };
  });
}
