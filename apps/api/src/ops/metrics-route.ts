import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { AppConfig, bearerMatches } from '@app/config';
import { ApiMetrics } from './api-metrics';

/**
 * `GET /metrics` (outside /api) and the request-latency hook, on the bare Fastify instance: the hook is added before
 * Nest declares its routes, so it times every route, and the endpoint skips Nest's guard (it has its own token).
 * Without METRICS_TOKEN the endpoint does not exist (404); with it, anything but `Bearer <METRICS_TOKEN>` is 401,
 * decided before any metric is read.
 */
export function mountMetrics(fastify: FastifyInstance, metrics: ApiMetrics, config: AppConfig): void {
  fastify.addHook('onResponse', (req, reply, done) => {
    metrics.observeRequest(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  const token = config.ops.metricsToken;
  fastify.get('/metrics', async (req, reply) => {
    if (!token) return reply.callNotFound();
    if (!bearerMatches(req.headers.authorization, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"')
        .send({ statusCode: 401, code: 'METRICS_UNAUTHENTICATED', message: '需要 METRICS_TOKEN', requestId: req.id });
    }
    const body = await metrics.render();
    return reply.header('cache-control', 'no-store').type(Registry.PROMETHEUS_CONTENT_TYPE).send(body);
  });
}
