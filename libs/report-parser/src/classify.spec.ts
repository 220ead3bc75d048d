import { classifyHeading } from './classify';

describe('classifyHeading', () => {
  it.each([
    ['存在的问题和不足', 'problems'], ['存在问题', 'problems'], ['问题和不足', 'problems'], ['正视问题，找准短板不足', 'problems'],
    ['存在的不足和原因', 'problems'], ['与先进地区的差距', 'problems'], ['短板弱项', 'problems'],
    ['下一步工作思路', 'plan'], ['下步安排', 'plan'], ['2018年工作打算', 'plan'], ['二〇二四年工作计划', 'plan'],
    ['谋划未来发展', 'plan'], ['下一年度推进法治政府建设的主要安排', 'plan'], ['今后努力方向', 'plan'],
    ['意见和建议', 'suggestions'], ['有关建议', 'suggestions'],
    ['2022年工作情况', 'work'], ['2023年重点任务完成情况', 'work'], ['上年度存在问题整改情况', 'work'],
    ['切实解决人民群众反响强烈的急难愁盼问题', 'other'],
    ['党政主要负责人履行推进法治建设第一责任人职责情况', 'work'],
    ['党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况', 'work'], ['其他需要报告的情况', 'other'],
  ])('%s -> %s', (heading, kind) => expect(classifyHeading(heading).kind).toBe(kind));

  it('flags headings naming two kinds', () => {
    expect(classifyHeading('存在问题及下一步打算').mixed).toEqual(['problems', 'plan']);
  });
});
