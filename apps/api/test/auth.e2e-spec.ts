import { createHmac, randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
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
});
