import { parseReport, parseReportText } from '../src';
import { CAUSE_LINE, classifyHeading, templateHeadingKind } from '../src/classify';
import { htmlToText } from '../src/decode/html';
import { isJunkLine, normaliseText } from '../src/normalise';
import { findClosing } from '../src/sections';
import { fold, spanMismatches } from './support/golden';

// The layouts offices actually use: the 2019 督察规定 template, attachments and 版记 after the
// signature, saved web pages. Reports are built line by line so each test shows the layout it pins.
const report = (...parts: string[]): string => parts.join('\n');
const texts = (items: { text: string }[]): string[] => items.map((i) => fold(i.text).replace(/[;,.:。;,、:!?]+$/u, ''));

const TITLE = '青山县司法局2024年法治政府建设情况报告';
const OPENING = '2024年，县司法局深入贯彻习近平法治思想，统筹推进法治政府建设。现将有关情况报告如下。';
const WORK = ['（一）规范行政执法。全年评查行政执法案卷120卷。', '（二）深化普法宣传。开展送法下乡活动30场。'];
const PROBLEMS = ['（一）执法监督力量薄弱，乡镇执法监督员配备不足。', '（二）普法宣传针对性不强，以案释法做得不够。'];
const PLAN = ['（一）配齐乡镇执法监督员，年内实现全覆盖。', '（二）编印以案释法案例汇编，开展专题普法。'];
const SIGNATURE = ['特此报告。', '青山县司法局', '2025年1月15日'];

describe('2019 template headings', () => {
  it.each([
    ['主要举措和成效', 'work'], ['推进法治政府建设的主要举措和成效', 'work'], ['2024年度推进法治政府建设的主要举措和成效', 'work'],
    ['党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况', 'work'],
    ['县司法局党组书记、局长履行推进法治建设第一责任人职责，加强本部门法治政府建设的有关情况', 'work'],
    ['推进法治政府建设存在的不足和原因', 'problems'], ['存在的短板弱项', 'problems'], ['存在的问题和不足', 'problems'],
    ['下一年度推进法治政府建设的主要安排', 'plan'], ['2026年工作打算', 'plan'], ['下一步工作思路', 'plan'], ['下一步工作计划', 'plan'],
    ['其他需要报告的情况', 'other'],
  ])('%s -> %s', (heading, kind) => {
    expect(templateHeadingKind(heading)).toBe(kind);
    expect(classifyHeading(heading).kind).toBe(kind);
  });

  it.each([
    '2024年，县司法局推进法治政府建设存在的不足和原因如下。', '莲河乡2025年法治政府建设工作计划', '存在问题及下一步打算',
    '加强法治政府建设', '2024年度推进法治政府建设的主要举措', '其他需要报告的情况如下：',
  ])('is not a template heading: %s', (line) => expect(templateHeadingKind(line)).toBeNull());

  it('reads long unnumbered headings on their own lines', () => {
    const sut = parseReportText(report(
      TITLE, '县委依法治县办：', OPENING,
      '2024年度推进法治政府建设的主要举措和成效', ...WORK,
      '县司法局党组书记、局长履行推进法治建设第一责任人职责，加强本部门法治政府建设的有关情况',
      '局主要负责人召开党组会议专题研究法治建设工作6次。',
      '2024年度推进法治政府建设存在的不足和原因', ...PROBLEMS,
      '2025年度推进法治政府建设的主要安排', ...PLAN,
      '其他需要报告的情况', '无。', ...SIGNATURE,
    ));
    expect(sut.sections.map((s) => s.kind)).toEqual(['work', 'work', 'problems', 'plan', 'other']);
    expect(texts(sut.problems)).toEqual(texts(PROBLEMS.map((t) => ({ text: t.slice(3) }))));
    expect(texts(sut.measures)).toEqual(texts(PLAN.map((t) => ({ text: t.slice(3) }))));
    expect(sut.reportDate).toBe('2025-01-15');
    expect(spanMismatches(sut)).toEqual([]);
  });

  it('reads numbered headings longer than 40 characters', () => {
    const sut = parseReportText(report(
      TITLE, OPENING, '一、推进法治政府建设的主要举措和成效', ...WORK,
      '二、县司法局党组书记、局长履行推进法治建设第一责任人职责，加强本部门法治政府建设的有关情况', '带头讲法治课2次。',
      '三、推进法治政府建设存在的不足和原因', ...PROBLEMS, '四、下一年度推进法治政府建设的主要安排', ...PLAN,
      '五、其他需要报告的情况', '无。', ...SIGNATURE,
    ));
    expect(sut.sections.map((s) => `${s.ordinal}${s.kind}`)).toEqual(['一、work', '二、work', '三、problems', '四、plan', '五、other']);
    expect(sut.problems).toHaveLength(2);
    expect(sut.measures).toHaveLength(2);
  });

  it('keeps a long body sentence that mentions 不足和原因 out of the headings', () => {
    const sut = parseReportText(report(
      TITLE, OPENING, '一、主要举措和成效', ...WORK,
      '对照年初计划，我们认真查找了推进法治政府建设存在的不足和原因，并逐项明确整改责任和整改时限，确保整改到位',
      '二、存在的不足', ...PROBLEMS, '三、下一步工作安排', ...PLAN, ...SIGNATURE,
    ));
    expect(sut.sections.map((s) => s.kind)).toEqual(['work', 'problems', 'plan']);
  });
});

describe('causes in the problems section', () => {
  // Decision: the causes explain the shortcomings; an office assigns tasks for the shortcomings and the
  // measures answer them, so a cause paragraph or a 原因 sub-section is never a problem item.
  it.each(['究其原因，一是认识不足，二是力量不够。', '（二）原因分析', '2.存在不足的原因', '产生上述问题的主要原因是基层力量薄弱。',
    '主要原因是经费保障不足。', '原因：'])('%s opens the causes', (line) => expect(CAUSE_LINE.test(line)).toBe(true));

  it.each(['（一）原定计划未按期完成的执法监督事项较多。', '乡镇执法原因复杂，群众反映强烈。', '（二）分析研判机制不健全。'])(
    '%s is not a cause line', (line) => expect(CAUSE_LINE.test(line)).toBe(false));

  it('drops a 究其原因 paragraph after the problems', () => {
    const sut = parseReportText(report(
      TITLE, OPENING, '一、主要举措和成效', ...WORK, '二、存在的不足和原因', ...PROBLEMS,
      '究其原因，一是部分干部法治意识不强，二是基层力量配备不到位。', '三、下一年度的主要安排', ...PLAN, ...SIGNATURE,
    ));
    expect(sut.problems).toHaveLength(2);
    expect(sut.problems.some((p) => /原因/.test(p.text))).toBe(false);
  });

  it('reads the problems under their own sub-heading and leaves the 原因 sub-section out', () => {
    const sut = parseReportText(report(
      TITLE, OPENING, '一、主要举措和成效', ...WORK, '二、存在的不足和原因', '（一）存在的不足',
      '1.执法监督力量薄弱，乡镇执法监督员配备不足。', '2.普法宣传针对性不强，以案释法做得不够。', '（二）原因分析',
      '主要是基层力量配备不到位，经费保障不足。', '三、下一年度的主要安排', ...PLAN, ...SIGNATURE,
    ));
    expect(texts(sut.problems)).toEqual(['执法监督力量薄弱,乡镇执法监督员配备不足', '普法宣传针对性不强,以案释法做得不够']);
  });

  it('reads a standard heading followed by a colon, and 上述问题的产生 as causes', () => {
    const sut = parseReportText(report(TITLE, OPENING, '2024年度推进法治政府建设的主要举措和成效：', ...WORK,
      '2024年度推进法治政府建设存在的不足和原因：', ...PROBLEMS, '上述问题的产生，主要在于基层力量不足。',
      '下一年度推进法治政府建设的主要安排：', ...PLAN, ...SIGNATURE));
    expect(sut.sections.map((s) => s.kind)).toEqual(['work', 'problems', 'plan']);
    expect(sut.problems).toHaveLength(2);
    expect(sut.measures).toHaveLength(2);
  });

  it('a problems list on the heading line itself, then the causes', () => {
    const sut = parseReportText(report(TITLE, OPENING, '一、主要举措和成效', ...WORK,
      '二、存在的不足和原因：一是执法监督力量薄弱；二是普法宣传针对性不强。', '究其原因，主要是基层力量不足。',
      '三、下一步工作打算', ...PLAN, ...SIGNATURE));
    expect(texts(sut.problems)).toEqual(['执法监督力量薄弱', '普法宣传针对性不强']);
  });

  it('keeps a problems section without causes as it was', () => {
    const sut = parseReportText(report(TITLE, OPENING, '一、主要举措和成效', ...WORK, '二、存在的问题', ...PROBLEMS,
      '三、下一步工作打算', ...PLAN, ...SIGNATURE));
    expect(sut.problems).toHaveLength(2);
  });
});

describe('attachments and 版记 after the body', () => {
  const body = [TITLE, OPENING, '一、主要工作', ...WORK, '二、存在的问题', ...PROBLEMS, '三、2025年工作打算', ...PLAN];
  const banji = ['——————————————————', '抄送：市司法局，县人大常委会。', '——————————————————', '青山县人民政府办公室 2025年1月20日印发'];
  const lines = (t: string) => normaliseText(t).lines;

  it('an attachment list below the signature, then 抄送 and 印发', () => {
    const sut = parseReportText(report(...body, ...SIGNATURE, '附件：1.青山县2025年法治政府建设工作要点', '2.青山县2024年行政执法统计表', ...banji));
    expect(sut.measures).toHaveLength(2);
    expect(sut.reportDate).toBe('2025-01-15');
    expect(sut.organization).toBe('青山县司法局');
  });

  it('an attachment list above the signature (GB/T 9704), then 抄送 and 印发', () => {
    const sut = parseReportText(report(...body, '附件：1.青山县2025年法治政府建设工作要点', '2.青山县2024年行政执法统计表',
      '3.青山县法律顾问名单', ...SIGNATURE.slice(1), ...banji));
    expect(texts(sut.measures)).toEqual(texts(PLAN.map((t) => ({ text: t.slice(3) }))));
    expect(sut.reportDate).toBe('2025-01-15');
  });

  it('an attachment page with a table, deadlines in its cells', () => {
    const table = ['附件1', '青山县2025年法治政府建设重点任务清单', '序号 重点任务 责任单位 完成时限',
      ...Array.from({ length: 30 }, (_, k) => `${k + 1} 重点任务第${k + 1}项 县司法局 2025年${(k % 12) + 1}月28日`)];
    const sut = parseReportText(report(...body, ...SIGNATURE, '（此件公开发布）', ...table, ...banji));
    expect(sut.measures).toHaveLength(2);
    expect(sut.reportDate).toBe('2025-01-15');
    expect(sut.organization).toBe('青山县司法局');
  });

  it('an attachment table pasted with tabs, 主送 and rules in the 版记', () => {
    const sut = parseReportText(report(...body, ...SIGNATURE, '附件', '重点任务清单', '序号\t任务\t完成时限',
      '1\t配齐执法监督员\t2025年6月30日', '主送：市人民政府。', ...banji));
    expect(sut.measures).toHaveLength(2);
    expect(sut.reportDate).toBe('2025-01-15');
  });

  it('an attachment header alone above the signature is part of the closing block', () => {
    const sut = parseReportText(report(...body, '附件', '1.青山县2025年法治政府建设工作要点', '2.青山县2024年行政执法统计表',
      ...SIGNATURE.slice(1), ...banji));
    expect(sut.measures).toHaveLength(2);
    expect(sut.reportDate).toBe('2025-01-15');
  });

  it('附件1：with its title, and 印发日期：in the 版记', () => {
    const sut = parseReportText(report(...body, ...SIGNATURE, '附件1：青山县2025年法治政府建设重点任务清单',
      '1 配齐乡镇执法监督员 县司法局 2025年6月30日', '抄送：市司法局。', '印发日期：2025年1月21日'));
    expect(sut.measures).toHaveLength(2);
    expect(sut.reportDate).toBe('2025-01-15');
  });

  it('the signature names the organization when the title does not', () => {
    const sut = parseReportText(report('2024年法治政府建设情况报告', ...body.slice(1), ...SIGNATURE, '附件1', '清单',
      '1 任务 县司法局', ...banji));
    expect(sut.organization).toBe('青山县司法局');
    expect(sut.reportDate).toBe('2025-01-15');
  });

  it('an attachment table with one cell a line (as Word tables convert), dates among the cells', () => {
    const cells = ['附件', '重点任务清单', '序号', '任务', '完成时限', '1', '配齐执法监督员', '2025年6月30日', '2', '编印案例汇编', '2025年9月30日'];
    const sut = parseReportText(report(...body, ...SIGNATURE, ...cells));
    expect(sut.measures).toHaveLength(2);
    expect(sut.reportDate).toBe('2025-01-15');
  });

  it('an unsigned report: 附件：title and a table, then 抄送', () => {
    const sut = parseReportText(report(...body, '附件：青山县2025年重点任务清单', '序号 任务 责任单位', '1 配齐执法监督员 县司法局',
      '2 编印案例汇编 县普法办', '抄送：市司法局。'));
    expect(texts(sut.measures)).toEqual(texts(PLAN.map((t) => ({ text: t.slice(3) }))));
    expect(sut.sections[sut.sections.length - 1].span.end).toBeLessThan(sut.text.indexOf('附件'));
  });

  it('an 附件：line in the body, with sections after it, is not a tail', () => {
    const ls = lines(report(TITLE, OPENING, '一、主要工作', ...WORK, '附件：2024年工作台账', '二、存在的问题', ...PROBLEMS,
      '三、下一步打算', ...PLAN));
    expect(findClosing(ls).tailLine).toBe(ls.length);
  });

  it('finds the tail past the signature and the closing block above it', () => {
    const ls = lines(report(...body, ...SIGNATURE, '附件1', '清单', '1 任务 2025年6月30日', ...banji));
    const { closingLine, tailLine } = findClosing(ls);
    expect(ls[closingLine].text).toBe('特此报告。');
    expect(ls[tailLine].text).toBe('附件1');
  });

  it('without attachments or 版记 the tail is empty', () => {
    const ls = lines(report(...body, ...SIGNATURE));
    expect(findClosing(ls).tailLine).toBe(ls.length);
  });

  it.each([
    ['a plan item ending in 印发', '（三）制定实施方案并印发'],
    ['主送 on the first page', '主送：市人民政府'],
    ['a rule line not followed by 抄送 / 印发', '——————————————————'],
  ])('no tail from %s', (_, line) => {
    const ls = lines(report(TITLE, line, OPENING, '一、主要工作', ...WORK, '二、存在的问题', ...PROBLEMS, '三、下一步打算', ...PLAN, line, ...SIGNATURE));
    expect(findClosing(ls).tailLine).toBe(ls.length);
  });

  it('stays linear: a huge attachment after the signature', () => {
    // four times the rows take about four times as long (a quadratic tail would take sixteen); compared in the same
    // run, best of two, so a busy machine slows both sides alike (bench:parse:growth has the absolute figures)
    const parse = (n: number) => {
      const rows = Array.from({ length: n }, (_, k) => `${k + 1}\t任务${k}\t县司法局\t2025年6月30日`);
      const text = report(...body, ...SIGNATURE, '附件1', ...rows, ...banji);
      return Math.min(...[0, 1].map(() => {
        const started = performance.now();
        parseReportText(text);
        return performance.now() - started;
      }));
    };
    const small = parse(12_500);
    const large = parse(50_000);
    expect(large / Math.max(small, 20)).toBeLessThan(8);
  });
});

describe('saved web pages', () => {
  const article = [OPENING, '一、主要工作', ...WORK, '二、存在的问题', ...PROBLEMS, '三、下一步工作计划', ...PLAN, '特此报告。']
    .map((l) => `<p>${l}</p>`).join('\n');
  const page = (head: string, inside: string, extra = ''): string => [
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${head}</title></head><body>`,
    '<div class="header">青山县人民政府</div>', extra, '<div class="article">', inside, article, '</div>',
    '<div class="footer">版权所有：青山县人民政府</div></body></html>',
  ].join('\n');
  const parseHtml = (html: string) => parseReport({ bytes: Buffer.from(html), fileName: 'page.html' });

  it.each([
    '<div class="info">发布时间：2025-01-20 来源：县司法局 浏览次数：123</div>',
    '<div class="info"><span>发布日期：2025年01月20日</span> <span>来源：县司法局</span></div>',
    '<header><div>时间：2025-01-20</div></header>',
    '<div class="xl-info">日期：2025/1/20 阅读：88</div>',
    '<div class="meta">发布于 2025-01-20 09:30</div>',
    '<table class="xxgk"><tr><td>索引号</td><td>001-2025-0012</td><td>成文日期</td><td>2025-01-20</td></tr></table>',
  ])('dates an unsigned report by the publication line outside the article: %s', async (info) => {
    const sut = await parseHtml(page(TITLE, `<h1>${TITLE}</h1>`, info));
    expect(sut.reportDate).toBe('2025-01-20');
    expect(sut.warnings.map((w) => w.code)).toContain('DATE_FROM_PUBLICATION');
    expect(sut.text).not.toMatch(/发布|来源|浏览/);
  });

  it('takes the publication line beside the article, not a sidebar list of other articles', async () => {
    const sidebar = '<div class="list"><ul><li>关于印发工作要点的通知 发布时间：2024-11-02</li><li>政务公开工作通报 发布时间：2024-10-15</li></ul></div>';
    const html = page(TITLE, `<h1>${TITLE}</h1>`, sidebar).replace('<div class="article">',
      '<div class="detail"><div class="info">时间：2025-01-20</div><div class="article">').replace('<div class="footer">', '</div><div class="footer">');
    const sut = await parseHtml(html);
    expect(sut.reportDate).toBe('2025-01-20');
  });

  it('a date in the article prose is not the publication line', async () => {
    const html = page(TITLE, `<h1>${TITLE}</h1><p>培训时间：2024年3月5日至6日，地点：县委党校。</p>`, '<div class="info">发布时间：2025-01-20</div>');
    expect((await parseHtml(html)).reportDate).toBe('2025-01-20');
  });

  it('a signature date in the body wins over the publication line', async () => {
    const sut = await parseHtml(page(TITLE, `<h1>${TITLE}</h1>`, '<div class="info">发布时间：2025-02-03</div>').replace(
      '<p>特此报告。</p>', '<p>特此报告。</p><p>青山县司法局</p><p>2025年1月15日</p>'));
    expect(sut.reportDate).toBe('2025-01-15');
  });

  it('a date banner is not a publication date', () => {
    const out = htmlToText(page(TITLE, `<h1>${TITLE}</h1>`, '<div class="date">日期：2026年3月2日 星期一</div>'));
    expect(out.text).not.toMatch(/星期/);
  });

  it.each([
    '您所在的位置：首页 > 政务公开 > 法治政府建设 > 青山县司法局2024年法治政府建设情况报告',
    '您现在的位置：首页 › 信息公开 › 青山县司法局2024年法治政府建设情况报告',
    '当前位置：首页 » 政务公开 » 青山县司法局2024年法治政府建设情况报告',
    '位置：首页 》 法治政府建设 》 青山县司法局2024年法治政府建设情况报告',
    '首页 - 信息公开 - 法治政府建设',
  ])('a breadcrumb is never the title: %s', async (crumb) => {
    const sut = await parseHtml(page('法治政府建设', `<p>${crumb}</p><p>${TITLE}</p>`));
    expect(sut.title).toBe(TITLE);
    expect(sut.organization).toBe('青山县司法局');
  });

  it.each([
    ['a <title> that is only the site name', page('青山县人民政府门户网站', `<p>${TITLE}</p>`)],
    ['a banner line right above the title', page('报告', `<p>青山县人民政府门户网站</p><p>${TITLE}</p>`)],
    ['a banner <h1>', page('报告', `<h1>青山县人民政府门户网站</h1><p>${TITLE}</p>`)],
  ])('a site banner is not the title: %s', async (_, html) => {
    const sut = await parseHtml(html);
    expect(sut.title).toBe(TITLE);
    expect(sut.organization).toBe('青山县司法局');
  });

  it('takes the report title from a <title> with the site name after it', () => {
    const out = htmlToText(page(`${TITLE}_青山县人民政府门户网站`, ''));
    expect(out.title).toBe(TITLE);
  });

  it.each([
    ['位置在县城东部，交通便利。', false], ['时间紧、任务重，我们克服困难按期完成。', false], ['县人民政府：', false],
    ['青山县人民政府关于2024年法治政府建设情况的报告', false], ['首页', true], ['发布日期：2025年01月20日', true],
    ['长宁县和平镇人民政府门户网站', true], ['您所在的位置：首页 > 政务公开', true], ['青山县人民政府网', true],
    ['（三）加强政府网站建设', false], ['加强政府网站', false], ['四、规范政府网站和政务新媒体', false],
  ])('junk line? %s -> %s', (line, junk) => expect(isJunkLine(line)).toBe(junk));
});
// the layouts' corpus reports (template2019-, attachments-, webpage-) are checked with all the others in corpus.spec.ts

describe('full-width digits and letters (typed with a Chinese input method)', () => {
  it('reads １． enumerators and ２０２５年 as the half-width ones, and keeps what was typed', () => {
    const r = parseReportText(report('青山县司法局２０２５年法治政府建设情况报告', '一、存在的问题',
      '１．执法文书制作不够规范。', '２．基层法治力量薄弱。', '二、２０２６年工作打算',
      '１．开展执法案卷评查，６月底前完成。', '２．充实司法所工作力量。', '青山县司法局', '２０２６年１月２０日'));
    expect(r.problems.map((i) => [i.ordinal, i.text])).toEqual([['１．', '执法文书制作不够规范。'], ['２．', '基层法治力量薄弱。']]);
    expect(r.measures.map((i) => i.text)).toEqual(['开展执法案卷评查，６月底前完成。', '充实司法所工作力量。']);
    expect(r).toMatchObject({ title: '青山县司法局２０２５年法治政府建设情况报告', reportYear: 2025, planYear: 2026,
      reportDate: '2026-01-20', organization: '青山县司法局' });
    for (const item of [...r.problems, ...r.measures]) expect(r.text.slice(item.span.start, item.span.end)).toBe(item.text);
  });
});
