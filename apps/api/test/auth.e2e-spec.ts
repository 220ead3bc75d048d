import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppConfig } from '@app/config';
import { TEST_REDIS_URL, uniqueName } from '@app/testing';
import { createApiApp } from '../src/setup-app';
import { ApiHarness, PASSWORD, startApi } from './harness';

// the module object itself, as the password hasher calls it, so verifications can be counted
// eslint-disable-next-line @typescript-eslint/no-require-imports
const argon2: typeof import('argon2') = require('argon2');

describe('login and tokens', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  const login = (username: string, password: string) => h.anonymous.post('/api/auth/login').send({ username, password });

  describe('an unknown user name costs what a wrong password costs', () => {
    it('verifies one argon2 hash for an unknown user, an inactive user and a wrong password, and answers alike', async () => {
      await h.as('officeA').post('/api/users', { username: 'gone', displayName: '已停用', password: PASSWORD, role: 'department',
        unitId: h.org.units.justiceA }).expect(201)
        .then((res) => h.as('officeA').patch(`/api/users/${res.body.id}`, { active: false }).expect(200));
      const verify = jest.spyOn(argon2, 'verify');
      const answers = [];
      for (const [username, password] of [['no-such-user', PASSWORD], ['gone', PASSWORD], ['financeA', 'wrong-password']]) {
        verify.mockClear();
        const res = await login(username, password).expect(401);
        expect(verify).toHaveBeenCalledTimes(1);
        answers.push({ code: res.body.code, message: res.body.message });
      }
      expect(answers).toEqual(Array(3).fill({ code: 'AUTH_BAD_CREDENTIALS', message: '用户名或密码错误' }));
      verify.mockRestore();
    });

    it('takes about as long for an unknown user as for a wrong password', async () => {
      // interleaved so both see the same load; before the fix the ratio was about 0.02, the margin is wide
      let unknown = 0;
      let wrong = 0;
      for (let i = 0; i < 3; i++) {
        let t = performance.now();
        await login(`nobody-${i}`, 'wrong-password').expect(401);
        unknown += performance.now() - t;
        t = performance.now();
        await login('townA', 'wrong-password').expect(401);
        wrong += performance.now() - t;
      }
      expect(unknown / wrong).toBeGreaterThan(0.3);
    });
  });

  describe('tokens end when they should', () => {
    /** An HS256 token signed with the app's own secret: everything below is validly signed, only the claims differ. */
    const sign = (claims: object, header: object = { alg: 'HS256', typ: 'JWT' }) => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const body = `${part(header)}.${part(claims)}`;
      const mac = createHmac('sha256', h.app.get(AppConfig).auth.jwtSecret).update(body).digest('base64url');
      return `${body}.${mac}`;
    };
    const me = (token: string) => h.anonymous.get('/api/auth/me').set('authorization', `Bearer ${token}`);
    const now = () => Math.floor(Date.now() / 1000);
    let seq = 0;
    const newUser = async () => {
      const username = `tok-${++seq}`;
      const made = await h.as('officeA').post('/api/users', { username, displayName: username, password: PASSWORD,
        role: 'department', unitId: h.org.units.financeA }).expect(201);
      const token = (await login(username, PASSWORD).expect(200)).body.accessToken as string;
      await me(token).expect(200);
      return { id: made.body.id as string, username, token };
    };

    it('accepts a token with the claims duban signs, and refuses one without exp, with odd claims or expired', async () => {
      const sub = h.org.users.justiceA.id;
      const good = { sub, ver: 0, iat: now(), exp: now() + 600 };
      expect((await me(sign(good)).expect(200)).body.userId).toBe(sub); // the hand-made tokens below are valid but for one thing
      const refused: object[] = [
        { sub, ver: 0, iat: now() },                                   // no exp: would live for ever
        { ...good, sub: 'not-a-uuid' },                                // was a 500 from the uuid column
        { ...good, sub: 42 },
        { ...good, sub: randomUUID() },                                // no such user
        { sub, iat: now(), exp: now() + 600 },                         // no token version (tokens before versions)
        { ...good, ver: '0' },
        { ...good, ver: 1 },                                           // not the user's version
        { ...good, ver: 2 ** 40 },                                     // beyond the integer column
        { ...good, exp: 'never' },
        { ...good, iat: now() - 7200, exp: now() - 60 },               // expired
        { ...good, iat: now() - 13 * 3600, exp: now() + 3600 },        // older than JWT_TTL (12h), whatever its exp says
        { sub, ver: 0, exp: now() + 600 },                             // no iat, so its age is unknown
      ];
      for (const claims of refused) {
        const res = await me(sign(claims));
        expect({ claims, status: res.status, code: res.body.code }).toEqual({ claims, status: 401, code: 'TOKEN_INVALID' });
      }
      const none = sign(good, { alg: 'none', typ: 'JWT' }).split('.').slice(0, 2).join('.') + '.';
      await me(none).expect(401);
      await me(sign(good, { alg: 'HS512', typ: 'JWT' })).expect(401);
      const [, payload, mac] = sign(good).split('.');
      await me(`${Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url')}.${payload}.${mac}`).expect(401);
    });

    it('a password reset ends the tokens issued before it; the new password gives a working one', async () => {
      const user = await newUser();
      await h.as('officeA').patch(`/api/users/${user.id}`, { password: 'a-new-password' }).expect(200);
      expect((await me(user.token).expect(401)).body).toMatchObject({ code: 'TOKEN_INVALID', message: '登录已失效，请重新登录' });
      const fresh = (await login(user.username, 'a-new-password').expect(200)).body.accessToken as string;
      await me(fresh).expect(200);
    });

    it('a deactivation ends the tokens, and reactivating the account does not revive them', async () => {
      const user = await newUser();
      await h.as('officeA').patch(`/api/users/${user.id}`, { active: false }).expect(200);
      expect((await me(user.token).expect(401)).body.code).toBe('TOKEN_INVALID');
      await h.as('officeA').patch(`/api/users/${user.id}`, { active: true }).expect(200);
      await me(user.token).expect(401);
      await me((await login(user.username, PASSWORD).expect(200)).body.accessToken).expect(200);
    });

    it('a role change ends the tokens; other edits do not', async () => {
      const user = await newUser();
      await h.as('officeA').patch(`/api/users/${user.id}`, { displayName: '改名', email: 'x@example.gov.cn',
        unitId: h.org.units.townA }).expect(200);
      await me(user.token).expect(200);
      await h.as('officeA').patch(`/api/users/${user.id}`, { role: 'leader' }).expect(200);
      expect((await me(user.token).expect(401)).body.code).toBe('TOKEN_INVALID');
    });
  });

  describe('login limits', () => {
    // up to 33 argon2 verifications a case, by design as slow as real logins: room for a loaded 2-core machine
    const SLOW = 180_000;
    // each case its own API process on the same database, with its own Redis prefix: fresh counters
    const started: NestFastifyApplication[] = [];
    afterAll(async () => {
      for (const app of started) await app.close();
    });
    const boot = async (env: Record<string, string> = {}) => {
      const config = AppConfig.fromEnv({ NODE_ENV: 'test', DATABASE_URL: h.db.url, REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: uniqueName('t'), JWT_SECRET: h.app.get(AppConfig).auth.jwtSecret, MIGRATE_ON_BOOT: 'false',
        LOG_LEVEL: 'silent', ...env });
      const app = await createApiApp(config, { logger: false });
      started.push(app);
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const http = request(app.getHttpServer());
      return (username: string, password: string, forwardedFor?: string) => {
        const req = http.post('/api/auth/login');
        return (forwardedFor ? req.set('x-forwarded-for', forwardedFor) : req).send({ username, password });
      };
    };
    const statuses = async (attempts: Array<() => request.Test>) => {
      const seen: number[] = [];
      for (const attempt of attempts) seen.push((await attempt()).status);
      return seen;
    };
    const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
    const expectLimited = (res: request.Response) => {
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({ statusCode: 429, code: 'AUTH_TOO_MANY_ATTEMPTS' });
      expect(res.body.message).toMatch(/^登录失败次数过多，请 \d+ (秒|分钟)后再试$/);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    };

    it('ignores forged X-Forwarded-For without TRUST_PROXY: 15 guesses at one account from "15 addresses" get 429 after 10', async () => {
      const attempt = await boot();
      const seen = await statuses(times(15, (i) => () => attempt('justiceA', `guess-${i}`, `198.51.100.${i + 1}`)));
      expect(seen).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
      // the account is closed to guessing for now, even with the right password; other accounts are not
      expectLimited(await attempt('justiceA', PASSWORD, '198.51.100.99'));
      await attempt('townA', PASSWORD).expect(200);
    }, SLOW);

    it('limits one address trying many user names, forged X-Forwarded-For or not', async () => {
      const attempt = await boot();
      const seen = await statuses(times(30, (i) => () => attempt(`user-${i}`, 'guess', `198.51.100.${i + 1}`)));
      expect(seen).toEqual(Array(30).fill(401));
      expectLimited(await attempt('user-30', 'guess', '198.51.100.31'));
      expectLimited(await attempt('townA', PASSWORD));
    }, SLOW);

    it('with TRUST_PROXY naming the proxy, limits the forwarded client address, not the proxy', async () => {
      const attempt = await boot({ TRUST_PROXY: '127.0.0.1,::1' });
      const seen = await statuses(times(30, (i) => () => attempt(`user-${i}`, 'guess', '203.0.113.7')));
      expect(seen).toEqual(Array(30).fill(401));
      expectLimited(await attempt('user-30', 'guess', '203.0.113.7'));
      // the client is the nearest untrusted address: a forged entry in front of it changes nothing
      expectLimited(await attempt('user-31', 'guess', '192.0.2.1, 203.0.113.7'));
      await attempt('user-31', 'guess', '203.0.113.8').expect(401);
      await attempt('townA', PASSWORD, '203.0.113.8').expect(200);
    }, SLOW);

    it('with TRUST_PROXY, limits one user name guessed from many client addresses', async () => {
      const attempt = await boot({ TRUST_PROXY: '127.0.0.1,::1' });
      // changing the case of the name does not give fresh counters either
      const seen = await statuses(times(15, (i) => () => attempt(i % 2 ? 'JUSTICEA' : 'justiceA', `guess-${i}`, `203.0.113.${i + 10}`)));
      expect(seen).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
    }, SLOW);

    it('does not count successful logins: an office behind one address logs in all morning', async () => {
      const attempt = await boot();
      const seen = await statuses(times(12, () => () => attempt('townA', PASSWORD)));
      expect(seen).toEqual(Array(12).fill(200));
      await attempt('townA', 'mistyped').expect(401);
    }, SLOW);
  });
});
