import { parseReportText } from './parse-report';
import type { ParsedReport, ReportItem } from './types';

const brief = (items: ReportItem[]): unknown[] =>
  items.map((i) => (i.children.length ? [i.ordinal, i.text, brief(i.children)] : [i.ordinal, i.text]));
const kinds = (r: ParsedReport): string[] => r.sections.map((s) => s.kind);

describe('parseReportText', () => {
  it('reads 第X部分 chapters, 第一，inline items and 1. measures under a weak plan heading', () => {
    const sut = parseReportText(['某某区应急管理局2023年法治政府建设情况报告', '第一部分 工作开展情况', '今年以来，我局深入推进依法行政。',
      '第二部分 问题和不足', '第一，执法人员数量不足；第二，执法装备落后。', '第三部分 努力方向',
      '1.加强队伍建设。补充执法人员。', '2.改善执法装备。争取专项资金。'].join('\n'));
    expect(kinds(sut)).toEqual(['work', 'problems', 'plan']);
    expect(brief(sut.problems)).toEqual([['第一', '执法人员数量不足；'], ['第二', '执法装备落后。']]);
    expect(brief(sut.measures)).toEqual([['1.', '加强队伍建设。补充执法人员。'], ['2.', '改善执法装备。争取专项资金。']]);
    expect(sut.measures[0].heading).toBe('加强队伍建设');
    expect(sut.organization).toBe('某某区应急管理局');
    expect(sut.planYear).toBe(2024);
    expect(sut.warnings.map((w) => w.code)).toContain('PLAN_YEAR_INFERRED');
  });

  it('splits a 存在的问题和下一步打算 section without sub-headings at the 下一步 paragraph', () => {
    const sut = parseReportText(['某县水利局2022年法治政府建设工作报告', '一、主要工作', '（一）加强学法。组织学法四次。',
      '二、存在的问题和下一步打算', '主要问题：一是法治宣传不够深入；二是执法力量薄弱。',
      '下一步，我们将重点抓好以下工作：一是创新宣传方式；二是充实执法力量；三是加强督查考核。'].join('\n'));
    expect(brief(sut.problems)).toEqual([['一是', '法治宣传不够深入；'], ['二是', '执法力量薄弱。']]);
    expect(brief(sut.measures)).toEqual([['一是', '创新宣传方式；'], ['二是', '充实执法力量；'], ['三是', '加强督查考核。']]);
  });

  it('nests ① lines under heading-only （一） lines and reads （1） measures', () => {
    const sut = parseReportText(['某市城管局关于2021年度法治政府建设情况的报告', '一、2021年工作情况', '略。', '二、存在问题',
      '（一）执法方式有待改进', '①个别执法人员态度生硬；', '②执法过程记录不完整。', '（二）制度建设滞后', '①部分制度多年未修订；',
      '②配套制度不健全。', '三、2022年工作思路', '（1）规范执法行为，推行柔性执法。', '（2）加强制度建设，开展制度清理。',
      '某市城市管理局', '2022年1月20日'].join('\n'));
    expect(brief(sut.problems)).toEqual([
      ['（一）', '执法方式有待改进\n①个别执法人员态度生硬；\n②执法过程记录不完整。', [['①', '个别执法人员态度生硬；'], ['②', '执法过程记录不完整。']]],
      ['（二）', '制度建设滞后\n①部分制度多年未修订；\n②配套制度不健全。', [['①', '部分制度多年未修订；'], ['②', '配套制度不健全。']]],
    ]);
    expect(sut.measures.map((m) => m.ordinal)).toEqual(['（1）', '（2）']);
    expect(sut.problems[0].heading).toBe('执法方式有待改进');
    expect([sut.reportYear, sut.planYear, sut.reportDate]).toEqual([2021, 2022, '2022-01-20']);
  });

  it('takes unnumbered paragraphs as items and says so', () => {
    const sut = parseReportText(['某乡人民政府2023年法治建设工作总结', '一、工作情况', '全年组织学法六次。', '二、存在的不足',
      '法治宣传形式单一，群众参与度不高。', '执法人员业务能力有待提升。', '三、下步工作打算', '继续加强法治宣传，提升执法能力。'].join('\n'));
    expect(brief(sut.problems)).toEqual([[null, '法治宣传形式单一，群众参与度不高。'], [null, '执法人员业务能力有待提升。']]);
    expect(sut.measures).toHaveLength(1);
    expect(sut.warnings.map((w) => w.code)).toContain('ITEMS_UNNUMBERED');
  });

  it('ignores enumerations in work sections and reports missing sections', () => {
    const sut = parseReportText('某县2023年法治政府建设情况报告\n一、工作情况\n一是加强学习。二是严格执法。\n二、经验做法\n（一）抓统筹。\n（二）抓落实。');
    expect(sut.problems).toEqual([]);
    expect(sut.measures).toEqual([]);
    expect(sut.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['NO_PROBLEMS_SECTION', 'NO_PLAN_SECTION']));
  });

  it('infers the covered year from an early-year date when nothing prints it', () => {
    const sut = parseReportText('今年以来，区档案馆坚持依法治档。\n一、存在问题\n一是制度不健全；二是人员不足。\n2024年3月5日');
    expect([sut.reportYear, sut.planYear, sut.reportDate]).toEqual([2023, 2024, '2024-03-05']);
    expect(sut.organization).toBe('区档案馆');
    expect(sut.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['REPORT_YEAR_INFERRED', 'PLAN_YEAR_INFERRED']));
  });

  it('reads an unnumbered 存在的问题： line with its items after the colon, and a title opening with 关于', () => {
    const sut = parseReportText(['关于2023年度法治政府建设情况的报告', '2023年，市林业局坚持依法行政。', '存在的问题：一是执法力量不足；二是宣传不够。',
      '下一步工作打算：一是充实力量；二是创新宣传。'].join('\n'));
    expect(sut.organization).toBe('市林业局');
    expect(sut.problems.map((p) => p.text)).toEqual(['执法力量不足；', '宣传不够。']);
    expect(sut.measures.map((p) => p.text)).toEqual(['充实力量；', '创新宣传。']);
  });

  it('reads a Chinese-numeral signature date and a 发布于 line', () => {
    expect(parseReportText('某局2023年工作报告\n一、存在问题\n一是甲；二是乙。\n某局\n二〇二四年一月九日').reportDate).toBe('2024-01-09');
    expect(parseReportText('某局2023年工作报告\n（发布于：2024-02-01 10:00）\n一、存在问题\n一是甲；二是乙。').reportDate).toBe('2024-02-01');
  });
});
