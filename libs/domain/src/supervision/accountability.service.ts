import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { businessDateSql, Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { SqlParams } from '../common/sql-params';
import { type Actor, isOfficeLike } from '../organisation/actor';
import { TASK_ROWS } from '../tasks/task-projections';
import type { AccountabilityMeasure } from './accountability-measures';

export { ACCOUNTABILITY_MEASURES, type AccountabilityMeasure } from './accountability-measures';

export interface AccountabilityRecordView {
  id: string;
  jurisdictionId: string;
  unitId: string;
  unitName: string;
  year: number;
  taskId: string | null;
  taskCode: string | null;
  taskTitle: string | null;
  measure: AccountabilityMeasure;
  reason: string;
  /** YYYY-MM-DD */
  decidedOn: string;
  createdByName: string;
  createdAt: Date;
}

export interface CreateAccountabilityInput {
  unitId: string;
  year: number;
  taskId?: string | null;
  measure: AccountabilityMeasure;
  reason: string;
  decidedOn: string;
}

export interface AccountabilityQuery {
  year: number;
  unitId?: string;
  limit?: number;
  after?: string;
}

/** A task named (点名) in a bulletin for the unit in the year: what a 问责 record is usually about. */
export interface NamedTask {
  taskId: string;
  code: string;
  title: string;
  /** YYYY-MM-DD, Beijing */
  namedOn: string;
}

const invalid = (field: string, message: string) => new DomainError('invalid', 'ACCOUNTABILITY_INVALID', message, { field });
const forbidden = () => new DomainError('forbidden', 'ACCOUNTABILITY_FORBIDDEN', '只有本辖区法治办可以登记或撤销问责记录');
const notFound = () => new DomainError('not_found', 'ACCOUNTABILITY_NOT_FOUND', '问责记录不存在、已撤销或不在您的管辖范围内');

/** Who sees a record (alias a): the office its jurisdictions, a department its unit's, a leader the units in charge. */
export function accountabilityScopeSql(actor: Actor, p: SqlParams, a = 'a'): string {
  switch (actor.role) {
    case 'admin':
      return 'TRUE';
    case 'office':
      return `${a}.jurisdiction_id = ANY(${p.add(actor.jurisdictionIds)}::uuid[])`;
    case 'department':
      return `${a}.unit_id = ${p.add(actor.unitId)}`;
    case 'leader':
      return `${a}.unit_id = ANY(${p.add(actor.leaderUnitIds)}::uuid[])`;
  }
}

const VIEW = `a.id, a.jurisdiction_id AS "jurisdictionId", a.unit_id AS "unitId", u.name AS "unitName", a.year,
  a.task_id AS "taskId", t.code AS "taskCode", t.title AS "taskTitle", a.measure, a.reason, a.decided_on AS "decidedOn",
  c.display_name AS "createdByName", a.created_at AS "createdAt"`;
const FROM = `accountability_record a JOIN unit u ON u.id = a.unit_id JOIN app_user c ON c.id = a.created_by
  LEFT JOIN ${TASK_ROWS} t ON t.id = a.task_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const encodeCursor = (decidedOn: string, id: string) => Buffer.from(`${decidedOn}|${id}`).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  const [day, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!id || !UUID.test(id) || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new DomainError('invalid', 'INVALID_CURSOR', '翻页参数无效');
  return [day, id];
}

/**
 * 问责记录: the office of a jurisdiction records the measures taken against its units (约谈、通报批评…), withdraws
 * them with a reason (the row stays, marked withdrawn); departments and leaders read their units' own.
 */
@Injectable()
export class AccountabilityService {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock) {}

  async create(actor: Actor, input: CreateAccountabilityInput): Promise<AccountabilityRecordView> {
    const unit = await this.managedUnit(actor, input.unitId);
    if (input.decidedOn > this.clock.today()) throw invalid('decidedOn', '决定日期不能晚于今天');
    if (Number(input.decidedOn.slice(0, 4)) < input.year) throw invalid('decidedOn', `决定日期不能早于问责所属年度（${input.year}年）`);
    if (input.taskId) {
      const [task] = await this.dataSource.query(`SELECT t.id FROM ${TASK_ROWS} t WHERE t.id = $1 AND t.jurisdiction_id = $2
        AND (t.lead_unit_id = $3 OR EXISTS (SELECT 1 FROM supervision_mark m WHERE m.task_id = t.id AND m.unit_id = $3))`,
      [input.taskId, unit.jurisdictionId, input.unitId]);
      if (!task) throw invalid('taskId', '关联任务应为该单位牵头或被督办的任务');
    }
    const [{ id }] = await this.dataSource.query(`INSERT INTO accountability_record
        (jurisdiction_id, unit_id, year, task_id, measure, reason, decided_on, created_by, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [unit.jurisdictionId, input.unitId, input.year, input.taskId ?? null, input.measure, input.reason, input.decidedOn,
      actor.userId, this.clock.now()]);
    const [view] = await this.dataSource.query(`SELECT ${VIEW} FROM ${FROM} WHERE a.id = $1`, [id]);
    return view;
  }

  /** The year's records in the caller's scope, latest decision first, keyset-paged by (decided_on, id); withdrawn ones left out. */
  async list(actor: Actor, q: AccountabilityQuery): Promise<{ items: AccountabilityRecordView[]; nextCursor: string | null; total?: number }> {
    const p = new SqlParams();
    const where = [`a.withdrawn_at IS NULL`, `a.year = ${p.add(q.year)}`, accountabilityScopeSql(actor, p)];
    if (q.unitId) where.push(`a.unit_id = ${p.add(q.unitId)}`);
    const countValues = [...p.values];
    const countSql = q.after ? null : `SELECT count(*)::int AS n FROM accountability_record a WHERE ${where.join(' AND ')}`;
    if (q.after) {
      const [day, id] = decodeCursor(q.after);
      where.push(`(a.decided_on, a.id) < (${p.add(day)}::date, ${p.add(id)}::uuid)`);
    }
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 100);
    const [rows, counted] = await Promise.all([
      this.dataSource.query(`SELECT ${VIEW} FROM ${FROM} WHERE ${where.join(' AND ')}
        ORDER BY a.decided_on DESC, a.id DESC LIMIT ${limit + 1}`, p.values) as Promise<AccountabilityRecordView[]>,
      countSql ? this.dataSource.query(countSql, countValues) as Promise<Array<{ n: number }>> : null,
    ]);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit ? encodeCursor(last.decidedOn, last.id) : null;
    return counted ? { items, nextCursor, total: counted[0].n } : { items, nextCursor };
  }

  /** Every record of a jurisdiction's year in force, for the annual review (a year holds tens, not thousands). */
  async ofYear(jurisdictionId: string, year: number): Promise<AccountabilityRecordView[]> {
    return this.dataSource.query(`SELECT ${VIEW} FROM ${FROM}
      WHERE a.jurisdiction_id = $1 AND a.year = $2 AND a.withdrawn_at IS NULL ORDER BY a.decided_on, a.id`, [jurisdictionId, year]);
  }

  /** 撤销: the record leaves every list and the annual review; who, when and why stay on the row. */
  async withdraw(actor: Actor, id: string, reason: string): Promise<void> {
    if (!isOfficeLike(actor)) throw forbidden();
    const p = new SqlParams();
    const [, affected]: [unknown, number] = await this.dataSource.query(`UPDATE accountability_record a
        SET withdrawn_at = ${p.add(this.clock.now())}, withdrawn_by = ${p.add(actor.userId)}, withdraw_reason = ${p.add(reason)}
      WHERE a.id = ${p.add(id)} AND a.withdrawn_at IS NULL AND ${accountabilityScopeSql(actor, p)}`, p.values);
    if (affected !== 1) throw notFound();
  }

  /** The unit's tasks named (点名) in the year's bulletins — overdue or never signed for —, latest first: the picks for a new record. */
  async namedTasks(actor: Actor, unitId: string, year: number): Promise<NamedTask[]> {
    await this.managedUnit(actor, unitId);
    return this.dataSource.query(`SELECT t.id AS "taskId", t.code, t.title, max(${businessDateSql('m.created_at')})::text AS "namedOn"
        FROM supervision_mark m JOIN ${TASK_ROWS} t ON t.id = m.task_id
       WHERE m.kind IN ('name', 'ack_name') AND m.unit_id = $1 AND extract(year FROM ${businessDateSql('m.created_at')}) = $2
       GROUP BY t.id, t.code, t.title ORDER BY "namedOn" DESC, t.code`, [unitId, year]);
  }

  /** A unit the caller's office may record against: a unit (not the jurisdiction itself) of one of its jurisdictions. */
  private async managedUnit(actor: Actor, unitId: string): Promise<{ jurisdictionId: string }> {
    if (!isOfficeLike(actor)) throw forbidden();
    const [unit]: Array<{ jurisdiction_id: string }> = await this.dataSource.query(
      `SELECT jurisdiction_id FROM unit WHERE id = $1 AND kind <> 'jurisdiction' AND ($2::boolean OR jurisdiction_id = ANY($3::uuid[]))`,
      [unitId, actor.role === 'admin', actor.jurisdictionIds]);
    if (!unit) throw invalid('unitId', '单位不存在或不属于本辖区');
    return { jurisdictionId: unit.jurisdiction_id };
  }
}
