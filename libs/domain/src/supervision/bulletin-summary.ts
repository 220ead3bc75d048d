/**
 * A bulletin's 总体评价 and 下一步工作要求, drawn from its figures by template (docs/cadence.md, 月通报). Written into
 * the bulletin's content when it is issued, so the document, the bulletin page and the export read the same words.
 */

/** The figures the paragraphs are drawn from: the bulletin's own content. */
export interface BulletinFigures {
  totals: { due: number; completionRate: number | null; onTimeRate: number | null };
  units: Array<{ unitName: string; overdue: number }>;
  overdue: Array<{ unitName: string; named: boolean }>;
  /** the tasks the unsigned ladder named in the month (交办单超期未签收); absent, none */
  unsigned?: Array<{ unitName: string }>;
  /** open tasks at the month's end due in the next month (临期) */
  dueNext: number;
}

export interface BulletinSummary {
  /** 总体评价 */
  overall: string;
  /** 下一步工作要求 */
  nextSteps: string;
}

/**
 * The completion rate's bands: 总体平稳有序 from 90 % with nothing overdue, 仍有差距 from 70 % (or above 90 % with
 * something overdue), 进度明显滞后 below 70 %. A month with nothing due is 平稳有序.
 */
export const COMPLETION_BANDS = { steady: 0.9, behind: 0.7 } as const;

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export function bulletinSummary(f: BulletinFigures, month: string): BulletinSummary {
  const t = f.totals;
  const namedCount = new Map<string, number>();
  for (const o of f.overdue) if (o.named) namedCount.set(o.unitName, (namedCount.get(o.unitName) ?? 0) + 1);
  // the units with tasks overdue: the named ones first, then the most overdue
  const late = f.units.filter((u) => u.overdue > 0)
    .sort((a, b) => (namedCount.get(b.unitName) ?? 0) - (namedCount.get(a.unitName) ?? 0) || b.overdue - a.overdue);
  const overdueCount = late.reduce((n, u) => n + u.overdue, 0);
  const lateList = late.map((u) => `${u.unitName}（逾期${u.overdue}项${namedCount.get(u.unitName) ? `，其中点名通报${namedCount.get(u.unitName)}项` : ''}）`)
    .join('、');

  const rate = t.completionRate;
  const band = rate === null || (rate >= COMPLETION_BANDS.steady && !overdueCount) ? '总体平稳有序'
    : rate >= COMPLETION_BANDS.behind ? '总体推进有力，但与按期全面完成仍有差距' : '进度明显滞后，形势不容乐观';
  const figures = t.due ? `${month}到期任务${t.due}项，办结率${pct(rate)}，按期率${pct(t.onTimeRate)}` : `${month}没有到期任务`;
  const overall = `${figures}，${band}。` + (late.length
    ? `${lateList}存在逾期未办结任务，共${overdueCount}项。`
    : '各单位到期任务均已办结，未发生逾期。');
  // units named for slips not signed for, in the bulletin's order
  const unsigned = f.unsigned ?? [];
  const unsignedUnits = [...new Set(unsigned.map((u) => u.unitName))].join('、');
  const unsignedLine = unsigned.length ? `${unsignedUnits}有交办任务超期未签收被点名通报，共${unsigned.length}项。` : '';

  const steps: string[] = [];
  if (late.length) {
    steps.push(`请${late.map((u) => u.unitName).join('、')}对逾期任务限期办结，并于5个工作日内向法治办书面说明逾期原因及整改措施` +
      `${namedCount.size ? '；被点名通报的单位主要负责同志要亲自研究、亲自督办' : ''}。`);
  }
  if (unsigned.length) steps.push(`请${unsignedUnits}即日登录督办系统签收被点名的交办任务，并向法治办说明未及时签收的原因。`);
  if (f.dueNext) steps.push(`下月到期任务${f.dueNext}项，请相关单位倒排工期、加快推进，确保按期办结；确需延期的，应在到期前提出申请。`);
  steps.push('各单位要对照任务清单，及时在督办系统中反馈进展；法治办将持续跟踪督办，办理情况纳入季度考核。');
  return { overall: overall + unsignedLine, nextSteps: steps.map((s, i) => `${'一二三四'[i]}是${s}`).join('') };
}
