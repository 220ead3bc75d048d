import type { DocumentKind, Recipient } from './cadence-policy';
import type { QueryRow } from '@app/database';
import { rankLabel, rankPhrase, type Ranked } from './ranking';
import { BULLETIN_NOTES } from './bulletin-notes';
import { quarterName } from './period-names';
import { OLD_CHASE_TITLE, renamedChaseTitle } from '@app/notifications';

export const DOCUMENT_LABELS: Record<DocumentKind, { name: string; word: string }> = {
  assign_slip: { name: '交办单', word: '交办' },
  ack_chase: { name: '签收催办单', word: '催签' },
  // a 督办通知单 as the overdue one is, numbered in the same 督办 sequence (document-issuer's SEQUENCE_OF)
  ack_supervise: { name: '督办通知单', word: '督办' },
  work_reminder: { name: '工作提醒', word: '提醒' },
  due_soon: { name: '到期提醒', word: '临期' },
  urge: { name: '逾期催办单', word: '催办' },
  supervise: { name: '督办通知单', word: '督办' },
  bulletin: { name: '检查通报', word: '通报' },
  assessment: { name: '考核结果', word: '考核' },
  report_chase: { name: '催报单', word: '催报' },
};

/**
 * 文号: the issuer's 机关代字, the genre's word, the year in 六角括号 and the number in the kind's own sequence
 * (青法治办督办〔2026〕3号). Documents numbered before the 代字 keep their 〔2025〕督办第3号.
 */
export const documentNumber = (kind: DocumentKind, year: number, seq: number, code: string) =>
  `${code}${DOCUMENT_LABELS[kind].word}〔${year}〕${seq}号`;

/**
 * What every document is drawn from, in the order of a 公文: the 版头 (the issuing office, + 文件 for the genres that
 * have it), its number (文号), the title, the addressee (主送), an introduction, one table, a closing line, the 落款
 * (issuing office) and 成文日期, and the 版记's 抄送 line.
 */
export interface Sheet {
  /** 版头: the issuing office's full name, + 文件 for bulletins and assessments */
  head: string;
  /** the title alone: the number has a line of its own (and a column of its own in lists) */
  title: string;
  number: string;
  /** 主送, ending in ： */
  to: string;
  intro: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  /** 注：lines after the table, saying how its figures are counted */
  notes?: string[];
  /** further tables after the notes, each under a caption of its own (a bulletin's 工作重点) */
  sections?: SheetSection[];
  outro: string;
  /** paragraphs after the closing line (a bulletin's 总体评价 and 下一步工作要求) */
  closing?: string[];
  /** 落款 */
  issuer: string;
  /** 成文日期, in Chinese (2026年3月5日) */
  date: string;
  /** 抄送: who receives a copy (leaders, the office, the unit of a 督办); none, no line */
  cc: string[];
}

export interface SheetSection {
  caption: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

/** The genres whose 版头 reads “…文件”: the bulletin and the assessment; slips and notices carry the office's name alone. */
export const FILE_GENRES: readonly DocumentKind[] = ['bulletin', 'assessment'];

export { quarterName } from './period-names';

/** What a document is issued with besides its content. */
export interface SheetContext {
  number: string;
  unitName: string;
  /** 发文机关全称 (版头, 落款) */
  issuer: string;
  date: string;
  period: string;
  /** the office unit's name (a 抄送 when the office receives a copy) */
  officeName?: string;
  /** who receives the document besides its addressee: leaders and the office get a 抄送 line */
  recipients?: readonly Recipient[];
}


/**
 * Days overdue are calendar days (自然日) from the deadline; the ladder's steps count working days (工作日). Every
 * document says which it counts (docs/cadence.md, day counts).
 */
export const OVERDUE_DAYS = '逾期天数（自然日）';

/** How many overdue tasks a bulletin's text names one by one. */
export const BULLETIN_LISTED = 30;

/** What a 工作提醒 flags about a task, in the order its counts read: the table's word, the opening sentence's word. */
export const REMINDER_FLAGS: Record<string, { cell: string; count: string }> = {
  overdue: { cell: '逾期（红）', count: '逾期' }, due_soon: { cell: '临期（黄）', count: '临期' },
  unsigned: { cell: '未签收', count: '未签收' }, returned: { cell: '被退回', count: '被退回' },
  stale: { cell: '久未反馈', count: '久未反馈' }, behind: { cell: '进度滞后', count: '进度滞后' },
  // 定期报送 (a task with a reporting cycle is never `stale`: these say what is due instead)
  report_due: { cell: '待报送', count: '待报送' }, report_missed: { cell: '久未报送', count: '久未报送' },
};

/** 2026-03-05 → 2026年3月5日 */
export const chineseDate = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const cn = chineseDate;
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

interface Line { code: string; title: string; deadline: string; daysOverdue?: number; progress?: number; flags?: string[];
  slipNumber?: string; slipDate?: string; cycle?: string; reportDay?: string; lastReport?: string | null }

/** A task named in the bulletin for a missed periodic report (a 催报 of the month). */
interface MissedReport { unitName: string; code: string; title: string; cycle: string; reportDay: string }

/** A task named in a bulletin for a slip not signed for (the unsigned ladder's 点名). */
interface UnsignedNamed { unitName: string; code: string; title: string; slipNumber: string; slipDate: string; workingDays: number }

/** What the office's reminder lists: a unit waiting for its decision, or a return it waits to see resubmitted. */
export const DECISION_WORDS: Record<string, { cell: string; count: string }> = {
  extension: { cell: '延期申请待审批', count: '延期申请待审批' }, review: { cell: '办结申请待审核', count: '办结申请待审核' },
  returned: { cell: '退回后待重新提交', count: '退回后待重新提交' },
};

interface Decision { code: string; title: string; unitName: string; what: string; since: string; waitedDays: number }

/** The office's 工作提醒: what waits on it, oldest first; its own tasks' flags (an office rarely leads one) after. */
function decisionSheet(c: QueryRow, date: string, own: Line[]): Pick<Sheet, 'title' | 'intro' | 'columns' | 'rows' | 'outro'> {
  const decisions = c.decisions as Decision[];
  const counted = Object.entries(DECISION_WORDS).map(([k, w]) => [w.count, decisions.filter((d) => d.what === k).length] as const)
    .filter(([, n]) => n).map(([w, n]) => `${w}${n}项`);
  return { title: '工作提醒',
    intro: `截至${cn(date)}，有${decisions.length}项事项等待本办决定或跟进（${counted.join('、')}），清单如下；已等待天数按自然日计。` +
      (own.length ? `本办牵头的任务中另有${own.length}项需要关注，列于其后。` : ''),
    columns: ['序号', '编号', '任务', '牵头单位', '事项', '提出日期', '已等待（自然日）'],
    rows: [...decisions.map((d, i) => [i + 1, d.code, d.title, d.unitName, DECISION_WORDS[d.what]?.cell ?? d.what, d.since, d.waitedDays]),
      ...own.map((l, i) => [decisions.length + i + 1, l.code, l.title, '本办',
        (l.flags ?? []).map((f) => REMINDER_FLAGS[f]?.cell ?? f).join('、'), '—', '—'])],
    outro: '请及时审批延期申请、审核办结申请，并跟进被退回任务的重新提交；延期申请审批前，该任务的催办和督办暂停。' };
}

/** The sheet of a document from its structured content. */
export function sheetOf(kind: DocumentKind, c: QueryRow, ctx: SheetContext): Sheet {
  const to = ctx.recipients ?? [];
  const office = ctx.officeName ?? '法治办';
  // a unit's document: its leaders in charge and the office receive copies when the policy sends them one
  const cc = [...(to.includes('leaders') ? [`${ctx.unitName}分管领导`] : []), ...(to.includes('office') ? [office] : [])];
  const base = { head: `${ctx.issuer}${FILE_GENRES.includes(kind) ? '文件' : ''}`, number: ctx.number, issuer: ctx.issuer,
    date: cn(ctx.date), to: `${ctx.unitName}：`, cc };
  const items = (c.items ?? []) as Line[];
  const taskRows = (extra: (l: Line) => Array<string | number>) => items.map((l, i) => [i + 1, l.code, l.title, l.deadline, ...extra(l)]);
  switch (kind) {
    case 'assign_slip':
      return { ...base, title: '交办单', intro: `现将以下${items.length}项任务交由你单位牵头办理，请于收到后及时签收，按期办结并反馈进展。`,
        columns: ['序号', '编号', '任务', '完成时限'], rows: taskRows(() => []), outro: '请登录督办系统签收。' };
    case 'ack_chase':
      return { ...base, title: DOCUMENT_LABELS.ack_chase.name,
        intro: `以下${items.length}项交办任务自交办单印发次日起已满${c.chaseAfter}个工作日仍未签收，请即签收。`,
        columns: ['序号', '编号', '任务', '完成时限', '交办单'], rows: taskRows((l) => [l.slipNumber ?? '']), outro: '请于今日内签收。' };
    case 'ack_supervise': {
      // the unsigned ladder's 督办: what was sent when, that it is still not signed for, and what the leader is asked to do
      const slips = [...new Set(items.map((l) => `${cn(l.slipDate ?? ctx.date)}印发的交办单（${l.slipNumber ?? ''}）`))];
      return { ...base, to: `${superviseAddressee(c)}：`, cc: [c.unitName, c.officeName ?? office], title: DOCUMENT_LABELS.ack_supervise.name,
        intro: `${c.unitName}对${slips.join('、')}所列以下${items.length}项任务，自交办单印发次日起已满${c.workingDays}个工作日，` +
          `经签收催办仍未签收，现提请督办。`,
        columns: ['序号', '编号', '任务', '完成时限', '交办单文号', '交办日期'],
        rows: taskRows((l) => [l.slipNumber ?? '', l.slipDate ? cn(l.slipDate) : '']),
        outro: `请督促${c.unitName}即日登录督办系统签收，并按期办理、反馈进展。` };
    }
    case 'report_chase':
      return { ...base, title: DOCUMENT_LABELS.report_chase.name,
        intro: `以下${items.length}项任务要求定期报送进展，报送日已过仍未报送，请即登录督办系统报送。`,
        columns: ['序号', '编号', '任务', '完成时限', '报送周期', '报送日', '最近报送'],
        rows: taskRows((l) => [l.cycle ?? '', l.reportDay ? cn(l.reportDay) : '', l.lastReport ? cn(l.lastReport) : '无']),
        outro: '请于今日内报送进展；以后请按报送周期按时报送。' };
    case 'due_soon':
      return { ...base, title: '到期提醒', intro: `以下${items.length}项任务将于${c.workingDays}个工作日内到期，请抓紧办理。`,
        columns: ['序号', '编号', '任务', '完成时限', '进度'], rows: taskRows((l) => [`${l.progress ?? 0}%`]), outro: '如确需延期，请在到期前提出申请。' };
    case 'urge':
      return { ...base, title: DOCUMENT_LABELS.urge.name, intro: `以下${items.length}项任务已超过完成时限，请立即办理并反馈进展。`,
        columns: ['序号', '编号', '任务', '完成时限', OVERDUE_DAYS], rows: taskRows((l) => [l.daysOverdue ?? 0]), outro: '请于3个工作日内书面说明原因及整改措施。' };
    case 'supervise':
      // to the leaders in charge by name, else the jurisdiction's default leader; the unit and the office get copies
      return { ...base, to: `${superviseAddressee(c)}：`, cc: [c.unitName, c.officeName ?? office], title: '督办通知单',
        intro: `${c.unitName}牵头的以下${items.length}项任务逾期已达${c.offset}个工作日，经催办仍未办结，现提请督办。`,
        columns: ['序号', '编号', '任务', '完成时限', OVERDUE_DAYS], rows: taskRows((l) => [l.daysOverdue ?? 0]), outro: '请督促责任单位限期办结。' };
    case 'work_reminder': {
      if (c.decisions?.length) return { ...base, ...decisionSheet(c, ctx.date, items) };
      const counted = Object.entries(REMINDER_FLAGS).filter(([k]) => c.counts[k]).map(([k, f]) => `${f.count}${c.counts[k]}项`);
      return { ...base, title: '工作提醒',
        intro: `截至${cn(ctx.date)}，你单位牵头在办任务${c.openCount}项，其中需要关注${items.length}项（${counted.join('、')}），清单如下。`,
        columns: ['序号', '编号', '任务', '完成时限', '进度', '提示'],
        rows: taskRows((l) => [`${l.progress ?? 0}%`, (l.flags ?? []).map((f) => REMINDER_FLAGS[f]?.cell ?? f).join('、')]),
        outro: '请对照清单抓紧推进，并及时在系统中反馈进展。' };
    }
    case 'bulletin': {
      const units = c.units as Array<QueryRow>;
      const overdue = c.overdue as Array<QueryRow>;
      // named first, then the longest overdue (the beat's order); a county with thousands gets the first ones and the count
      const namedCount = overdue.filter((o) => o.named).length;
      const listed = overdue.slice(0, BULLETIN_LISTED).map((o) => `${o.unitName}“${o.title}”（${o.code}，逾期${o.daysOverdue}个自然日${o.named ? '，点名通报' : ''}${o.extensionPending ? '，已申请延期待审批，暂停催办' : ''}）`);
      const named = overdue.length
        ? `逾期任务${overdue.length}项${namedCount ? `，其中点名通报${namedCount}项` : ''}：${listed.join('；')}` +
          `${overdue.length > listed.length ? `；以上为前${listed.length}项，完整清单见月通报统计表及其导出的Excel` : ''}。`
        : '本月无逾期任务。';
      // the unsigned ladder's 点名 (bulletins issued before have no list)
      const unsigned = (c.unsigned ?? []) as UnsignedNamed[];
      const unsignedText = unsigned.length ? `交办单超期未签收、点名通报的任务${unsigned.length}项：` + unsigned.slice(0, BULLETIN_LISTED)
        .map((o) => `${o.unitName}“${o.title}”（${o.code}，${cn(o.slipDate)}印发的交办单${o.slipNumber}超过${o.workingDays}个工作日未签收，点名通报）`)
        .join('；') + `${unsigned.length > BULLETIN_LISTED ? `；以上为前${BULLETIN_LISTED}项` : ''}。` : '';
      // 定期报送: the units chased in the month for a missed report (bulletins issued before have no list)
      const missed = (c.missedReports ?? []) as MissedReport[];
      const missedUnits = [...new Set(missed.map((o) => o.unitName))];
      const missedText = missed.length ? `未按期报送进展的单位${missedUnits.length}个、任务${missed.length}项：` + missedUnits.map((name) => {
        const own = missed.filter((o) => o.unitName === name);
        return `${name}（${own.map((o) => `“${o.title}”${o.code}，${o.cycle}，${cn(o.reportDay)}未报送`).join('；')}）`;
      }).join('；') + '。' : '';
      const month = `${c.month.slice(0, 4)}年${Number(c.month.slice(5, 7))}月`;
      const t = c.totals;
      return { ...base, to: '各乡镇、各部门：', cc: ['各分管领导'], title: `${month}督办检查通报`,
        intro: `现将${month}任务办理情况通报如下。共${t.total}项，已办结${t.completed}项，按期办结${t.onTime}项，逾期${t.overdue}项；` +
          `截至月底到期${t.due}项，已办结${t.dueCompleted}项，办结率${pct(t.completionRate)}，按期率${pct(t.onTimeRate)}。`,
        columns: ['排名', '单位', '任务数', '到期任务', '到期已办结', '其中按期', '逾期', '办结率', '按期率'],
        rows: units.map((u) => [rankLabel(u as Ranked), u.unitName, u.total, u.due, u.dueCompleted, u.dueOnTime, u.overdue,
          pct(u.completionRate), pct(u.onTimeRate)]),
        notes: BULLETIN_NOTES, sections: focusSections(c.focus), outro: named + unsignedText + missedText,
        // bulletins issued before the assessment was written have none
        closing: c.summary ? [`总体评价：${c.summary.overall}`, `下一步工作要求：${c.summary.nextSteps}`] : [] };
    }
    case 'assessment': {
      const lines = c.lines as Array<{ reason: string; code: string | null; points: number }>;
      return { ...base, title: `${quarterName(c.quarter)}考核结果`,
        intro: `你单位本季度得分${c.score}分（基础分${c.base}分），在${c.of}个单位中排名${rankPhrase(c as Ranked)}位。加减分明细如下。`,
        columns: ['序号', '事项', '任务编号', '分值'],
        rows: lines.map((l, i) => [i + 1, l.reason, l.code ?? '', l.points > 0 ? `+${l.points}` : String(l.points)]),
        outro: '如有异议，请于5个工作日内向法治办提出。' };
    }
  }
}

/** A bulletin's 工作重点 figures (absent from bulletins issued before, and when the county groups no task). */
export interface BulletinFocus {
  groupId: string | null;
  /** the group's title; 未分组 for the tasks under none */
  title: string;
  planYear: number | null;
  total: number;
  due: number;
  dueCompleted: number;
  dueOnTime: number;
  overdue: number;
  completionRate: number | null;
  onTimeRate: number | null;
}

export const BULLETIN_FOCUS_CAPTION = '各工作重点办理情况：';

/** One table of the 工作重点 in the plan's order, 未分组 last; the plan year named when the month spans two plans. */
function focusSections(focus: BulletinFocus[] | undefined): SheetSection[] {
  if (!focus?.length) return [];
  const years = new Set(focus.filter((f) => f.groupId).map((f) => f.planYear));
  return [{ caption: BULLETIN_FOCUS_CAPTION, columns: ['工作重点', '任务数', '到期任务', '到期已办结', '逾期', '办结率'],
    rows: focus.map((f) => [years.size > 1 && f.groupId ? `${f.title}（${f.planYear}年）` : f.title, f.total, f.due, f.dueCompleted,
      f.overdue, pct(f.completionRate)]) }];
}

/** 督办通知单's 主送: the unit's leaders in charge by name, else the default leader, else the unit's 分管领导 unnamed. */
function superviseAddressee(c: QueryRow): string {
  const leaders = (c.leaders ?? []) as string[];
  if (leaders.length) return leaders.map((n) => `${n}同志`).join('、');
  return c.defaultLeader ? `${c.defaultLeader}同志` : `${c.unitName}分管领导`;
}

const ccLine = (s: Sheet) => `抄送：${s.cc.join('，')}。`;

/** The plain text, in the 公文's order: 版头, 文号, title, 主送, body, 落款, 成文日期, and the 抄送 last. */
export function renderText(s: Sheet): string {
  const rows = s.rows.map((r) => r.join('　'));
  const notes = s.notes?.length ? [...s.notes, ''] : [];
  const sections = (s.sections ?? []).flatMap((t) => [`　　${t.caption}`, t.columns.join('　'), ...t.rows.map((r) => r.join('　')), '']);
  const closing = (s.closing ?? []).map((p) => `　　${p}`);
  return [s.head, s.number, '', s.title, '', s.to, `　　${s.intro}`, '', s.columns.join('　'), ...rows, '', ...notes, ...sections, `　　${s.outro}`,
    ...closing, '', s.issuer, s.date, ...(s.cc.length ? ['', ccLine(s)] : [])].join('\n');
}

const esc = (v: string | number) => String(v).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/** The HTML: the 版头 as a red, centred header over the 文号; the 抄送 in a 版记 at the end. */
export function renderHtml(s: Sheet): string {
  const table = (columns: string[], rows: Sheet['rows']) => `<table><thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`).join('') + '</tbody></table>';
  return `<article class="duban-doc"><header class="doc-head" style="color:#c00;text-align:center;font-size:1.6em;font-weight:700;letter-spacing:0.1em">` +
    `${esc(s.head)}</header><p class="doc-number">${esc(s.number)}</p><h1>${esc(s.title)}</h1><p class="doc-to">${esc(s.to)}</p><p>${esc(s.intro)}</p>` +
    table(s.columns, s.rows) + (s.notes ?? []).map((n) => `<p class="doc-note">${esc(n)}</p>`).join('') +
    (s.sections ?? []).map((t) => `<p class="doc-section">${esc(t.caption)}</p>${table(t.columns, t.rows)}`).join('') +
    `<p>${esc(s.outro)}</p>` +
    (s.closing ?? []).map((p) => `<p class="doc-closing">${esc(p)}</p>`).join('') +
    `<p class="issuer">${esc(s.issuer)}</p><p class="date">${esc(s.date)}</p>` +
    (s.cc.length ? `<footer class="doc-record"><p class="doc-cc">${esc(ccLine(s))}</p></footer>` : '') + `</article>`;
}

/**
 * Documents issued before titles left out their number stored "交办单 〔2025〕交办第1号", and their notices
 * "交办单 〔2025〕交办第1号（〔2025〕交办第1号）"; the 催办 of either kind stored "催办单". The stored rows stay as issued;
 * reads show them as new ones are.
 */
export function storedTitle(title: string, number: string | null): string {
  if (!number) return title;
  const suffix = ` ${number}`;
  const bare = title.endsWith(suffix) && title.length > suffix.length ? title.slice(0, -suffix.length) : title;
  // the 催办 of either kind: read under the title the rename gave it (notifications' table, for notices too)
  return bare === OLD_CHASE_TITLE ? renamedChaseTitle(number) ?? bare : bare;
}

/** The notices' side of it is the notices' owner's (libs/notifications). */
export { storedNoticeTitle } from '@app/notifications';
