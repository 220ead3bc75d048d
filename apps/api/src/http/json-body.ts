import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@app/domain';

/** Deep enough for every body the API takes (a few levels) with room to spare; far too shallow to exhaust a stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * The nesting depth of a JSON text, or `limit + 1` as soon as it goes deeper: one pass over the characters, brackets
 * inside strings ignored. Linear in the body's length whatever its shape, so a 100k-deep body costs no more than a
 * flat one of the same size and never reaches a recursive parser or validator.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

export const jsonTooDeep = (limit: number) =>
  new DomainError('invalid', 'JSON_TOO_DEEP', `请求体 JSON 嵌套层数过多（最多 ${limit} 层）`, { maxDepth: limit });

/**
 * Fastify's JSON body parser with the depth checked first: registered through Nest's `useBodyParser`, so Nest keeps
 * its body limit and the same prototype-poisoning protection and errors for empty or malformed bodies.
 */
export function registerJsonBodyParser(app: NestFastifyApplication, maxDepth = MAX_JSON_DEPTH): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: fastify.initialConfig.bodyLimit },
    (req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
      const text = body.toString('utf8');
      if (jsonDepthExceeds(text, maxDepth)) return done(jsonTooDeep(maxDepth));
      void parse(req, text, done);
    });
}
