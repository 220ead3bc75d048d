import { parseReportText } from '../src/parse-report';
import { printedWidth, repairLayout, wrapWidth } from '../src/layout-repair';

/** Breaks each paragraph into printed lines of at most `width` (CJK 2, Latin 1), as a PDF viewer copies them. */
function hardWrap(paragraphs: string[], width = 56): string[] {
  const out: string[] = [];
  for (const p of paragraphs) {
    let line = '';
    for (const ch of p) {
      if (printedWidth(line + ch) > width) {
        out.push(line);
        line = '';
      }
      line += ch;
    }
    if (line) out.push(line);
  }
  return out;
}

const INTRO = '2024年，某县司法局在县委、县政府的坚强领导下，深入学习贯彻习近平法治思想，认真落实法治政府建设实施纲要，各项工作取得积极进展，现将有关情况报告如下。';
const WORK = '（一）推进严格规范公正文明执法。全面落实行政执法公示、执法全过程记录、重大执法决定法制审核三项制度，全年办理行政处罚案件一百二十件，开展案卷评查两次，发现并整改问题十七个。';
const PROBLEMS = [
  '1.部分执法人员法治意识不强，运用法治思维和法治方式解决问题的能力有待提高，执法文书制作不够规范。',
  '2.基层法治力量薄弱，司法所工作人员普遍只有一到两名，难以承担合法性审查和矛盾纠纷化解等繁重任务，工作推进不平衡。',
];
const PLAN = [
  '1.加强执法队伍建设，组织执法人员全员轮训，开展案卷评查和执法监督，切实提升执法规范化水平和执法公信力。',
  '2.充实基层法治力量，通过公开招录和人员调剂等方式配齐司法所工作人员，推动法律顾问到村服务常态化，把各项任务落到实处。',
];

function wrappedReport(breakAt: (lines: string[]) => string[] = (l) => l): string {
  const body = hardWrap([INTRO, WORK]);
  return [
    '某县司法局2024年法治政府建设情况报告',
    '一、2024年工作情况',
    ...breakAt(body),
    '二、存在的问题',
    ...hardWrap(PROBLEMS),
    '三、2025年工作打算',
    ...hardWrap(PLAN),
    '某县司法局',
    '2025年1月15日',
  ].join('\n');
}

describe('repairLayout', () => {
  it('joins the printed lines of hard-wrapped text into paragraphs', () => {
    const { text, wrapped, width } = repairLayout(wrappedReport());
    expect(wrapped).toBe(true);
    expect(width).toBeGreaterThanOrEqual(50);
    expect(text.split('\n')).toEqual([
      '某县司法局2024年法治政府建设情况报告', '一、2024年工作情况', INTRO, WORK, '二、存在的问题', ...PROBLEMS,
      '三、2025年工作打算', ...PLAN, '某县司法局', '2025年1月15日',
    ]);
  });

  it('goes on with a paragraph whose sentence ends at the margin, but not into a heading', () => {
    let first = '1.部分执法人员法治意识不强，执法文书制作不够规范';
    while (printedWidth(first) < 54) first += '等';
    first += '。'; // a sentence that ends exactly at the right margin
    const second = '运用法治思维解决问题的能力有待提高。';
    const raw = wrappedReport().replace(hardWrap([PROBLEMS[0]]).join('\n'), `${first}\n${second}`);
    expect(repairLayout(raw).text.split('\n')).toContain(first + second);
    const headed = wrappedReport().replace('三、2025年工作打算', '存在的问题').replace('二、存在的问题', '意见建议。');
    expect(repairLayout(headed).text.split('\n')).toEqual(expect.arrayContaining(['存在的问题', '意见建议。']));
  });

  it.each([['— 3 —'], ['-3-'], ['- 3 -'], ['第3页 共8页'], ['第 3 页'], ['3/8'], ['3']])(
    'drops the page number %s and joins the paragraph it cuts', (mark) => {
      const { text } = repairLayout(wrappedReport((l) => [...l.slice(0, 2), mark, '', ...l.slice(2)]));
      expect(text).toContain(INTRO);
      expect(text).not.toMatch(new RegExp(`^${mark.replace(/[-/]/g, '\\$&')}$`, 'm'));
    });

  it('drops a running header repeated at page breaks but keeps the same words as the signature', () => {
    const header = '某县司法局';
    const raw = wrappedReport((l) => [...l.slice(0, 2), '— 1 —', '', header, ...l.slice(2, 5), '— 2 —', '', header, ...l.slice(5)]);
    const lines = repairLayout(raw).text.split('\n');
    expect(lines.filter((l) => l === header)).toHaveLength(1);
    expect(lines.slice(-2)).toEqual([header, '2025年1月15日']);
    expect(lines).toContain(WORK);
  });

  it('joins paragraphs whose first lines are narrower by the indent the copy lost, even when those are the commoner width', () => {
    // a PDF indents each first line by two characters; copied out, the indent is gone and the line is 4 units short
    const indented = (p: string) => { const [first, ...rest] = hardWrap([p], 52); return [first, ...hardWrap([rest.join('')], 56)]; };
    const short = ['二是行政复议化解行政争议主渠道作用发挥还不充分；三是基层法治建设存在短板，村（社区）法律顾问作用发挥不够均衡。',
      '（一）着力提升执法队伍素质。分层分类开展执法人员培训，年内实现执法人员轮训全覆盖，执法规范化水平明显提升。'];
    const raw = ['某区人民政府2025年法治政府建设情况报告', ...[INTRO, WORK, ...short, ...PLAN].flatMap(indented)].join('\n');
    expect(repairLayout(raw).text.split('\n')).toEqual(['某区人民政府2025年法治政府建设情况报告', INTRO, WORK, ...short, ...PLAN]);
  });

  it('keeps the signature when it repeats the first line of the title, after a blank line', () => {
    const raw = wrappedReport().replace('某县司法局2024年法治政府建设情况报告', '某县司法局\n2024年法治政府建设情况报告')
      .replace('\n某县司法局\n2025年1月15日', '\n特此报告。\n\n某县司法局\n2025年1月15日');
    expect(repairLayout(raw).text.split('\n').slice(-3)).toEqual(['特此报告。', '某县司法局', '2025年1月15日']);
  });

  it('keeps the title when it is printed again at the top of later pages', () => {
    const title = '某县司法局2024年法治政府建设情况报告';
    const raw = wrappedReport((l) => [...l.slice(0, 3), '', title, ...l.slice(3)]);
    const lines = repairLayout(raw).text.split('\n');
    expect(lines[0]).toBe(title);
    expect(lines.filter((l) => l === title)).toHaveLength(1);
    expect(lines).toContain(WORK);
  });

  it('does not join a line wider than the printed lines (a title) to the next', () => {
    const title = '某县司法局关于2024年度法治政府建设情况和2025年度工作安排的报告';
    const raw = wrappedReport().replace('某县司法局2024年法治政府建设情况报告', `${title}\n县人民政府：`);
    expect(repairLayout(raw).text.split('\n').slice(0, 2)).toEqual([title, '县人民政府：']);
  });

  it('joins a signature date cut after the month', () => {
    const raw = wrappedReport().replace('2025年1月15日', '2025年1月\n15日');
    expect(repairLayout(raw).text.endsWith('某县司法局\n2025年1月15日')).toBe(true);
  });

  it('leaves text whose lines are paragraphs unchanged', () => {
    const raw = ['某县司法局2024年法治政府建设情况报告', INTRO, WORK, '二、存在的问题', ...PROBLEMS, '三、2025年工作打算', ...PLAN].join('\n');
    expect(repairLayout(raw)).toEqual({ text: raw, wrapped: false, width: 0 });
  });

  it('does not read lines of equal length that end their sentences as wrapped', () => {
    const line = '部分单位对法治建设重视不够，依法行政意识有待加强，执法规范化水平仍需提升。';
    expect(wrapWidth(Array(50).fill(line))).toBe(0);
  });

  it('does not join a short list of headings and phrases', () => {
    const raw = ['一、工作情况', '（一）强化组织领导', '（二）推进依法决策', '二、存在的问题', '三、下一步打算'].join('\n');
    expect(repairLayout(raw).text).toBe(raw);
  });

  it('joins a paragraph that a page break (form feed) cuts mid-sentence, and only that', () => {
    const cut = INTRO.indexOf('认真落实');
    const raw = `${INTRO.slice(0, cut)}\n\f\n${INTRO.slice(cut)}\n${WORK}\n\f\n二、存在的问题\n${PROBLEMS[0]}\f${PROBLEMS[1]}`;
    expect(repairLayout(raw).text.split(/[\n\f]+/)).toEqual([INTRO, WORK, '二、存在的问题', ...PROBLEMS]);
  });

  it('keeps a page break after a heading or before an enumerator', () => {
    const heading = '（一）强化组织领导，压实法治建设第一责任人职责，推进法治政府建设';
    const raw = `一、存在的问题\f${PROBLEMS[0].slice(0, 30)}\f${PROBLEMS[1]}\f${heading}\f局党组把法治建设纳入年度重点工作。`;
    expect(repairLayout(raw).text).toBe(raw);
  });

  it('does not join the rows of a table pasted as text', () => {
    const rows = Array.from({ length: 12 }, (_, i) =>
      `${String(i + 1).padStart(2, '0')} 规范行政执法程序 县司法局 县市场监督管理局 2025年${(i % 9) + 1}月底前`);
    const raw = ['某县司法局2025年工作任务分解表', ...rows].join('\n');
    expect(repairLayout(raw).text).toBe(raw);
  });

  it('drops an unmistakable page number from unwrapped text too', () => {
    expect(repairLayout(`${INTRO}\n— 2 —\n${WORK}`).text).toBe(`${INTRO}\n${WORK}`);
  });

  it('drops a running header beside the page numbers of text too short to show its printed width, and only there', () => {
    const header = '某县司法局2024年法治政府建设情况报告';
    const raw = [header, INTRO, '— 2 —', header, WORK, '— 3 —', header, PLAN[0], '', header, '2025年1月15日'].join('\n');
    expect(repairLayout(raw).text).toBe([header, INTRO, WORK, PLAN[0], '', header, '2025年1月15日'].join('\n'));
    // once beside a page number is not a running header
    const once = [INTRO, '— 2 —', '某县司法局', WORK].join('\n');
    expect(repairLayout(once).text).toBe([INTRO, '某县司法局', WORK].join('\n'));
  });
});

describe('parsing pasted PDF text', () => {
  it('ends the last item of a list with its section, not at its first line break', () => {
    const report = parseReportText(wrappedReport((l) => [...l.slice(0, 2), '第 1 页', ...l.slice(2)]));
    expect(report.problems.map((i) => i.text)).toEqual(PROBLEMS.map((p) => p.slice(2)));
    expect(report.measures.map((i) => i.text)).toEqual(PLAN.map((p) => p.slice(2)));
    expect(report.reportDate).toBe('2025-01-15');
    for (const item of [...report.problems, ...report.measures]) {
      expect(report.text.slice(item.span.start, item.span.end)).toBe(item.text);
    }
  });

  it('goes on with the last item past a line break in the middle of its sentence, in text too short to be seen as wrapped', () => {
    const report = parseReportText(['某县司法局2024年法治政府建设情况报告', '某县司法局', '2025年2月10日', '一、存在的问题',
      '1.执法队伍专业化水平不高，面对新型', '违法行为时取证能力不足。', '2.普法形式单一，覆盖面不广。', '二、2025年工作打算',
      '（一）加强执法队伍建设。组织执法人员参加培训不少于', '40学时。', '（二）深化精准普法。开展送法进企业活动不少于', '20场次。',
      '— 3 —', '附件：执法数据统计表', '抄送：县委依法治县办。', '某县司法局办公室 2025年2月10日印发'].join('\n'));
    expect(report.measures.map((i) => i.text.replace(/\n/g, ''))).toEqual(['加强执法队伍建设。组织执法人员参加培训不少于40学时。',
      '深化精准普法。开展送法进企业活动不少于20场次。']);
    expect(report.problems.map((i) => i.text.replace(/\n/g, ''))).toEqual(['执法队伍专业化水平不高，面对新型违法行为时取证能力不足。',
      '普法形式单一，覆盖面不广。']);
    for (const item of [...report.problems, ...report.measures]) expect(report.text.slice(item.span.start, item.span.end)).toBe(item.text);
    // the date under the reporting body's name, above the body, is the report's date
    expect(report.reportDate).toBe('2025-02-10');
    expect(report.warnings.map((w) => w.code)).not.toContain('NO_REPORT_DATE');
  });

  it('takes the 版记’s 印发 date, with a warning, when nothing else dates the report', () => {
    const report = parseReportText(['某县司法局2024年法治政府建设情况报告', '一、存在的问题', '1.普法形式单一，覆盖面不广。',
      '二、2025年工作打算', '1.深化精准普法，开展送法进企业活动。', '抄送：县委依法治县办。', '某县司法局办公室 2025年2月12日印发'].join('\n'));
    expect(report.reportDate).toBe('2025-02-12');
    expect(report.warnings.map((w) => w.code)).toContain('DATE_FROM_ISSUE_LINE');
  });

  it('does not open a suggestions section at a wrapped line that starts with 建议', () => {
    const wrappedItem = ['1.加强执法队伍建设，组织执法人员全员轮训，开展案卷评查，', '建议各执法单位主动公开执法依据和程序。'];
    const raw = wrappedReport().replace(hardWrap(PLAN).join('\n'), [...wrappedItem, ...hardWrap([PLAN[1]])].join('\n'));
    const report = parseReportText(raw);
    expect(report.suggestions).toEqual([]);
    expect(report.measures.map((i) => i.text)).toEqual([wrappedItem.join('').slice(2), PLAN[1].slice(2)]);
  });

  it('does not read a paragraph that is one sentence starting with 建议 as a suggestions heading', () => {
    const raw = wrappedReport().replace('某县司法局\n2025年1月15日', '建议上级部门加大对基层法治建设的支持力度。\n某县司法局\n2025年1月15日');
    const report = parseReportText(raw);
    expect(report.sections.map((s) => s.kind)).toEqual(['work', 'problems', 'plan']);
    expect(report.suggestions).toEqual([]);
    expect(report.measures).toHaveLength(2);
  });

  it('still reads a short unnumbered heading with a full stop', () => {
    const raw = wrappedReport().replace('三、2025年工作打算', '意见建议。');
    expect(parseReportText(raw).sections.map((s) => s.kind)).toEqual(['work', 'problems', 'suggestions']);
  });

  it('repairs 10 MB of wrapped text in linear time', () => {
    const page = wrappedReport((l) => [...l, '— 1 —', '']);
    const big = page.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(page)));
    const t0 = Date.now();
    const { wrapped } = repairLayout(big);
    const ms = Date.now() - t0;
    expect(wrapped).toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it('stays linear on one endless wrapped paragraph and on thousands of page breaks', () => {
    const line = '部分单位对法治建设重视不够，依法行政意识有待加强，执法规范化水平仍需提升，';
    const t0 = Date.now();
    const one = repairLayout(`${line}\n`.repeat(100_000));
    const pages = repairLayout(`${INTRO.slice(0, 40)}\f${INTRO.slice(40)}\n${WORK}\n\f\n`.repeat(20_000));
    const ms = Date.now() - t0;
    expect(one.text.split('\n')).toHaveLength(1);
    expect(pages.text.split('\n\f\n')[0]).toBe(`${INTRO}\n${WORK}`);
    expect(ms).toBeLessThan(5000);
  });
});
