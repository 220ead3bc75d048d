import { privateAddressReason, privateHostReason } from './webhook-address';

// Strings only: nothing here connects or resolves.
describe('privateAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'], ['172.16.5.4', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'], ['100.64.0.1', 'carrierGradeNat'], ['100.127.255.254', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'], ['192.0.0.8', 'reserved'], ['192.0.2.1', 'reserved'], ['198.18.0.1', 'reserved'],
    ['198.19.255.1', 'reserved'], ['198.51.100.7', 'reserved'], ['203.0.113.9', 'reserved'],
  ])('refuses IPv4 %s (%s)', (ip, reason) => {
    expect(privateAddressReason(ip)).toBe(reason);
  });

  it.each([
    ['::1', 'loopback'], ['::', 'unspecified'], ['fe80::1', 'linkLocal'], ['febf::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'], ['fd12:3456::1', 'uniqueLocal'], ['ff02::1', 'multicast'], ['ff0e::1', 'multicast'],
    ['fec0::1', 'deprecatedSiteLocal'], ['2001:db8::1', 'reserved'], ['2001:2::1', 'benchmarking'], ['100::1', 'discard'],
  ])('refuses IPv6 %s (%s)', (ip, reason) => {
    expect(privateAddressReason(ip)).toBe(reason);
  });

  it.each([
    // IPv4-mapped, dotted and hex-group forms, and the bracketed URL form
    ['::ffff:127.0.0.1', 'ipv4Mapped:loopback'], ['::ffff:7f00:1', 'ipv4Mapped:loopback'],
    ['[::ffff:7f00:1]', 'ipv4Mapped:loopback'], ['0:0:0:0:0:ffff:7f00:0001', 'ipv4Mapped:loopback'],
    ['::ffff:169.254.169.254', 'ipv4Mapped:linkLocal'], ['::ffff:a9fe:a9fe', 'ipv4Mapped:linkLocal'],
    ['::ffff:10.0.0.1', 'ipv4Mapped:private'], ['::ffff:a00:1', 'ipv4Mapped:private'], ['::FFFF:A00:1', 'ipv4Mapped:private'],
    ['::ffff:0.0.0.0', 'ipv4Mapped:unspecified'],
    // SIIT ::ffff:0:a.b.c.d
    ['::ffff:0:7f00:1', 'rfc6145:loopback'], ['::ffff:0:10.0.0.1', 'rfc6145:private'],
    // NAT64 well-known prefix with a private IPv4 inside, and the local-use prefix whatever it carries
    ['64:ff9b::127.0.0.1', 'nat64:loopback'], ['64:ff9b::a9fe:a9fe', 'nat64:linkLocal'], ['64:ff9b::a00:1', 'nat64:private'],
    ['64:ff9b:1::a00:1', 'nat64LocalUse'], ['64:ff9b:1:abcd::808:808', 'nat64LocalUse'],
    // IPv4-compatible (deprecated): dotted and hex
    ['::127.0.0.1', 'ipv4Compatible'], ['::7f00:1', 'ipv4Compatible'], ['::a9fe:a9fe', 'ipv4Compatible'],
    ['::10.0.0.1', 'ipv4Compatible'], ['::8.8.8.8', 'ipv4Compatible'],
    // 6to4 and Teredo tunnels (here embedding 10.0.0.1 and 127.0.0.1)
    ['2002:a00:1::1', '6to4'], ['2002:7f00:1::', '6to4'], ['2001:0:7f00:1::1', 'teredo'],
  ])('refuses the IPv6 form %s (%s)', (ip, reason) => {
    expect(privateAddressReason(ip)).toBe(reason);
  });

  it('refuses a zone id, even on an address that is otherwise public, and what is not an address', () => {
    expect(privateAddressReason('fe80::1%eth0')).toBe('zoneId');
    expect(privateAddressReason('2001:4860:4860::8888%1')).toBe('zoneId');
    expect(privateAddressReason('example.gov.cn')).toBe('invalid');
    expect(privateAddressReason('')).toBe('invalid');
  });

  it.each(['8.8.8.8', '1.1.1.1', '203.119.129.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '11.0.0.1',
    '2001:4860:4860::8888', '2400:3200::1', '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8', '64:ff9b::808:808',
  ])('allows the public address %s', (ip) => {
    expect(privateAddressReason(ip)).toBeNull();
  });
});

describe('privateHostReason (a URL host)', () => {
  it.each([
    // what WHATWG URL leaves of http://2130706433/, http://0x7f.1/, http://0177.0.0.1/, http://127.1/, http://0/
    ['127.0.0.1', 'loopback'], ['0.0.0.0', 'unspecified'], ['[::ffff:7f00:1]', 'ipv4Mapped:loopback'], ['[::7f00:1]', 'ipv4Compatible'],
    // the same forms when they reach the check without URL normalisation (getaddrinfo reads them as numbers)
    ['2130706433', 'loopback'], ['0x7f.1', 'loopback'], ['0177.0.0.1', 'loopback'], ['127.1', 'loopback'],
    ['0xa9.0xfe.0xa9.0xfe', 'linkLocal'], ['167772161', 'private'],
    // trailing dots
    ['127.0.0.1.', 'loopback'], ['localhost.', 'localName'], ['localhost..', 'localName'],
    // names that are local by definition or single-label
    ['localhost', 'localName'], ['LOCALHOST', 'localName'], ['api.localhost', 'localName'], ['printer.local', 'localName'],
    ['db.internal', 'localName'], ['nas.home.arpa', 'localName'], ['intranet', 'singleLabel'], ['metadata', 'singleLabel'],
    ['', 'invalid'], ['.', 'invalid'],
  ])('refuses %s (%s)', (host, reason) => {
    expect(privateHostReason(host)).toBe(reason);
  });

  it.each(['oapi.dingtalk.com', 'qyapi.weixin.qq.com', 'oapi.dingtalk.com.', 'hooks.example.gov.cn', '8.8.8.8', '[2400:3200::1]',
    'localhost.example.com', 'local.example.com'])('allows %s', (host) => {
    expect(privateHostReason(host)).toBeNull();
  });
});
