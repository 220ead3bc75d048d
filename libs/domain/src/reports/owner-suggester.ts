import type { OwnerSuggestion } from '@app/database';

export interface CandidateUnit {
  id: string;
  name: string;
  kind: string;
}

export interface KeywordRule {
  keywords: string[];
  /** a unit of the jurisdiction, or, for the built-in rules, a fragment of its name */
  unitId?: string;
  unitNameContains?: string;
  role: 'lead' | 'co_owner';
}

/** Used after a jurisdiction's own rules; they name units by what their names usually contain. */
export const DEFAULT_OWNER_RULES: KeywordRule[] = [
  { keywords: ['执法', '普法', '法治宣传', '行政复议', '行政应诉', '合法性审查', '法律顾问', '司法所', '人民调解', '法律援助'],
    unitNameContains: '司法局', role: 'lead' },
  { keywords: ['审批', '政务服务', '一网通办', '放管服', '营商环境', '便民服务'], unitNameContains: '政务服务', role: 'lead' },
  { keywords: ['预算', '经费', '财政', '资金保障'], unitNameContains: '财政局', role: 'co_owner' },
  { keywords: ['编制', '人员配备', '干部培训', '考核'], unitNameContains: '组织部', role: 'co_owner' },
  { keywords: ['信访', '矛盾纠纷'], unitNameContains: '信访局', role: 'lead' },
  { keywords: ['公安', '治安', '社会治安'], unitNameContains: '公安局', role: 'lead' },
  { keywords: ['政务公开', '信息公开'], unitNameContains: '政府办', role: 'lead' },
];

const MONTH_END = (year: number, month: number) => {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
};
const CN_NUM: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };
const monthNumber = (s: string) => (/^\d+$/.test(s) ? Number(s) : (CN_NUM[s] ?? NaN));

/**
 * A deadline from the time phrases of a measure (the end of the plan year when none is given), never before `today`:
 * when the plan year's date has passed (a report of last year imported late), the same date of the first year from
 * this year on in which it has not (6月底前 imported in July: June of next year).
 */
export function suggestDeadline(text: string, planYear: number, today: string): { deadline: string; basis: string } {
  const planned = deadlineIn(text, planYear);
  if (planned.deadline >= today) return planned;
  for (let year = Math.max(planYear + 1, Number(today.slice(0, 4))); ; year++) {
    const moved = deadlineIn(text, year);
    if (moved.deadline >= today) return { deadline: moved.deadline, basis: `${moved.basis}；${planYear}年的时限已过，顺延至${year}年` };
  }
}

/**
 * A suggestion as of `today`: one stored at import whose deadline has passed since (the report was reviewed late)
 * gets the deadline worked out again, its basis with it.
 */
export function currentSuggestion(s: OwnerSuggestion, text: string, planYear: number, today: string): OwnerSuggestion {
  if (s.deadline >= today) return s;
  const { deadline, basis } = suggestDeadline(text, planYear, today);
  // the deadline's basis is the last one (suggestOwners adds it after the owners')
  return { ...s, deadline, basis: [...s.basis.slice(0, -1), basis] };
}

function deadlineIn(text: string, planYear: number): { deadline: string; basis: string } {
  const month = /(\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:底|末|份)?(?:前|以前|之前|完成)/.exec(text);
  if (month) {
    const m = monthNumber(month[1]);
    if (m >= 1 && m <= 12) return { deadline: MONTH_END(planYear, m), basis: `时间表述“${month[0]}”` };
  }
  const quarter = /(?:第)?([一二三四1-4])季度/.exec(text);
  if (quarter) {
    const q = monthNumber(quarter[1]);
    if (q >= 1 && q <= 4) return { deadline: MONTH_END(planYear, q * 3), basis: `时间表述“${quarter[0]}”` };
  }
  if (/上半年/.test(text)) return { deadline: `${planYear}-06-30`, basis: '时间表述“上半年”' };
  if (/长期坚持|常态化|持续开展|长效/.test(text)) {
    return { deadline: `${planYear}-12-31`, basis: '长期任务：以年底为时限，按季度检查进展' };
  }
  if (/年底|年末|年内|全年|下半年/.test(text)) return { deadline: `${planYear}-12-31`, basis: '时间表述：年内完成' };
  return { deadline: `${planYear}-12-31`, basis: '未写明时限，默认计划年度年底' };
}

/** Short names a report uses for a unit: 甲县司法局 → 司法局, 县司法局. */
function aliases(unit: { name: string }): string[] {
  const out = new Set([unit.name]);
  const m = /^(.*?[省市县区旗])(.+)$/.exec(unit.name);
  if (m && m[2].length >= 2) {
    out.add(m[2]);
    out.add(`${m[1].slice(-1)}${m[2]}`);
  }
  return [...out];
}

/**
 * The units a name stands for, as a report names them: the unit of that full name, else those it is a short name of
 * (司法局 and 县司法局 for 甲县司法局). More than one is an ambiguous name; none, an unknown one.
 */
export function unitsNamed<T extends { name: string }>(name: string, units: readonly T[]): T[] {
  const exact = units.filter((u) => u.name === name);
  return exact.length ? exact : units.filter((u) => aliases(u).includes(name));
}

/** What a department's name says it does: 甲县综合行政执法局 → 综合行政执法, 甲县政务服务中心 → 政务服务. */
export function nameCore(name: string): string {
  const short = /^.*?[省市县区旗](.{2,})$/.exec(name)?.[1] ?? name;
  return short.replace(/^委(?=.{3})/, '').replace(/(?:分局|局|中心|委员会|办公室|委|办|所|队|部|站|院)$/, '');
}

/**
 * The department whose name says most specifically what the measure is about: the longest name core (at least two
 * characters) the text contains; the first of the units (their order) on a tie.
 */
export function closestNamedUnit<T extends CandidateUnit>(text: string, units: readonly T[]): { unit: T; core: string } | null {
  let best: { unit: T; core: string } | null = null;
  for (const unit of units) {
    if (unit.kind !== 'department') continue;
    const core = nameCore(unit.name);
    // the government itself (人民政府办公室) is not what a measure is about
    if (core.includes('人民政府')) continue;
    if (core.length >= 2 && text.includes(core) && core.length > (best?.core.length ?? 0)) best = { unit, core };
  }
  return best;
}

/** Whether `keyword` occurs in `text` other than inside an occurrence of `name` (执法 in 综合行政执法 is inside). */
function foundOutside(text: string, keyword: string, name: string): boolean {
  const inside: Array<[number, number]> = [];
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) inside.push([at, at + name.length]);
  for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + 1)) {
    if (!inside.some(([from, to]) => at >= from && at + keyword.length <= to)) return true;
  }
  return false;
}

/**
 * Owner suggestions for one measure: a unit named with 牵头/负责 in the text leads, one named with 配合 co-owns;
 * otherwise the jurisdiction's own keyword rules, then the unit whose name matches the measure's subject most
 * specifically (综合行政执法 → 综合行政执法局) where that is more specific than the built-in rule's keyword (执法 → 司法局),
 * else the built-in rules decide. Nothing here is applied without the office confirming it.
 */
export function suggestOwners(text: string, units: CandidateUnit[], rules: KeywordRule[], planYear: number,
  today: string): OwnerSuggestion {
  const basis: string[] = [];
  let leadUnitId: string | null = null;
  const coOwners = new Set<string>();
  for (const unit of units) {
    for (const alias of aliases(unit).sort((a, b) => b.length - a.length)) {
      const at = text.indexOf(alias);
      if (at < 0) continue;
      const after = text.slice(at + alias.length, at + alias.length + 8);
      if (!leadUnitId && /^(?:等单位|等部门)?(?:牵头|负责|主抓)/.test(after)) {
        leadUnitId = unit.id;
        basis.push(`文中“${alias}${after.match(/^(?:等单位|等部门)?(?:牵头|负责|主抓)/)![0]}”`);
      } else if (/^(?:等单位|等部门|等)?(?:配合|协助|参与)/.test(after) || /配合/.test(text.slice(Math.max(0, at - 4), at))) {
        coOwners.add(unit.id);
        basis.push(`文中“${alias}”配合`);
      }
      break;
    }
  }
  const unitOf = (rule: KeywordRule) => (rule.unitId ? units.find((u) => u.id === rule.unitId)
    : units.find((u) => rule.unitNameContains && u.name.includes(rule.unitNameContains)));
  // the department named most specifically leads where its name core is longer than the first built-in lead keyword
  // found outside it (综合行政执法 over 执法, not 宣传 over 法治宣传); a keyword inside the name then says nothing more
  const named = leadUnitId ? null : closestNamedUnit(text, units);
  const outsideName = (k: string) => (named ? foundOutside(text, k, named.core) : text.includes(k));
  const builtInLead = rules.filter((r) => !r.unitId && r.role === 'lead' && unitOf(r))
    .map((r) => r.keywords.find(outsideName)).find(Boolean);
  const byName = named && (!builtInLead || named.core.length > builtInLead.length) ? named : null;
  const leadByName = () => {
    leadUnitId = byName!.unit.id;
    basis.push(`措施提到“${byName!.core}”，与“${byName!.unit.name}”名称最接近`);
  };
  for (const rule of rules) {
    if (byName && !rule.unitId && !leadUnitId) leadByName();
    const hit = rule.keywords.find((k) => (byName && !rule.unitId ? outsideName(k) : text.includes(k)));
    if (!hit) continue;
    const unit = unitOf(rule);
    if (!unit) continue;
    if (rule.role === 'lead' && !leadUnitId) {
      leadUnitId = unit.id;
      basis.push(`关键词“${hit}” → ${unit.name}`);
    } else if (unit.id !== leadUnitId && !coOwners.has(unit.id) && (rule.role === 'co_owner' || leadUnitId)) {
      coOwners.add(unit.id);
      basis.push(`关键词“${hit}” → ${unit.name}（配合）`);
    }
  }
  if (byName && !leadUnitId) leadByName();
  if (leadUnitId) coOwners.delete(leadUnitId);
  const { deadline, basis: when } = suggestDeadline(text, planYear, today);
  basis.push(when);
  return { leadUnitId, coOwnerUnitIds: [...coOwners], deadline, basis };
}
