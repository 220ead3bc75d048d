import type { SectionKind } from './types';

/** Phrases that mention 问题 without being about the unit's own shortcomings. */
const PROBLEM_NOISE = /(?:解决|破解|化解|整改|处理|查处|排查|反映|发现|聚焦|回应)[^，,。；;、]{0,12}问题|问题(?:导向|整改|线索)|急难愁盼[^，,]{0,6}问题/g;
const PROBLEM = /存在的?(?:主要)?(?:问题|不足|困难)|问题|不足|短板|差距|薄弱|瓶颈|弱项|欠缺|困难和|挑战/;
const PLAN_STRONG = new RegExp([
  '下一步', '下步', '下阶段', '下一阶段', '下一年', '下年度', '明年', '来年', '今后', '新的一年', '新一年',
  '(?:\\d{4}|[〇零一二三四五六七八九]{4})\\s*年(?:度)?[^，,。]{0,16}(?:打算|计划|安排|思路|设想|要点)',
  '(?:工作|主要)(?:打算|计划|思路|设想)', '打算', '计划$', '努力方向', '改进措施', '整改措施', '工作措施', '对策',
].join('|'));
const PLAN_WEAK = /谋划|未来|展望|方向|思路|措施|举措|安排|重点工作|重点任务/;
const SUGGEST = /建议|意见(?!征)|请求|诉求/;
const DUTY = /第一责任人|主要负责人|述法|履行[^，,。]{0,10}职责/;
const DONE = /(?:完成|落实|开展|推进|进展|执行|建设|工作|整改)情况|主要(?:成效|做法|成绩)|成效|成绩|回顾/;

export interface HeadingClass {
  kind: SectionKind;
  /** the heading names several kinds (存在的问题及下一步打算): read its sub-sections one by one */
  mixed: SectionKind[];
  /** where in the heading the deciding cue starts (unnumbered headings must name it up front) */
  cueAt: number;
  weak: boolean;
}

/** What a section heading is about, from the meaning of its words, not from a list of known headings. */
export function classifyHeading(heading: string): HeadingClass {
  const plain = heading.replace(/\s+/g, '');
  const h = plain.replace(PROBLEM_NOISE, (m) => '＊'.repeat(m.length));
  const done = DONE.test(plain);
  // the leaders' 第一责任人 duties are work the unit reports on (督察工作规定 art. 26), not problems or plans
  if (DUTY.test(h)) return { kind: 'work', mixed: [], cueAt: 0, weak: false };
  const found: { kind: SectionKind; at: number }[] = [];
  const p = PROBLEM.exec(h);
  if (p) found.push({ kind: 'problems', at: p.index });
  const pl = PLAN_STRONG.exec(h);
  if (pl) found.push({ kind: 'plan', at: pl.index });
  const s = SUGGEST.exec(h);
  if (s) found.push({ kind: 'suggestions', at: s.index });
  if (found.length) {
    // "2023年重点任务完成情况" reports work done, even with a year and a plan-like word in it
    if (found.length === 1 && found[0].kind === 'plan' && done && !/下一步|下步|今后|明年|打算/.test(h)) {
      return { kind: 'work', mixed: [], cueAt: -1, weak: false };
    }
    if (found.length === 1 && found[0].kind === 'problems' && /整改/.test(h) && done) {
      return { kind: 'work', mixed: [], cueAt: -1, weak: false };
    }
    found.sort((a, b) => a.at - b.at);
    return { kind: found[0].kind, mixed: found.length > 1 ? found.map((f) => f.kind) : [], cueAt: found[0].at, weak: false };
  }
  const w = PLAN_WEAK.exec(h);
  if (w && !done) return { kind: 'plan', mixed: [], cueAt: w.index, weak: true };
  return { kind: done ? 'work' : 'other', mixed: [], cueAt: -1, weak: false };
}

/**
 * The section headings of the 2019 template (中办、国办《法治政府建设与责任落实督察工作规定》 arts. 26-27:
 * 主要举措和成效 / 第一责任人职责 / 存在的不足和原因 / 下一年度的主要安排 / 其他需要报告的情况) and the
 * wordings offices use for them now. Such a line is a heading even without a number, when it is long or
 * when its cue word comes late ("2024年度推进法治政府建设存在的不足和原因").
 */
const TEMPLATE_HEADINGS: readonly [RegExp, SectionKind][] = [
  [/主要(?:举措|措施|做法|工作)(?:和|及|与|、)(?:主要)?(?:成效|成果|成绩)$/, 'work'],
  [/第一责任人职责[^。；;]{0,40}情况$/, 'work'],
  [/存在的?(?:主要)?(?:问题|不足|困难|短板|差距|短板弱项|薄弱环节)(?:(?:和|及|与|、)(?:问题|不足|困难|短板|差距|弱项))?(?:(?:和|及|与|、)(?:其)?(?:原因|成因)(?:分析)?)?$/, 'problems'],
  [/^(?:下一年度|下一年|下年度|下一步|下步|今后|(?:19|20)\d{2}\s*年度?)[^。；;，,]{0,24}(?:主要|工作|重点)?(?:安排|打算|计划|思路|设想)$/, 'plan'],
  [/^其他需要(?:报告|说明)的(?:情况|事项|问题)$/, 'other'],
];

/** The kind of a standard report heading (see TEMPLATE_HEADINGS), or null for any other line. */
export function templateHeadingKind(heading: string): SectionKind | null {
  const plain = heading.replace(/\s+/g, '');
  if (plain.length > 80 || /[。；;！!？?]/.test(plain)) return null;
  for (const [re, kind] of TEMPLATE_HEADINGS) if (re.test(plain)) return kind;
  return null;
}

/**
 * A line that opens the analysis of causes inside a problems section: "究其原因，…", "（二）原因分析",
 * "产生上述问题的主要原因是…". An office assigns tasks for the shortcomings themselves and the measures
 * answer those; the causes explain them and are not items of their own.
 */
export const CAUSE_LINE = new RegExp('^(?:[（(]?[一二三四五六七八九十\\d]{1,2}[）)]?[、.．]?\\s*)?(?:' + [
  '究其原因', '分析(?:其|这些|上述)?原因', '剖析(?:其|这些|上述)?原因', '(?:主要)?原因分析', '原因剖析',
  '(?:产生|出现|存在)(?:以上|上述|这些)?(?:问题|不足)的(?:主要|根本|深层次)?原因', '(?:问题|不足)(?:产生|存在)的(?:主要)?原因',
  '(?:主要|深层次|根本)?原因(?:主要)?(?:是|有|在于)', '(?:主要|深层次|根本)?原因\\s*[:：]?$', '(?:其|这些|上述)?(?:不足|问题)的原因',
  '(?:以上|上述|这些)(?:问题|不足)(?:的)?(?:产生|存在|出现)[^。；;]{0,12}(?:原因|因为|在于|由于)',
].join('|') + ')');

