import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Whether an `Authorization` header carries `Bearer <token>`, compared in constant time: both sides are hashed first,
 * so neither the token's characters nor its length show in the time a wrong guess takes.
 */
export function bearerMatches(header: string | string[] | undefined, token: string): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer ([^\s]+)$/.exec(value ?? '');
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(token)) && match !== null;
}
