import { extractList } from '../src/items';
import { parseReportText } from '../src/parse-report';

const A = '部分执法人员专业知识储备不足，对重点行业的执法检查不够深入；';
const B = '执法方式较为传统，信息化执法手段运用不多；';
const C = '普法宣传的覆盖面还不够广，对小微企业的宣传存在薄弱环节。';

function items(section: string): string[] {
  return extractList(section, 0, section.length, { paragraphFallback: true }).items
    .map((i) => section.slice(i.span.start, i.span.end));
}

describe('lists without enumerators after a lead-in', () => {
  it.each(['主要表现在：', '具体如下：', '主要有：', '表现为：', '重点做好以下几个方面工作：'])(
    'splits “%sA；B；C。” into one item a point', (lead) => {
      expect(items(`对照上级要求，仍存在一些不足，${lead}${A}${B}${C}`)).toEqual([A, B, C]);
    });

  it('takes one point a line after a lead-in line', () => {
    expect(items(`我局的工作还存在以下问题：\n${A}\n${B}\n${C}`)).toEqual([A, B, C]);
  });

  it('keeps a paragraph with semicolons but no lead-in as one item', () => {
    expect(items(`${A}${B}${C}`)).toEqual([`${A}${B}${C}`]);
  });

  it('keeps a paragraph whose colon does not lead into a list as one item', () => {
    const para = `省政府办公厅印发通知要求：${A}${B}${C}`;
    expect(items(para)).toEqual([para]);
  });

  it('keeps the points together when one is too short to be a clause', () => {
    const para = `主要表现在：${A}执法不严；${C}`;
    expect(items(para)).toEqual([para]);
  });

  it('keeps a numbered item with semicolons in it as one item', () => {
    const report = parseReportText([
      '某县司法局2024年法治政府建设情况报告', '一、存在的问题',
      `1.执法不够规范，主要表现在：${A}${B}`, `2.普法宣传不够深入，主要有：${B}${C}`,
      '二、下一步工作打算', '1.加强执法队伍建设。', '2.深化普法宣传。',
    ].join('\n'));
    expect(report.problems.map((i) => i.text)).toEqual([`执法不够规范，主要表现在：${A}${B}`, `普法宣传不够深入，主要有：${B}${C}`]);
  });
});
