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
});
