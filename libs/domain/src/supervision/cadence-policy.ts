import type { BeatName } from '@app/queues';

export type Recipient = 'unit' | 'leaders' | 'office' | 'all';
export type Channel = 'inbox' | 'email' | 'webhook';
export type DocumentKind = 'assign_slip' | 'ack_chase' | 'ack_supervise' | 'work_reminder' | 'due_soon' | 'urge' | 'supervise'
  | 'bulletin' | 'assessment' | 'report_chase';

/** One rung of the escalation ladder. `offset` is in working days relative to the deadline (negative = before). */
export interface LadderStep {
  kind: 'due_soon' | 'urge' | 'supervise' | 'name';
  offset: number;
  to: Recipient[];
  channels: Channel[];
}

/**
 * The unsigned ladder after the 签收催办单 (which comes after `chaseAfterWorkingDays`): working days after the slip's day,
 * the day of receipt not counted, after which a slip still not signed for goes up. Each step also waits for the one
 * before it on an earlier day, so a ladder set out of order never skips a step or takes two at once.
 */
export interface UnsignedLadder {
  /** 督办通知单 to the leader(s) in charge (or the default leader), the office and the unit */
  supervise: number;
  /** 点名: named 未签收 in the next 检查通报 (a mark, no document) */
  name: number;
}

export interface ScoringWeights {
  base: number;
  /** per task still overdue at quarter end */
  overdue: number;
  /** per 催办/督办 step reached in the quarter */
  escalation: number;
  /** per close-out returned (退回) in the quarter */
  rejected: number;
  /** per slip chased for not being signed for in the quarter */
  unacknowledged: number;
  /** per task completed at least `earlyDays` calendar days before its deadline */
  early: number;
  earlyDays: number;
  /** per task whose 督察抽查 found it not done as closed (不通过) in the quarter */
  spotCheckFailed: number;
  /** per report of a reporting cycle missed (each 催报单 line of the quarter) */
  reportMissed: number;
}

/** A jurisdiction's cadence; `cadence_policy.policy` (jsonb) overrides any of these keys. */
export interface CadencePolicy {
  /** Beijing time (HH:mm) from which the beat is due on its day */
  times: Record<BeatName, string>;
  /** a slip not signed for within this many working days is chased (催办) */
  chaseAfterWorkingDays: number;
  /** weekly reminder: yellow when due within this many working days */
  dueSoonWorkingDays: number;
  /**
   * weekly reminder: stale when no progress for this many calendar days (自然日) — the default for every task until
   * tasks carry their own reporting cycle
   */
  staleDays: number;
  /** weekly reminder: behind when progress < ratio × share of time gone */
  behindRatio: number;
  ladder: LadderStep[];
  /** the steps a slip not signed for climbs after its 签收催办单 */
  unsignedLadder: UnsignedLadder;
  scoring: ScoringWeights;
  /**
   * 年度考核: the weight of each quarter's score (一季度…四季度) in the year's; four non-negative numbers summing to 1.
   * A unit not assessed in a quarter has its year's score over the quarters it was assessed in (docs/cadence.md, 年度考核).
   */
  annualWeights: [number, number, number, number];
  /** per workflow event, the channels its notices go out on (the inbox always; see tasks/task-notices.ts) */
  notices: Record<NoticeEvent, Channel[]>;
  /** 发文机关全称, the 版头 and 落款 of every document; unset: the jurisdiction's office unit's name (issuerOf) */
  issuerName?: string;
  /** 机关代字, the head of every 文号 (青法治办督办〔2026〕3号); unset: see issuerOf */
  issuerCode?: string;
  /** the leader a 督办通知单 is addressed to when its unit has no leader in charge (an active leader of the jurisdiction) */
  defaultLeaderId?: string | null;
  /**
   * the monthly bulletin is written as a draft (待签发) whose 总体评价 and 下一步工作要求 the office may edit; it is sent
   * when the office issues it (签发). Off by default: the beat issues it at once, as before (docs/cadence.md)
   */
  bulletinReview: boolean;
  /**
   * 复核: the office's 审核通过 of a close-out is a first approval (待复核) and a second office user or the leader in
   * charge completes it (复核通过). Off by default: a county office of two or three staff cannot always find a second
   * reader, and a close-out waiting on one is a task nobody can finish (docs/cadence.md, 复核)
   */
  reviewBeforeClose: boolean;
  /** 督察抽查: the share of a month's completed tasks drawn for checking, (0, 1] */
  spotCheckShare: number;
}

/** Who issues a jurisdiction's documents: the 版头 / 落款 name and the 机关代字 of their 文号. */
export interface Issuer {
  name: string;
  code: string;
}

/**
 * The issuer a jurisdiction's documents carry: its policy's, or by default the name of its office unit
 * (`${jurisdiction}法治办` when it has none) and the 代字 made of the jurisdiction's first character and 法治办
 * (青山县 → 青法治办), the usual shape of a county office's 代字 (docs/cadence.md, 公文).
 */
export function issuerOf(policy: Pick<CadencePolicy, 'issuerName' | 'issuerCode'>, jurisdictionName: string,
  officeName: string | null): Issuer {
  return { name: policy.issuerName || officeName || `${jurisdictionName}法治办`,
    code: policy.issuerCode || `${[...jurisdictionName][0] ?? ''}法治办` };
}

/** The workflow events that notify someone (not progress, not a draft's create or edit). */
export const NOTICE_EVENTS = ['publish', 'return', 'extension_request', 'extension_approve', 'extension_reject', 'submit',
  'approve', 'transfer', 'cancel', 'reopen', 'instruct', 'first_approve', 'confirm'] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

const ALL_CHANNELS: Channel[] = ['inbox', 'email', 'webhook'];

export const DEFAULT_POLICY: CadencePolicy = {
  times: { 'daily-assign': '09:00', 'weekly-remind': '09:00', 'monthly-bulletin': '10:00', 'quarterly-review': '10:00',
    escalate: '09:00' },
  chaseAfterWorkingDays: 3,
  dueSoonWorkingDays: 3,
  staleDays: 35, // a monthly reporter whose report day drifts is not stale (docs/cadence.md#policy-defaults-and-why)
  behindRatio: 0.7,
  ladder: [
    { kind: 'due_soon', offset: -3, to: ['unit'], channels: ['inbox', 'email', 'webhook'] },
    { kind: 'urge', offset: 1, to: ['unit'], channels: ['inbox', 'email', 'webhook'] },
    { kind: 'supervise', offset: 5, to: ['leaders', 'office'], channels: ['inbox', 'email'] },
    { kind: 'name', offset: 10, to: [], channels: [] },
  ],
  // chased after 3, 督办 after 6 (three more working days), named after 10 (two working weeks): docs/cadence.md#defaults
  unsignedLadder: { supervise: 6, name: 10 },
  scoring: { base: 100, overdue: 5, escalation: 2, rejected: 3, unacknowledged: 1, early: 1, earlyDays: 7, spotCheckFailed: 5,
    reportMissed: 1 },
  // every quarter alike: each is scored on the same base and weights, so none counts more unless the office says so
  annualWeights: [0.25, 0.25, 0.25, 0.25],
  // every step on every channel: a step is rare next to the beats, and each is somebody's cue to act or to know
  notices: Object.fromEntries(NOTICE_EVENTS.map((e) => [e, ALL_CHANNELS])) as Record<NoticeEvent, Channel[]>,
  // a bulletin nobody issues reaches nobody: review is what an office opts into, not what every county waits on
  bulletinReview: false,
  reviewBeforeClose: false,
  // a third (0.33, as the settings form shows it): enough that every unit with a few completions a month expects to be checked, few enough to check by hand
  spotCheckShare: 0.33,
};

export function mergePolicy(own: Partial<CadencePolicy> | null | undefined): CadencePolicy {
  const o = own ?? {};
  return {
    ...DEFAULT_POLICY,
    ...o,
    times: { ...DEFAULT_POLICY.times, ...(o.times ?? {}) },
    scoring: { ...DEFAULT_POLICY.scoring, ...(o.scoring ?? {}) },
    // policies stored before the unsigned ladder have no key: the defaults
    unsignedLadder: { ...DEFAULT_POLICY.unsignedLadder, ...(o.unsignedLadder ?? {}) },
    notices: { ...DEFAULT_POLICY.notices, ...(o.notices ?? {}) },
    ladder: o.ladder ?? DEFAULT_POLICY.ladder,
    annualWeights: o.annualWeights ?? DEFAULT_POLICY.annualWeights,
  };
}
