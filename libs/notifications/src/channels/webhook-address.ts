import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The one SSRF rule for webhook targets, used when a webhook is saved and when a socket connects (for an IP-literal
 * host before connecting, for a name on every address its lookup returns). A target must be a public unicast
 * address: ipaddr.js keeps the IANA special-purpose tables (loopback, private, link-local, CGNAT, unique-local,
 * multicast, reserved, benchmarking, documentation, ...), this file only decides what an IPv6 form that carries an
 * IPv4 address means. Returns why an address or host is refused, or null when it may be reached.
 */
export function privateAddressReason(address: string): string | null {
  const ip = address.replace(/^\[|\]$/g, '');
  // a zone id scopes the address to one local link: never a public target (and Node connects with it as given)
  if (ip.includes('%')) return 'zoneId';
  const canonical = ip.includes(':') ? canonicalIpv6(ip) : ip;
  if (canonical === null || !ipaddr.isValid(canonical)) return 'invalid';
  const parsed = ipaddr.parse(canonical);
  if (parsed.kind() === 'ipv4') return ipv4Reason(parsed as ipaddr.IPv4);
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  switch (range) {
    case 'unicast':
      // ::a.b.c.d, IPv4-compatible (deprecated, RFC 4291 2.5.5.1): no public host lives there
      return v6.parts.slice(0, 6).every((p) => p === 0) ? 'ipv4Compatible' : null;
    case 'ipv4Mapped': // ::ffff:a.b.c.d — a dual-stack socket connects to a.b.c.d itself
    case 'rfc6145': // ::ffff:0:a.b.c.d, SIIT
      return embedded(v6, range);
    case 'rfc6052': // NAT64: 64:ff9b::/96 carries the IPv4 in its last 32 bits and reaches it through the translator
      // 64:ff9b:1::/48 is for local use (RFC 8215): a translator of this network, wherever the IPv4 bits sit
      return v6.parts[2] === 0 ? embedded(v6, 'nat64') : 'nat64LocalUse';
    default:
      // 6to4 and Teredo tunnels (deprecated, and their embedded IPv4 may be private) are refused with the rest
      return range;
  }
}

export function isPrivateAddress(address: string): boolean {
  return privateAddressReason(address) !== null;
}

/** Names that never leave the local network (RFC 6761 localhost, RFC 6762 .local, RFC 8375 home.arpa, .internal). */
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'localdomain'];

/**
 * For a URL's host: an IP literal in any form (a hostname like `0x7f.1` or `2130706433` that getaddrinfo would read
 * as a number counts as one) is checked as an address; a name is refused when it is local by definition or has a
 * single label (resolved through search domains to a host of this network). Trailing dots are ignored, since
 * `localhost.` is `localhost`. A name that passes here is still checked on every address its lookup returns.
 */
export function privateHostReason(host: string): string | null {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
  if (isIP(h) || ipaddr.IPv4.isValid(h) || h.includes(':')) return privateAddressReason(h);
  if (!h) return 'invalid';
  if (LOCAL_SUFFIXES.some((s) => h === s || h.endsWith(`.${s}`))) return 'localName';
  if (!h.includes('.')) return 'singleLabel';
  return null;
}

/**
 * IPv6 text as the socket will read it (WHATWG's parser is inet_pton's grammar): ipaddr.js reads `::a.b.c.d` as
 * `::ffff:a.b.c.d`, but a socket connects to the IPv4-compatible `::a.b.c.d`, so the check works on hex groups.
 */
function canonicalIpv6(ip: string): string | null {
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

function ipv4Reason(v4: ipaddr.IPv4): string | null {
  const range = v4.range();
  return range === 'unicast' ? null : range;
}

function embedded(v6: ipaddr.IPv6, form: string): string | null {
  const [hi, lo] = v6.parts.slice(6);
  const reason = ipv4Reason(new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]));
  return reason ? `${form}:${reason}` : null;
}
