import { AlignmentType, type Paragraph } from 'docx';
import { blank, body, CHAR, FONTS, gbDocx, para, SIZE } from '../supervision/render-docx';
import type { OutcomeItemView, OutcomeTaskView, ReportOutcomeView } from './report-outcome.service';

/** 2026-06-20 → 2026年6月20日 */
export const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1 → 一, 12 → 十二, 25 → 二十五 (enough for the items of one report) */
export function chineseNumber(n: number): string {
  if (n <= 10) return NUMERALS[n - 1];
  if (n < 20) return `十${NUMERALS[n - 11]}`;
  const tens = Math.floor(n / 10);
  return `${NUMERALS[tens - 1]}十${n % 10 ? NUMERALS[n % 10 - 1] : ''}`;
}

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** What became of one task by `asOf`, in the words a 整改落实情况 uses (the clause after “由XX局牵头，”). */
function outcomeClause(t: OutcomeTaskView, asOf: string): string {
  switch (t.outcome) {
    case 'on_time': return `于${chineseDate(t.completedOn!)}按期办结`;
    case 'extended': return `经批准延期至${chineseDate(t.currentDeadline)}，于${chineseDate(t.completedOn!)}办结`;
    case 'late': return `完成时限为${chineseDate(t.currentDeadline)}，于${chineseDate(t.completedOn!)}逾期办结`;
    case 'carried': return `年内未办结，已结转至${t.carriedTo!.planYear}年继续办理（任务编号${t.carriedTo!.code}）`;
    case 'cancelled': return `该项任务已撤销${t.cancelReason ? `（${t.cancelReason}）` : ''}`;
    case 'open': {
      // an open task past its deadline is not simply 正在办理: next year's report must own up to it
      const late = dayNumber(asOf) - dayNumber(t.currentDeadline);
      return `${late > 0 ? '尚未办结' : '正在办理'}，完成时限为${chineseDate(t.currentDeadline)}${late > 0 ? `，已逾期${late}天` : ''}`;
    }
    case 'unassigned': return '已列入督办任务，尚未交办';
  }
}

function taskSentence(t: OutcomeTaskView, asOf: string): string {
  const owners = `由${t.leadUnitName}牵头${t.coOwnerNames.length ? `，${t.coOwnerNames.join('、')}配合` : ''}`;
  const evidence = t.evidence.length ? `；佐证材料：${t.evidence.join('、')}` : '';
  return `${owners}，${outcomeClause(t, asOf)}${evidence}`;
}

/** 针对“…”问题，由XX局牵头，……于2026年6月20日按期办结；佐证材料：……。 (`asOf`: the day the outcome is told as of) */
export function itemSentence(item: OutcomeItemView, asOf: string): string {
  const lead = item.kind === 'problem' ? `针对“${item.heading}”问题` : `围绕“${item.heading}”举措`;
  if (!item.tasks.length) return `${lead}，未单独列入督办任务。`;
  if (item.tasks.length === 1) return `${lead}，${taskSentence(item.tasks[0], asOf)}。`;
  return `${lead}，分${item.tasks.length}项任务落实：${item.tasks.map((t) => `“${t.title}”${taskSentence(t, asOf)}`).join('；')}。`;
}

/** 共N个问题、M项举措，已办结X项，其中按期办结Y项……; the parts that are none are left out after 已办结. */
export function summarySentence(v: ReportOutcomeView): string {
  const s = v.summary;
  const of = [s.onTime && `按期办结${s.onTime}项`, s.extended && `延期后办结${s.extended}项`, s.late && `逾期办结${s.late}项`]
    .filter(Boolean);
  const rest = [s.carried && `结转下一年度继续办理${s.carried}项`, s.cancelled && `撤销${s.cancelled}项`,
    s.open + s.unassigned && `正在办理${s.open + s.unassigned}项`, s.untracked && `未单独列入督办任务${s.untracked}项`].filter(Boolean);
  return `截至${chineseDate(v.asOf)}，《${v.title}》所列共${s.problems}个问题、${s.measures}项举措，已办结${s.completed}项` +
    `${of.length ? `，其中${of.join('、')}` : ''}${rest.length ? `；${rest.join('；')}` : ''}。`;
}

/** The document's title: 《2025年度法治政府建设情况报告》所列问题和举措整改落实情况 */
export const outcomeTitle = (v: Pick<ReportOutcomeView, 'title'>) => `《${v.title}》所列问题和举措整改落实情况`;

const heading1 = (text: string) => para(text, { indent: { firstLine: 2 * CHAR }, font: FONTS.heading });
const heading2 = (text: string) => para(text, { indent: { firstLine: 2 * CHAR }, font: FONTS.subheading });

/**
 * The outcome as a Word document to paste into next year's report under 上年问题整改情况: the title in 小标宋 二号, the
 * summary, then 一、问题整改情况 and 二、举措落实情况 (黑体), each item under （一）… (楷体) with its sentence, body in
 * 仿宋_GB2312 三号 on the GB/T 9704 page. No 版头: it is a part of another document, not a document of its own.
 */
export async function renderOutcomeDocx(v: ReportOutcomeView, issuer: string): Promise<{ title: string; body: Buffer }> {
  const title = outcomeTitle(v);
  const children: Paragraph[] = [
    para(title, { alignment: AlignmentType.CENTER, font: FONTS.title, size: SIZE.title }),
    blank(),
    body(summarySentence(v)),
  ];
  const sections: Array<[string, OutcomeItemView[]]> = [['问题整改情况', v.problems], ['举措落实情况', v.measures]];
  sections.filter(([, items]) => items.length).forEach(([name, items], k) => {
    children.push(heading1(`${chineseNumber(k + 1)}、${name}`));
    items.forEach((item, n) => {
      children.push(heading2(`（${chineseNumber(n + 1)}）${item.heading}`), body(itemSentence(item, v.asOf)));
    });
  });
  return { title, body: await gbDocx({ title, creator: issuer, children }) };
}
