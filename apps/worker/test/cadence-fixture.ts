import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { bullRoot, QueueName } from '@app/queues';
import { CadenceModule, ClockModule, FixedClock, RunBeatUseCase } from '@app/domain';

/** A cadence context (what a worker runs beats with), on a test database and a per-file queue prefix. */
export async function cadenceContext(env: Record<string, string>, clock = new FixedClock(new Date('2025-01-01T00:00:00Z')),
  extra: Array<Type | DynamicModule> = []) {
  const config = AppConfig.fromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const app: INestApplicationContext = await NestFactory.createApplicationContext({
    module: class CadenceTestModule {},
    imports: [ConfigModule.forRoot(config), DatabaseModule, ClockModule.forRoot(clock),
      bullRoot(config, 'worker'),
      CadenceModule, ...extra],
  }, { logger: false });
  return { app, config, clock, ds: app.get(DataSource), runBeat: app.get(RunBeatUseCase),
    queue: app.get<Queue>(getQueueToken(QueueName.Notifications)) };
}

export interface Seed {
  jurisdiction: string;
  office: string;
  units: Record<'a' | 'b' | 'c', string>;
  officeUser: string;
  leader: string;
}

/** 甲县: an office, three departments, a leader in charge of department a. */
export async function seedJurisdiction(ds: DataSource, emails: Partial<Record<'a' | 'b' | 'c', string[]>> = {},
  webhooks: Partial<Record<'a' | 'b' | 'c', object[]>> = {}): Promise<Seed> {
  const [{ id: j }] = await ds.query(`INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
    SELECT g, 'J', '甲县人民政府', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id`);
  const unit = async (code: string, name: string, kind: string, e: string[] = [], w: object[] = []) =>
    (await ds.query(`INSERT INTO unit (code, name, kind, parent_id, jurisdiction_id, path, emails, webhooks)
      VALUES ($1, $2, $3, $4::uuid, $4::uuid, $4::text || '/', $5, $6) RETURNING id`, [code, name, kind, j, e, JSON.stringify(w)]))[0].id as string;
  const office = await unit('J-FZB', '甲县依法治县办', 'office');
  const units = { a: await unit('J-A', '甲县司法局', 'department', emails.a, webhooks.a),
    b: await unit('J-B', '甲县财政局', 'department', emails.b, webhooks.b),
    c: await unit('J-C', '甲县城关镇', 'township', emails.c, webhooks.c) };
  const user = async (name: string, role: string, unitId: string) => (await ds.query(`INSERT INTO app_user (username,
    display_name, password_hash, role, unit_id, email) VALUES ($1, $1, 'x', $2, $3, $1 || '@example.gov.cn') RETURNING id`,
  [name, role, unitId]))[0].id as string;
  const officeUser = await user('office', 'office', office);
  const leader = await user('leader', 'leader', j);
  await ds.query(`INSERT INTO leader_unit (user_id, unit_id) VALUES ($1, $2)`, [leader, units.a]);
  return { jurisdiction: j, office, units, officeUser, leader };
}

let seq = 0;
/** A published task, inserted as the ledger would leave it. */
export async function insertTask(ds: DataSource, s: Seed, t: { unit: string; assignedAt: string; deadline: string;
  status?: string; title?: string; groupId?: string }): Promise<string> {
  seq++;
  const [{ id }] = await ds.query(`INSERT INTO task (jurisdiction_id, code, plan_year, title, lead_unit_id, original_deadline,
    current_deadline, status, assigned_at, created_by, group_id) VALUES ($1, $2, 2025, $3, $4, $5, $5, $6, $7, $8, $9) RETURNING id`,
  [s.jurisdiction, `2025-${String(seq).padStart(3, '0')}`, t.title ?? `任务${seq}`, t.unit, t.deadline, t.status ?? 'assigned',
    t.assignedAt, s.officeUser, t.groupId ?? null]);
  return id;
}

export async function counts(ds: DataSource) {
  const [r] = await ds.query(`SELECT (SELECT count(*) FROM supervision_document)::int AS documents,
    (SELECT count(*) FROM notification)::int AS notifications, (SELECT count(*) FROM supervision_mark)::int AS marks,
    (SELECT count(*) FROM beat_run)::int AS runs`);
  return r as { documents: number; notifications: number; marks: number; runs: number };
}

export const BEATS = ['daily-assign', 'weekly-remind', 'monthly-bulletin', 'quarterly-review', 'escalate'] as const;
