import multipart from '@fastify/multipart';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import type { Clock } from '@app/domain';
import { ApiModule } from './api.module';
import { documentLiveness, mountLiveness } from './health/liveness-route';
import { compileResponseSchemas } from './http/compiled-responses';
import { registerJsonBodyParser } from './http/json-body';
import { validationPipe } from './http/validation';
import { ApiMetrics } from './ops/api-metrics';
import { mountMetrics } from './ops/metrics-route';
import { QUEUE_BOARD_PATH, QueueBoard } from './ops/queue-board';

export const API_PREFIX = 'api';
export const API_PREFIX_OPTIONS = {
  exclude: [{ path: 'health', method: RequestMethod.GET }],
};

/**
 * Builds the HTTP application exactly as production runs it; e2e tests call this too.
 * Fastify, not Express: about 2× the throughput of Express under Nest on this machine kind.
 */
export async function createApiApp(
  config: AppConfig,
  options: { logger?: boolean; clock?: Clock } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024, // JSON bodies; uploads are multipart and limited per file below
    genReqId: (req: { headers: Record<string, unknown> }) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID(),
    // X-Forwarded-For is believed only from the configured proxies: believed from anyone, it lets every
    // request pick its own address and walk past the login limiter
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(config, options.clock), adapter, {
    bufferLogs: true,
    logger: options.logger === false ? false : undefined,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  // before Nest declares its routes (app.init), so the latency hook times every one of them
  mountMetrics(app.getHttpAdapter().getInstance(), app.get(ApiMetrics), config);
  mountLiveness(app.getHttpAdapter().getInstance());
  if (cluster.isWorker) {
    // one of API_PROCESSES: which one answered (the cluster's number for the child, not its pid), for operators' tracing
    const answeredBy = String(cluster.worker!.id);
    app.getHttpAdapter().getInstance().addHook('onSend', (_req, reply, payload, done) => {
      void reply.header('x-duban-process', answeredBy);
      done(null, payload);
    });
  }
  // the admin's queue board, outside /api: its own cookie check (see QueueBoard), its own error handler
  await app.register(app.get(QueueBoard).plugin(), { prefix: QUEUE_BOARD_PATH });
  await app.register(multipart, {
    limits: { fileSize: config.evidence.maxBytes, files: config.evidence.maxFiles, fields: 20, fieldSize: 100_000 },
  });
  registerJsonBodyParser(app);
  app.setGlobalPrefix(API_PREFIX, API_PREFIX_OPTIONS);
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();

  // before app.init declares the routes: the hot reads' answers get serializers compiled from this document
  const document = createOpenApiDocument(app);
  compileResponseSchemas(app.getHttpAdapter().getInstance(), document);
  SwaggerModule.setup('api/docs', app, document);
  return app;
}

/** The OpenAPI document served at /api/docs; `npm run contract:generate` writes the same one to apps/api/openapi.json. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const openApi = new DocumentBuilder()
    .setTitle('duban 督办 API')
    .setDescription('法治政府建设报告问题与举措的督办台账：任务、流转、进展、延期、审计记录。错误统一为 { statusCode, code, message, details?, requestId }。')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, openApi);
  documentLiveness(document); // a bare Fastify route (health/liveness-route.ts), which Nest does not see
  return document;
}
