import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { calendarYear, CalendarYear } from '../calendar/calendar-year';
import { WorkingCalendarService } from '../calendar/working-calendar.service';
import { DomainError } from '../common/domain-error';
import type { Actor } from '../organisation/actor';
import { NOTICE_RULES, NoticeRole } from '../tasks/task-notices';
import { managesJurisdiction } from '../tasks/task-access';
import { CadencePolicy, DEFAULT_POLICY, Issuer, issuerOf, mergePolicy, NOTICE_EVENTS, NoticeEvent } from './cadence-policy';
import { validateCadencePolicy } from './cadence-policy-validation';

export interface CadencePolicyView {
  jurisdictionId: string;
  jurisdictionName: string;
  /** what the beats use: the defaults with the stored overrides applied */
  effective: CadencePolicy;
  /** what is stored for the jurisdiction */
  own: Partial<CadencePolicy>;
  defaults: CadencePolicy;
  updatedAt: string | null;
  /** the workflow events `notices` configures, in order, with their word and who receives them */
  noticeEvents: NoticeEventView[];
  /** the issuer the documents carry when the policy sets none (issuerOf) */
  issuerDefaults: Issuer;
  /** the jurisdiction's active leaders: the choices for `defaultLeaderId` */
  leaders: LeaderChoice[];
}

export interface LeaderChoice {
  id: string;
  name: string;
  unitName: string;
}

export interface NoticeEventView {
  event: NoticeEvent;
  label: string;
  to: string;
}

const ROLE_WORDS: Record<NoticeRole, string> = { lead: '牵头单位', old_lead: '原牵头单位', co_owner: '配合单位', office: '法治办',
  leader: '分管领导' };

export const NOTICE_EVENT_VIEWS: NoticeEventView[] = NOTICE_EVENTS.map((event) => ({ event, label: NOTICE_RULES[event].word,
  to: NOTICE_RULES[event].to.map((r) => ROLE_WORDS[r]).join('、') }));

export interface WorkingDayOverrideView {
  date: string;
  isWorking: boolean;
  note: string | null;
}

export const CadenceSettingsErrors = {
  forbidden: () => new DomainError('forbidden', 'CADENCE_SETTINGS_FORBIDDEN', '只有法治办和系统管理员可以管理督办节奏和工作日设置'),
  notOwn: () => new DomainError('forbidden', 'CADENCE_SETTINGS_NOT_OWN', '上级法治办可以查看下级辖区的督办节奏和工作日设置，但只能由该辖区的法治办修改'),
  jurisdictionNotFound: (id: string) =>
    new DomainError('not_found', 'JURISDICTION_NOT_FOUND', '行政区域不存在或不在您的管辖范围内', { id }),
  invalidDate: (date: string) =>
    new DomainError('invalid', 'WORKING_DAY_INVALID_DATE', `日期“${date}”无效：应为 2000–2100 年间 YYYY-MM-DD 格式的日期`, { date }),
  defaultLeaderInvalid: (id: string) => new DomainError('invalid', 'CADENCE_POLICY_INVALID',
    '督办节奏设置有误：默认督办领导应为本辖区在职的领导账号', { fields: [{ field: 'defaultLeaderId', message: '默认督办领导应为本辖区在职的领导账号' }], id }),
  overrideNotFound: (date: string) =>
    new DomainError('not_found', 'WORKING_DAY_OVERRIDE_NOT_FOUND', `${date} 没有本地工作日调整`, { date }),
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDate(date: string): string {
  const m = DATE.exec(date);
  const year = Number(m?.[1]);
  // round trip through UTC catches 2026-02-30 and the like
  if (!m || year < 2000 || year > 2100 || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw CadenceSettingsErrors.invalidDate(date);
  }
  return date;
}

/**
 * The administration of a jurisdiction's cadence policy and working-day overrides: the admin for any jurisdiction,
 * an office for its own (and those below it); departments and leaders not at all. The beats read both tables on every
 * run, so a change applies from the next run; the worker re-reads the beat times every minute for its schedulers.
 */
@Injectable()
export class CadenceSettingsService {
  constructor(private readonly dataSource: DataSource, private readonly calendars: WorkingCalendarService) {}

  async policy(actor: Actor, jurisdictionId: string): Promise<CadencePolicyView> {
    const j = await this.jurisdiction(actor, jurisdictionId);
    const [row]: Array<{ policy: Partial<CadencePolicy>; updated_at: Date }> = await this.dataSource.query(
      `SELECT policy, updated_at FROM cadence_policy WHERE jurisdiction_id = $1`, [j.id]);
    const own = row?.policy ?? {};
    const [office]: Array<{ name: string }> = await this.dataSource.query(
      `SELECT name FROM unit WHERE jurisdiction_id = $1 AND kind = 'office' ORDER BY code LIMIT 1`, [j.id]);
    return { jurisdictionId: j.id, jurisdictionName: j.name, effective: mergePolicy(own), own, defaults: DEFAULT_POLICY,
      updatedAt: row ? new Date(row.updated_at).toISOString() : null, noticeEvents: NOTICE_EVENT_VIEWS,
      issuerDefaults: issuerOf({}, j.name, office?.name ?? null), leaders: await this.leaders(j.id) };
  }

  private leaders(jurisdictionId: string): Promise<LeaderChoice[]> {
    return this.dataSource.query(
      `SELECT u.id, u.display_name AS name, x.name AS "unitName" FROM app_user u JOIN unit x ON x.id = u.unit_id
        WHERE u.role = 'leader' AND u.active AND x.jurisdiction_id = $1 ORDER BY x.code, u.display_name`, [jurisdictionId]);
  }

  /** Replaces the stored overrides entirely ({} = the defaults); nothing is stored unless every field is valid. */
  async setPolicy(actor: Actor, jurisdictionId: string, input: unknown): Promise<CadencePolicyView> {
    const j = await this.jurisdiction(actor, jurisdictionId, true);
    const own = validateCadencePolicy(input);
    if (own.defaultLeaderId && !(await this.leaders(j.id)).some((l) => l.id === own.defaultLeaderId)) {
      throw CadenceSettingsErrors.defaultLeaderInvalid(own.defaultLeaderId);
    }
    await this.dataSource.query(`INSERT INTO cadence_policy (jurisdiction_id, policy) VALUES ($1, $2)
      ON CONFLICT (jurisdiction_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()`, [j.id, JSON.stringify(own)]);
    return this.policy(actor, j.id);
  }

  async workingDays(actor: Actor, jurisdictionId: string, year: number): Promise<CalendarYear> {
    const j = await this.jurisdiction(actor, jurisdictionId);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw CadenceSettingsErrors.invalidDate(String(year));
    const [own, national] = await Promise.all([this.calendars.overridesOf(j.id, year), this.calendars.refreshNational()]);
    return calendarYear(year, own, national);
  }

  async setOverride(actor: Actor, jurisdictionId: string, date: string,
    input: { isWorking: boolean; note?: string | null }): Promise<WorkingDayOverrideView> {
    const j = await this.jurisdiction(actor, jurisdictionId, true);
    checkDate(date);
    const note = input.note?.trim() || null;
    await this.calendars.setOverride(j.id, date, input.isWorking, note);
    return { date, isWorking: input.isWorking, note };
  }

  async deleteOverride(actor: Actor, jurisdictionId: string, date: string): Promise<void> {
    const j = await this.jurisdiction(actor, jurisdictionId, true);
    checkDate(date);
    if (!(await this.calendars.deleteOverride(j.id, date))) throw CadenceSettingsErrors.overrideNotFound(date);
  }

  /**
   * The jurisdiction unit, if the actor may read (or, `change`, administer) it; 403 for roles that may not, 404 outside
   * the scope. A city office reads its counties' settings; each county's own office changes them.
   */
  private async jurisdiction(actor: Actor, id: string, change = false): Promise<{ id: string; name: string }> {
    if (actor.role !== 'admin' && actor.role !== 'office') throw CadenceSettingsErrors.forbidden();
    if (actor.role === 'office' && !actor.jurisdictionIds.includes(id)) throw CadenceSettingsErrors.jurisdictionNotFound(id);
    if (change && !managesJurisdiction(actor, id)) throw CadenceSettingsErrors.notOwn();
    const [row]: Array<{ id: string; name: string }> = await this.dataSource.query(
      `SELECT id, name FROM unit WHERE id = $1 AND kind = 'jurisdiction'`, [id]);
    if (!row) throw CadenceSettingsErrors.jurisdictionNotFound(id);
    return row;
  }
}
