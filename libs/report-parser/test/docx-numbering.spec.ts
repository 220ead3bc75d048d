import { parseReport } from '../src';
import { formatNumber } from '../src/decode/docx-numbering';
import { spanMismatches } from './support/golden';
import { type DocxLevel, type DocxNumbering, type DocxParagraph, makeNumberedDocx } from './support/make-docx';

// .docx files whose ordinals come from Word's automatic numbering (numbering.xml), as the reader sees them printed.
const textOf = async (paragraphs: DocxParagraph[], numbering: DocxNumbering) =>
  (await parseReport({ bytes: makeNumberedDocx(paragraphs, numbering), fileName: 'report.docx' })).text.split('\n');

const CHAPTER: DocxLevel = { format: 'chineseCounting', text: '%1、' };
const SECTION: DocxLevel = { format: 'chineseCounting', text: '（%2）' };
const DECIMAL: DocxLevel = { format: 'decimal', text: '%1.' };

describe('.docx automatic numbering', () => {
  it('prints chapter headings 一、二、 and items （一）（二） that restart under each chapter', async () => {
    const lines = await textOf([
      { text: '甲县统计局2025年法治政府建设情况报告' },
      { text: '主要工作', numId: 1 },
      { text: '健全制度。', numId: 1, ilvl: 1 },
      { text: '规范执法。', numId: 1, ilvl: 1 },
      { text: '存在的问题', numId: 1 },
      { text: '统计执法力量薄弱。', numId: 1, ilvl: 1 },
      { text: '普法宣传形式单一。', numId: 1, ilvl: 1 },
      { text: '2026年工作打算', numId: 1 },
      { text: '充实执法力量。', numId: 1, ilvl: 1 },
    ], { abstracts: [[CHAPTER, SECTION]], nums: [{ abstract: 0 }] });
    expect(lines).toEqual(['甲县统计局2025年法治政府建设情况报告', '一、主要工作', '（一）健全制度。', '（二）规范执法。',
      '二、存在的问题', '（一）统计执法力量薄弱。', '（二）普法宣传形式单一。', '三、2026年工作打算', '（一）充实执法力量。']);
  });

  it('continues a list across a heading of another list, and restarts one that overrides its start', async () => {
    const lines = await textOf([
      { text: '存在的问题', numId: 1 },
      { text: '甲。', numId: 2 },
      { text: '乙。', numId: 2 },
      { text: '下一步打算', numId: 1 },
      { text: '丙。', numId: 2 },
      { text: '另起一组', numId: 1 },
      { text: '丁。', numId: 3 },
      { text: '戊。', numId: 3 },
    ], { abstracts: [[CHAPTER], [DECIMAL]], nums: [{ abstract: 0 }, { abstract: 1 }, { abstract: 1, startOverride: { 0: 1 } }] });
    expect(lines).toEqual(['一、存在的问题', '1.甲。', '2.乙。', '二、下一步打算', '3.丙。', '三、另起一组', '1.丁。', '2.戊。']);
  });

  it('lists of one definition without overrides continue one another, as in Word', async () => {
    const lines = await textOf([{ text: '甲。', numId: 1 }, { text: '乙。', numId: 2 }],
      { abstracts: [[DECIMAL]], nums: [{ abstract: 0 }, { abstract: 0 }] });
    expect(lines).toEqual(['1.甲。', '2.乙。']);
  });

  it('takes numbering from the paragraph style, through w:basedOn, and numId 0 switches it off', async () => {
    const lines = await textOf([
      { text: '存在的问题', style: 'ChapterHeading' },
      { text: '执法不规范。', style: 'ItemHeading' },
      { text: '培训不足。', style: 'ItemDerived' },
      { text: '没有编号的标题', style: 'ChapterHeading', numId: 0 },
      { text: '下一步打算', style: 'ChapterHeading' },
      { text: '加强培训。', style: 'ItemHeading' },
    ], {
      abstracts: [[CHAPTER, SECTION]], nums: [{ abstract: 0 }],
      styles: { ChapterHeading: { numId: 1, ilvl: 0 }, ItemHeading: { numId: 1, ilvl: 1 }, ItemDerived: { basedOn: 'ItemHeading' } },
    });
    expect(lines).toEqual(['一、存在的问题', '（一）执法不规范。', '（二）培训不足。', '没有编号的标题', '二、下一步打算', '（一）加强培训。']);
  });

  it('takes the level of a style-numbered paragraph from the level linked to its style when the style leaves it out', async () => {
    const lines = await textOf([
      { text: '存在的问题', style: 'Heading1' },
      { text: '执法不规范。', style: 'Heading2' },
      { text: '下一步打算', style: 'Heading1' },
      { text: '加强培训。', style: 'Heading2' },
    ], {
      abstracts: [[{ ...CHAPTER, style: 'Heading1' }, { ...SECTION, style: 'Heading2' }]], nums: [{ abstract: 0 }],
      styles: { Heading1: { numId: 1 }, Heading2: { numId: 1 } },
    });
    expect(lines).toEqual(['一、存在的问题', '（一）执法不规范。', '二、下一步打算', '（一）加强培训。']);
  });

  it('honours w:start, w:lvlRestart 0 (never restart) and multi-level text 1.1', async () => {
    const lines = await textOf([
      { text: '甲', numId: 1 },
      { text: '子', numId: 1, ilvl: 1 },
      { text: '乙', numId: 1 },
      { text: '丑', numId: 1, ilvl: 1 },
      { text: '丙', numId: 2 },
      { text: '寅', numId: 2, ilvl: 1 },
      { text: '卯', numId: 2, ilvl: 1 },
      { text: '丁', numId: 2 },
      { text: '辰', numId: 2, ilvl: 1 },
    ], {
      abstracts: [
        [{ format: 'chineseCounting', text: '%1、', start: 3 }, { format: 'decimal', text: '%2.', restart: 0 }],
        [{ format: 'decimal', text: '%1.' }, { format: 'decimal', text: '%1.%2' }],
      ],
      nums: [{ abstract: 0 }, { abstract: 1 }],
    });
    expect(lines).toEqual(['三、甲', '1.子', '四、乙', '2.丑', '1.丙', '1.1 寅', '1.2 卯', '2.丁', '2.1 辰']);
  });

  it('prints no mark for a bulleted paragraph', async () => {
    expect(await textOf([{ text: '要点', numId: 1 }], { abstracts: [[{ format: 'bullet', text: '\uF06C' }]], nums: [{ abstract: 0 }] }))
      .toEqual(['要点']);
  });

  it('formats the counters Chinese reports use', () => {
    const cn = [1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110, 111].map((n) => formatNumber(n, 'chineseCounting'));
    expect(cn).toEqual(['一', '九', '十', '十一', '十九', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十', '一百一十一']);
    expect(formatNumber(12, 'chineseCountingThousand')).toBe('十二');
    expect(formatNumber(3, 'ideographTraditional')).toBe('丙');
    expect(formatNumber(2, 'decimalEnclosedCircleChinese')).toBe('②');
    expect(formatNumber(10, 'ideographDigital')).toBe('一〇');
    expect(formatNumber(12, 'chineseLegalSimplified')).toBe('拾贰');
    expect(formatNumber(4, 'upperRoman')).toBe('IV');
    expect(formatNumber(27, 'lowerLetter')).toBe('aa');
    expect(formatNumber(7, 'decimalFullWidth')).toBe('７');
  });

  it('a report numbered by Word parses like the same report typed out: items, ordinals and spans', async () => {
    const bytes = makeNumberedDocx([
      { text: '乙市交通运输局2024年度法治政府建设情况报告' },
      { text: '2024年，我局认真落实法治政府建设各项任务，现将有关情况报告如下。' },
      { text: '主要工作', numId: 1 },
      { text: '完善执法制度。修订执法文书样式12种。', numId: 1, ilvl: 1 },
      { text: '存在的问题', numId: 1 },
      { text: '执法人员数量不足，专业化程度不高。', numId: 1, ilvl: 1 },
      { text: '执法监督机制不够健全。', numId: 1, ilvl: 1 },
      { text: '2025年工作打算', numId: 1 },
      { text: '加强执法队伍建设。上半年完成全员轮训。', numId: 1, ilvl: 1 },
      { text: '健全执法监督机制。年底前建立案卷评查制度。', numId: 1, ilvl: 1 },
      { text: '乙市交通运输局' },
      { text: '2025年1月10日' },
    ], { abstracts: [[CHAPTER, SECTION]], nums: [{ abstract: 0 }] });
    const sut = await parseReport({ bytes, fileName: 'report.docx' });
    expect(sut).toMatchObject({ sourceType: 'docx', organization: '乙市交通运输局', reportYear: 2024, planYear: 2025 });
    expect(sut.problems.map((p) => [p.ordinal, p.text])).toEqual([['（一）', '执法人员数量不足，专业化程度不高。'], ['（二）', '执法监督机制不够健全。']]);
    expect(sut.measures.map((m) => [m.ordinal, m.heading])).toEqual([['（一）', '加强执法队伍建设'], ['（二）', '健全执法监督机制']]);
    expect(spanMismatches(sut)).toEqual([]);
  });
});
