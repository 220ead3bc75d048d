import { existsSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '@app/config';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths the web app must never answer: the API, health, metrics and the queue board keep their own 404. */
const SERVER_PATHS = /^\/(api|health|metrics|admin\/queues)(\/|$)/;

/**
 * dist/web of the repository, found from this file both in dist/ (built) and in the sources (Jest); WEB_DIST_DIR
 * points elsewhere (a build of one's own while other builds run, or pages served from a package directory).
 */
export function webRoot(override: string | null = null, from = __dirname): string | null {
  if (override) return existsSync(join(override, 'index.html')) ? override : null;
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'dist'))) {
      const root = join(dir, 'dist', 'web');
      return existsSync(join(root, 'index.html')) ? root : null;
    }
  }
  return null;
}

/**
 * Serves the web workspace (apps/api/web, built by Vite into dist/web) at `/`: files as they are, hashed assets
 * cached for a year, any other GET that is not /api or /health gets index.html so the client router can take it.
 */
@Module({})
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger('Web');

  constructor(private readonly adapterHost: HttpAdapterHost, private readonly config: AppConfig) {}

  onModuleInit(): void {
    const root = webRoot(this.config.web.distDir);
    if (!root) {
      this.logger.warn('dist/web/index.html not found: the web pages are not served (run npm run build)');
      return;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // not awaited: an awaited register() would build the routes Nest has declared so far before Nest installs its
    // error handler (after the init hooks), and Fastify's own errors would then bypass the global filter
    void fastify.register(fastifyStatic, { root, serve: false });
    fastify.route({
      method: ['GET', 'HEAD'],
      url: '/*',
      handler: (req: FastifyRequest, reply: FastifyReply) => {
        const path = decodePath(req.url);
        if (path === null || SERVER_PATHS.test(path)) return reply.callNotFound();
        const file = path === '/' ? null : normalize(path).replace(/^[/\\]+/, '');
        if (file && !file.startsWith('..') && isFile(join(root, file))) {
          const hashed = file.startsWith(`assets${sep}`);
          return reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
            .sendFile(file, { cacheControl: false });
        }
        if (path.startsWith('/assets/')) return reply.callNotFound();
        return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8')
          .sendFile('index.html', { cacheControl: false });
      },
    });
  }
}

function decodePath(url: string): string | null {
  try {
    return decodeURIComponent(url.split('?')[0]);
  } catch {
    return null;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
