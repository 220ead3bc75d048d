import { BEAT_NAMES } from '@app/queues';
import { DomainError } from '../common/domain-error';
import { DEFAULT_POLICY, NOTICE_EVENTS } from './cadence-policy';
import type { CadencePolicy, Channel, LadderStep, Recipient, ScoringWeights } from './cadence-policy';

export const LADDER_KINDS: readonly LadderStep['kind'][] = ['due_soon', 'urge', 'supervise', 'name'];
export const RECIPIENTS: readonly Recipient[] = ['unit', 'leaders', 'office', 'all'];
export const CHANNELS: readonly Channel[] = ['inbox', 'email', 'webhook'];

export interface PolicyFieldError {
  field: string;
  message: string;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISSUER_NAME = /^[\u4e00-\u9fa5（）()·]{2,40}$/u;
const ISSUER_CODE = /^[\u4e00-\u9fa5]{2,10}$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCORING_KEYS: ReadonlyArray<keyof ScoringWeights> = ['base', 'overdue', 'escalation', 'rejected', 'unacknowledged',
  'early', 'earlyDays', 'spotCheckFailed', 'reportMissed'];
const STEP_KEYS: ReadonlyArray<keyof LadderStep> = ['kind', 'offset', 'to', 'channels'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a jurisdiction's stored overrides (a partial CadencePolicy) field by field and returns them unchanged, or
 * throws CADENCE_POLICY_INVALID listing every bad field: a policy that the beats cannot run must never be stored.
 */
export function validateCadencePolicy(input: unknown): Partial<CadencePolicy> {
  const errors: PolicyFieldError[] = [];
  const fail = (field: string, message: string): void => {
    errors.push({ field, message: `${field} ${message}` });
  };
  const number = (field: string, v: unknown, min: number, max: number, integer: boolean) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
      fail(field, `应为 ${min}–${max} 之间的${integer ? '整数' : '数'}`);
    }
  };
  const subset = (field: string, v: unknown, allowed: readonly string[]) => {
    if (!Array.isArray(v)) return fail(field, `应为数组，取值为 ${allowed.join('、')}`);
    v.forEach((x, i) => {
      if (typeof x !== 'string' || !allowed.includes(x)) fail(`${field}[${i}]`, `应为 ${allowed.join('、')} 之一`);
    });
    if (new Set(v).size !== v.length) fail(field, '不能有重复项');
  };

  if (!isObject(input)) {
    fail('policy', '应为对象');
    throw invalid(errors);
  }
  for (const [key, v] of Object.entries(input)) {
    switch (key) {
      case 'times':
        if (!isObject(v)) {
          fail('times', '应为对象');
          break;
        }
        for (const [beat, t] of Object.entries(v)) {
          if (!(BEAT_NAMES as readonly string[]).includes(beat)) fail(`times.${beat}`, '不是督办节拍的名称');
          else if (typeof t !== 'string' || !HH_MM.test(t)) fail(`times.${beat}`, '应为 HH:mm 格式的时间（00:00–23:59）');
        }
        break;
      case 'chaseAfterWorkingDays':
      case 'dueSoonWorkingDays':
        number(key, v, 1, 30, true);
        break;
      case 'staleDays':
        number(key, v, 1, 90, true);
        break;
      case 'behindRatio':
        number(key, v, 0.1, 1, false);
        break;
      case 'ladder':
        validateLadder(v, fail, number, subset);
        break;
      case 'unsignedLadder':
        validateUnsignedLadder(v, input.chaseAfterWorkingDays, fail, number);
        break;
      case 'scoring':
        if (!isObject(v)) {
          fail('scoring', '应为对象');
          break;
        }
        for (const [k, n] of Object.entries(v)) {
          if (!(SCORING_KEYS as readonly string[]).includes(k)) fail(`scoring.${k}`, '是不允许的字段');
          else if (k === 'earlyDays') number(`scoring.${k}`, n, 0, 90, true);
          else number(`scoring.${k}`, n, 0, 1000, false);
        }
        break;
      case 'annualWeights':
        validateAnnualWeights(v, errors);
        break;
      case 'notices':
        if (!isObject(v)) {
          fail('notices', '应为对象');
          break;
        }
        for (const [event, channels] of Object.entries(v)) {
          if (!(NOTICE_EVENTS as readonly string[]).includes(event)) {
            fail(`notices.${event}`, '不是可通知的任务环节');
            continue;
          }
          subset(`notices.${event}`, channels, CHANNELS);
          // the inbox is the notice itself: it cannot be switched off, only the channels outside duban
          if (Array.isArray(channels) && !channels.includes('inbox')) fail(`notices.${event}`, '应包含 inbox（站内消息不能关闭）');
        }
        break;
      case 'issuerName':
        // a 版头 reads 青山县全面依法治县委员会办公室: Chinese, with the brackets and dots names carry
        if (typeof v !== 'string' || !ISSUER_NAME.test(v)) {
          errors.push({ field: key, message: '发文机关全称应为 2–40 个汉字（可含括号、间隔号），如 青山县全面依法治县委员会办公室' });
        }
        break;
      case 'issuerCode':
        if (typeof v !== 'string' || !ISSUER_CODE.test(v)) {
          errors.push({ field: key, message: '机关代字应为 2–10 个汉字，如 青法治办' });
        }
        break;
      case 'defaultLeaderId':
        // that it names an active leader of the jurisdiction is checked against the users where it is stored
        if (v !== null && (typeof v !== 'string' || !UUID.test(v))) errors.push({ field: key, message: '默认督办领导应为领导账号的 ID' });
        break;
      case 'bulletinReview':
        if (typeof v !== 'boolean') errors.push({ field: key, message: '月通报签发前审核（bulletinReview）应为 true 或 false' });
        break;
      case 'spotCheckShare':
        if (typeof v !== 'number' || !(v > 0 && v <= 1)) errors.push({ field: key, message: '督察抽查比例（spotCheckShare）应为大于 0、不超过 1 的数' });
        break;
      case 'reviewBeforeClose':
        if (typeof v !== 'boolean') errors.push({ field: key, message: '销号前复核（reviewBeforeClose）应为 true 或 false' });
        break;
      default:
        fail(key, '是不允许的字段');
    }
  }
  if (errors.length) throw invalid(errors);
  return input as Partial<CadencePolicy>;
}

/** Four quarters' weights, none negative, summing to 1 (to the cent: 0.1 + 0.2 is not exactly 0.3 in binary). */
function validateAnnualWeights(v: unknown, errors: PolicyFieldError[]): void {
  const field = 'annualWeights';
  if (!Array.isArray(v) || v.length !== 4) {
    errors.push({ field, message: '季度权重应为四个数（一季度至四季度），如 [0.25, 0.25, 0.25, 0.25]' });
    return;
  }
  const bad = v.findIndex((w) => typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 1);
  if (bad >= 0) {
    errors.push({ field: `${field}[${bad}]`, message: `季度权重第${bad + 1}项应为 0–1 之间的数` });
    return;
  }
  const sum = (v as number[]).reduce((n, w) => n + w, 0);
  if (Math.abs(sum - 1) > 1e-9) errors.push({ field, message: `季度权重之和应为 1（现为 ${Math.round(sum * 1e6) / 1e6}）` });
}

function validateLadder(
  v: unknown,
  fail: (field: string, message: string) => void,
  number: (field: string, v: unknown, min: number, max: number, integer: boolean) => void,
  subset: (field: string, v: unknown, allowed: readonly string[]) => void,
): void {
  if (!Array.isArray(v) || v.length < 1 || v.length > 8) return fail('ladder', '应为 1–8 个升级步骤');
  const kinds = new Set<unknown>();
  let previous: number | null = null;
  v.forEach((step, i) => {
    const at = `ladder[${i}]`;
    if (!isObject(step)) return fail(at, '应为对象');
    for (const k of Object.keys(step)) if (!(STEP_KEYS as readonly string[]).includes(k)) fail(`${at}.${k}`, '是不允许的字段');
    if (typeof step.kind !== 'string' || !(LADDER_KINDS as readonly string[]).includes(step.kind)) {
      fail(`${at}.kind`, `应为 ${LADDER_KINDS.join('、')} 之一`);
    } else if (kinds.has(step.kind)) {
      // each kind happens once per task and deadline (supervision_mark), so a second step of a kind would never fire
      fail(`${at}.kind`, `与前面的步骤重复（每种升级只能出现一次）`);
    }
    kinds.add(step.kind);
    number(`${at}.offset`, step.offset, -30, 60, true);
    if (Number.isInteger(step.offset)) {
      if (previous !== null && (step.offset as number) <= previous) fail(`${at}.offset`, '应大于前一步骤的 offset（按时间先后排列）');
      previous = step.offset as number;
    }
    subset(`${at}.to`, step.to, RECIPIENTS);
    subset(`${at}.channels`, step.channels, CHANNELS);
  });
}

/**
 * The unsigned ladder's working days, each after the one before: the 签收催办 (`chaseAfterWorkingDays`, the stored one or
 * the default), then the 督办, then the 点名.
 */
function validateUnsignedLadder(
  v: unknown,
  chase: unknown,
  fail: (field: string, message: string) => void,
  number: (field: string, v: unknown, min: number, max: number, integer: boolean) => void,
): void {
  if (!isObject(v)) return fail('unsignedLadder', '应为对象，含 supervise（督办）和 name（点名）的工作日数');
  for (const k of Object.keys(v)) if (k !== 'supervise' && k !== 'name') fail(`unsignedLadder.${k}`, '是不允许的字段');
  const steps = { ...DEFAULT_POLICY.unsignedLadder, ...v } as Record<string, unknown>;
  const after = Number.isInteger(chase) ? (chase as number) : DEFAULT_POLICY.chaseAfterWorkingDays;
  if ('supervise' in v) number('unsignedLadder.supervise', v.supervise, 2, 60, true);
  if ('name' in v) number('unsignedLadder.name', v.name, 3, 60, true);
  if (Number.isInteger(steps.supervise) && (steps.supervise as number) <= after) {
    fail('unsignedLadder.supervise', `应大于签收催办的工作日数 chaseAfterWorkingDays（${after}）：未签收的督办在签收催办之后`);
  }
  if (Number.isInteger(steps.supervise) && Number.isInteger(steps.name) && (steps.name as number) <= (steps.supervise as number)) {
    fail('unsignedLadder.name', `应大于 unsignedLadder.supervise（${steps.supervise}）：未签收的点名在督办之后`);
  }
}

function invalid(fields: PolicyFieldError[]): DomainError {
  return new DomainError('invalid', 'CADENCE_POLICY_INVALID',
    `督办节奏设置有误：${fields.map((f) => f.message).join('；')}`, { fields });
}
