import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { FixedClock, UnitsService, UsersService } from '@app/domain';
import type { UnitKind, UserRole } from '@app/database';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { createApiApp } from '../src/setup-app';

export const PASSWORD = 'correct-horse-battery';

/** A county and its neighbour: enough units and users to exercise every access rule. */
export interface Org {
  units: Record<'countyA' | 'officeA' | 'justiceA' | 'financeA' | 'townA' | 'countyB' | 'officeB' | 'justiceB', string>;
  users: Record<'admin' | 'officeA' | 'justiceA' | 'financeA' | 'townA' | 'leaderA' | 'leaderA2' | 'officeB' | 'justiceB',
    { id: string; token: string }>;
}

export interface ApiHarness {
  app: NestFastifyApplication;
  db: TestDatabase;
  dataSource: DataSource;
  clock: FixedClock;
  org: Org;
  as(user: keyof Org['users']): Client;
  /** A unit beyond the seeded org (a village, a city and its counties); `parent` a unit id. */
  addUnit(code: string, name: string, kind: UnitKind, parent?: string): Promise<string>;
  /** A user of `unitId` beyond the seeded org, logged in. */
  addUser(username: string, role: UserRole, unitId: string): Promise<{ id: string; client: Client }>;
  anonymous: request.Agent;
  close(): Promise<void>;
}

export interface Client {
  get(url: string): request.Test;
  post(url: string, body?: object): request.Test;
  patch(url: string, body?: object): request.Test;
  put(url: string, body?: object): request.Test;
  delete(url: string): request.Test;
  /** multipart: fields and files ({ name, content }) */
  upload(url: string, fields: Record<string, string | number>, files: Array<{ name: string; content: Buffer }>): request.Test;
}

/**
 * `env` adds to or overrides the test environment (e.g. WEBHOOK_ALLOW_PRIVATE). Fault suites pass a migrated
 * DATABASE_URL and a REDIS_URL of their own servers: the API then runs on those, and `close` leaves that database be.
 */
export async function startApi(now = '2026-03-02T02:00:00Z', env: Record<string, string> = {},
  options: { beforeInit?: (app: NestFastifyApplication) => void } = {}): Promise<ApiHarness> {
  const db: TestDatabase = env.DATABASE_URL
    ? { name: new URL(env.DATABASE_URL).pathname.slice(1), url: env.DATABASE_URL, drop: async () => undefined }
    : await createTestDatabase();
  const config = AppConfig.fromEnv({
    NODE_ENV: 'test', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('t'),
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123', MIGRATE_ON_BOOT: 'false', LOG_LEVEL: 'silent', ...env,
  });
  const clock = new FixedClock(new Date(now));
  const app = await createApiApp(config, { logger: false, clock });
  options.beforeInit?.(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  const anonymous = request.agent(server);
  const org = await seedOrganisation(app, anonymous);
  const client = (token: string): Client => ({
    get: (url) => anonymous.get(url).set('authorization', `Bearer ${token}`),
    post: (url, body) => anonymous.post(url).set('authorization', `Bearer ${token}`).send(body ?? {}),
    patch: (url, body) => anonymous.patch(url).set('authorization', `Bearer ${token}`).send(body ?? {}),
    put: (url, body) => anonymous.put(url).set('authorization', `Bearer ${token}`).send(body ?? {}),
    delete: (url) => anonymous.delete(url).set('authorization', `Bearer ${token}`),
    upload: (url, fields, files) => {
      let r = anonymous.post(url).set('authorization', `Bearer ${token}`);
      for (const [k, v] of Object.entries(fields)) r = r.field(k, String(v));
      for (const f of files) r = r.attach('files', f.content, f.name);
      return r;
    },
  });
  return {
    app, db, clock, org, anonymous,
    dataSource: app.get(DataSource),
    as: (user) => client(org.users[user].token),
    addUnit: async (code, name, kind, parentId) =>
      (await app.get(UnitsService).create(null, { code, name, kind, parentId, emails: [] })).id,
    addUser: async (username, role, unitId) => {
      const user = await app.get(UsersService).create(null, { username, displayName: username, password: PASSWORD, role, unitId });
      const res = await anonymous.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
      return { id: user.id, client: client(res.body.accessToken) };
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

async function seedOrganisation(app: NestFastifyApplication, http: request.Agent): Promise<Org> {
  const unitsService = app.get(UnitsService);
  const usersService = app.get(UsersService);
  const unit = async (code: string, name: string, kind: UnitKind, parentId?: string) =>
    (await unitsService.create(null, { code, name, kind, parentId, emails: [`${code.toLowerCase()}@example.gov.cn`] })).id;
  const countyA = await unit('A', '甲县人民政府', 'jurisdiction');
  const countyB = await unit('B', '乙县人民政府', 'jurisdiction');
  const units = {
    countyA,
    officeA: await unit('A-FZB', '甲县依法治县办', 'office', countyA),
    justiceA: await unit('A-SFJ', '甲县司法局', 'department', countyA),
    financeA: await unit('A-CZJ', '甲县财政局', 'department', countyA),
    townA: await unit('A-XZ1', '甲县城关镇', 'township', countyA),
    countyB,
    officeB: await unit('B-FZB', '乙县依法治县办', 'office', countyB),
    justiceB: await unit('B-SFJ', '乙县司法局', 'department', countyB),
  };
  const adminUnit = await usersService.systemUnitId();
  const specs: Array<[keyof Org['users'], UserRole, string]> = [
    ['admin', 'admin', adminUnit], ['officeA', 'office', units.officeA], ['justiceA', 'department', units.justiceA],
    ['financeA', 'department', units.financeA], ['townA', 'department', units.townA], ['leaderA', 'leader', countyA],
    ['leaderA2', 'leader', countyA], ['officeB', 'office', units.officeB], ['justiceB', 'department', units.justiceB],
  ];
  const users = {} as Org['users'];
  for (const [username, role, unitId] of specs) {
    const user = await usersService.create(null, { username, displayName: username, password: PASSWORD, role, unitId });
    users[username] = { id: user.id, token: '' };
  }
  // 分管领导: leaderA is in charge of the justice bureau, leaderA2 of the township
  await app.get(DataSource).query(`INSERT INTO leader_unit (user_id, unit_id) VALUES ($1, $2), ($3, $4)`,
    [users.leaderA.id, units.justiceA, users.leaderA2.id, units.townA]);
  for (const username of Object.keys(users) as Array<keyof Org['users']>) {
    const res = await http.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
    users[username].token = res.body.accessToken;
  }
  return { units, users };
}
