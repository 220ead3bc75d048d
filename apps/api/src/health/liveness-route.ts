import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';

export const LIVENESS_PATH = '/health/live';

/**
 * `GET /health/live` on the bare Fastify instance, as `/metrics` is: it says only that the process answers, so it needs
 * none of Nest's pipeline (global guard, pipes, interceptors, exception filter), which took most of its time
 * (docs/benchmarks.md, "The API on it"). Fastify's own hooks (request id, latency metric, the answering process) still run.
 */
export function mountLiveness(fastify: FastifyInstance): void {
  const body = JSON.stringify({ status: 'ok' });
  fastify.get(LIVENESS_PATH, (_req, reply) => {
    void reply.type('application/json; charset=utf-8').send(body);
  });
}

/** Its entry in the OpenAPI document, as Nest would write it for a controller route. */
export function documentLiveness(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.LivenessResponseDto = {
    type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'],
  };
  document.paths[LIVENESS_PATH] = {
    get: {
      operationId: 'HealthController_live',
      summary: '存活检查：进程在运行（不检查依赖）',
      tags: ['health'],
      parameters: [],
      responses: {
        200: { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/LivenessResponseDto' } } } },
      },
    },
  };
}
