import { AppConfig, ConfigError } from './app-config';

describe('AppConfig.fromEnv', () => {
  it('runs on defaults in development, with a generated JWT secret and the development first admin', () => {
    const c = AppConfig.fromEnv({});
    expect(c).toMatchObject({ env: 'development', port: 3000, databaseUrl: 'postgres://postgres@127.0.0.1:5432/duban',
      redisUrl: 'redis://127.0.0.1:6379', tasks: { dueSoonDays: 7 } });
    expect(c.auth.jwtSecretGenerated).toBe(true);
    expect(c.firstAdmin).toEqual({ username: 'admin', password: 'duban-admin', isDefault: true });
  });

  it('requires a JWT secret in production and creates no default admin there', () => {
    expect(() => AppConfig.fromEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    const c = AppConfig.fromEnv({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) });
    expect(c.firstAdmin).toBeNull();
    expect(c.auth).toMatchObject({ jwtSecret: 's'.repeat(32), jwtSecretGenerated: false });
  });

  it('names every bad variable at once', () => {
    try {
      AppConfig.fromEnv({ PORT: '-1', REDIS_URL: 'localhost:6379', ADMIN_USERNAME: 'root' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual(['ADMIN_PASSWORD', 'PORT', 'REDIS_URL']);
    }
  });

  it('trusts no proxy unless TRUST_PROXY lists them, and names a bad entry', () => {
    expect(AppConfig.fromEnv({}).trustProxy).toEqual([]);
    expect(AppConfig.fromEnv({ TRUST_PROXY: '' }).trustProxy).toEqual([]);
    expect(AppConfig.fromEnv({ TRUST_PROXY: ' 10.0.0.5, 172.16.0.0/12,::1,fd00::/8 ,loopback' }).trustProxy)
      .toEqual(['10.0.0.5', '172.16.0.0/12', '::1', 'fd00::/8', 'loopback']);
    for (const bad of ['true', '1', '*', '10.0.0.0/33', '10.0.0', 'proxy.example.gov.cn', '::1/129', '10.0.0.1/']) {
      expect(() => AppConfig.fromEnv({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('the operations settings', () => {
  it('has no /metrics token and a read-only queue board by default', () => {
    expect(AppConfig.fromEnv({}).ops).toEqual({ metricsToken: null, queueBoardWritable: false });
    expect(AppConfig.fromEnv({ METRICS_TOKEN: 'm'.repeat(24), QUEUE_BOARD_WRITE: 'true' }).ops)
      .toEqual({ metricsToken: 'm'.repeat(24), queueBoardWritable: true });
  });

  it('refuses a short metrics token or one with spaces, and a board flag that is not true/false', () => {
    expect(() => AppConfig.fromEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => AppConfig.fromEnv({ METRICS_TOKEN: 'with space with space with space' })).toThrow(/METRICS_TOKEN/);
    expect(() => AppConfig.fromEnv({ QUEUE_BOARD_WRITE: 'yes' })).toThrow(/QUEUE_BOARD_WRITE/);
  });

  it('serves the web pages from the repository\'s dist/web unless WEB_DIST_DIR names another folder', () => {
    expect(AppConfig.fromEnv({}).web.distDir).toBeNull();
    expect(AppConfig.fromEnv({ WEB_DIST_DIR: '/srv/duban/web' }).web.distDir).toBe('/srv/duban/web');
  });

  it('knows no public address unless PUBLIC_URL gives one (without its trailing slash), and refuses one that is no http(s) URL', () => {
    expect(AppConfig.fromEnv({}).web.publicUrl).toBeNull();
    expect(AppConfig.fromEnv({ PUBLIC_URL: 'https://duban.example.gov.cn/' }).web.publicUrl).toBe('https://duban.example.gov.cn');
    expect(AppConfig.fromEnv({ PUBLIC_URL: 'http://10.1.2.3:3000/duban' }).web.publicUrl).toBe('http://10.1.2.3:3000/duban');
    for (const bad of ['duban.example.gov.cn', 'javascript:alert(1)', 'https://x.cn/a b', 'https://x.cn/(x)']) {
      expect(() => AppConfig.fromEnv({ PUBLIC_URL: bad })).toThrow(/PUBLIC_URL/);
    }
  });
});
