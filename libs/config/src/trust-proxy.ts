import { isIP } from 'node:net';

/** The address ranges @fastify/proxy-addr knows by name. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY as the list Fastify's `trustProxy` takes: addresses, CIDR ranges and proxy-addr's named ranges,
 * comma-separated. Null when an entry is none of these (proxy-addr would throw at start, or worse, trust too much).
 * Hop counts and `true` are deliberately not accepted: they trust whoever connects, so X-Forwarded-For can be forged.
 */
export function parseTrustProxy(raw: string): string[] | null {
  const entries = raw.split(',').map((e) => e.trim()).filter((e) => e !== '');
  return entries.every(isTrustEntry) ? entries : null;
}

function isTrustEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const slash = entry.indexOf('/');
  if (slash === -1) return isIP(entry) !== 0;
  const kind = isIP(entry.slice(0, slash));
  const bits = entry.slice(slash + 1);
  return kind !== 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128);
}
