import { Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { addressKey, LoginLimiter } from './login-limiter';

describe('addressKey', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6 and counts IPv6 by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('LoginLimiter without Redis', () => {
  it('lets logins through uncounted and says so in the log, once', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    // nothing listens on port 1: the connection is refused at once
    const sut = new LoginLimiter(AppConfig.fromEnv({ NODE_ENV: 'test', REDIS_URL: 'redis://127.0.0.1:1' }));
    try {
      await sut.onModuleInit();
      for (let i = 0; i < 50; i++) {
        const attempt = await sut.begin('203.0.113.7', 'justiceA');
        await attempt.forgive();
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][1]).toMatch(/not being counted/);
    } finally {
      sut.onModuleDestroy();
      warn.mockRestore();
    }
  });
});
