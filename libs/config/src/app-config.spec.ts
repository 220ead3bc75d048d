import { AppConfig, ConfigError } from './app-config';

describe('AppConfig.fromEnv', () => {
  it('runs on defaults in development, with a generated JWT secret and the development first admin', () => {
    const c = AppConfig.fromEnv({});
    expect(c).toMatchObject({ env: 'development', port: 3000, databaseUrl: 'postgres://postgres@127.0.0.1:5432/duban',
      redis: { mode: 'single', url: 'redis://127.0.0.1:6379' }, queuePrefix: 'duban', tasks: { dueSoonDays: 7 } });
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

describe('the number of processes', () => {
  it('runs one API and one worker process unless API_PROCESSES / WORKER_PROCESSES ask for more', () => {
    expect(AppConfig.fromEnv({}).processes).toEqual({ api: 1, worker: 1 });
    expect(AppConfig.fromEnv({ API_PROCESSES: '2', WORKER_PROCESSES: '32' }).processes).toEqual({ api: 2, worker: 32 });
  });

  it('refuses 0, more than 32, fractions and words, naming the variable in Chinese', () => {
    for (const bad of ['0', '33', '1.5', 'two', '-1']) {
      for (const name of ['API_PROCESSES', 'WORKER_PROCESSES']) {
        try {
          AppConfig.fromEnv({ [name]: bad });
          throw new Error(`expected a ConfigError for ${name}=${bad}`);
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as ConfigError).problems).toEqual([`${name}: ${name}（${name === 'API_PROCESSES' ? 'API 进程数' : '后台进程数'}）必须是 1–32 之间的整数`]);
        }
      }
    }
  });
});

describe('how many jurisdictions a beat works on at once', () => {
  it('is four unless BEAT_CONCURRENCY says otherwise, and refuses what is not 1–8', () => {
    expect(AppConfig.fromEnv({}).worker.beatConcurrency).toBe(4);
    expect(AppConfig.fromEnv({ BEAT_CONCURRENCY: '1' }).worker.beatConcurrency).toBe(1);
    for (const bad of ['0', '9', '2.5', 'all']) {
      expect(() => AppConfig.fromEnv({ BEAT_CONCURRENCY: bad }))
        .toThrow('BEAT_CONCURRENCY: BEAT_CONCURRENCY（节拍同时处理的辖区数）必须是 1–8 之间的整数');
    }
  });
});

describe('the Redis the queues run on', () => {
  it('is one server at REDIS_URL unless a cluster or sentinels are named, with the prefix as it is', () => {
    const c = AppConfig.fromEnv({ REDIS_URL: 'redis://:pw@10.0.0.9:6380/2', QUEUE_PREFIX: 'dbq' });
    expect(c.redis).toEqual({ mode: 'single', url: 'redis://:pw@10.0.0.9:6380/2' });
    expect(c.queuePrefix).toBe('dbq');
  });

  it('is a Redis Cluster at REDIS_CLUSTER_NODES, with the prefix in braces so every queue key hashes to one slot', () => {
    const c = AppConfig.fromEnv({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002,redis-3.local:7003', REDIS_PASSWORD: 'pw' });
    expect(c.redis).toEqual({ mode: 'cluster', password: 'pw', nodes: [{ host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7001 }, { host: '::1', port: 7002 }, { host: 'redis-3.local', port: 7003 }] });
    expect(c.queuePrefix).toBe('{duban}');
    expect(AppConfig.fromEnv({ REDIS_CLUSTER_NODES: '127.0.0.1:7000', QUEUE_PREFIX: 'p1' }).queuePrefix).toBe('{p1}');
  });

  it('is the master the sentinels at REDIS_SENTINELS know as REDIS_SENTINEL_NAME', () => {
    const c = AppConfig.fromEnv({ REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379', REDIS_SENTINEL_NAME: 'mymaster',
      REDIS_SENTINEL_PASSWORD: 'spw' });
    expect(c.redis).toEqual({ mode: 'sentinel', name: 'mymaster', password: null, sentinelPassword: 'spw',
      sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26379 }] });
    expect(c.queuePrefix).toBe('duban');
  });

  it('names a bad node list, two modes at once, a half-set sentinel and a password no mode uses', () => {
    const problems = (env: Record<string, string>) => {
      try {
        AppConfig.fromEnv(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems.map((p) => p.split(':')[0]).sort();
      }
    };
    for (const bad of ['10.0.0.1', '10.0.0.1:0', '10.0.0.1:70000', 'redis://10.0.0.1:7000', '::1:7000', ',', '[zz]:7000']) {
      expect(problems({ REDIS_CLUSTER_NODES: bad })).toEqual(['REDIS_CLUSTER_NODES']);
    }
    expect(problems({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'has space' })).toEqual(['REDIS_SENTINEL_NAME']);
    expect(problems({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINELS: 'b:2', REDIS_SENTINEL_NAME: 'm' })).toEqual(['REDIS_CLUSTER_NODES']);
    expect(problems({ REDIS_CLUSTER_NODES: 'a:1', REDIS_URL: 'redis://a:1' })).toEqual(['REDIS_URL']);
    expect(problems({ REDIS_SENTINELS: 'a:1' })).toEqual(['REDIS_SENTINEL_NAME']);
    expect(problems({ REDIS_SENTINEL_NAME: 'm' })).toEqual(['REDIS_SENTINEL_NAME']);
    expect(problems({ REDIS_PASSWORD: 'pw' })).toEqual(['REDIS_PASSWORD']);
    expect(problems({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINEL_PASSWORD: 'pw' })).toEqual(['REDIS_SENTINEL_PASSWORD']);
  });
});
