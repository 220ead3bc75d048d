import { isJunkLine, normaliseText } from './normalise';

describe('normaliseText', () => {
  it('unifies line ends, drops BOM, blank lines and ideographic-space indents', () => {
    const sut = normaliseText('\uFEFF标题\r\n\r\n\u3000\u3000一、工作情况\r  正文。  \n');
    expect(sut.text).toBe('标题\n一、工作情况\n正文。');
    expect(sut.lines.map((l) => sut.text.slice(l.start, l.end))).toEqual(['标题', '一、工作情况', '正文。']);
  });

  it('drops page furniture but keeps it aside for dates', () => {
    const sut = normaliseText('2023年3月2日 星期四\n首页 > 政务公开 > 正文\n正文一句。\n【打印】【关闭】\n字号：大 中 小');
    expect(sut.text).toBe('正文一句。');
    expect(sut.junk).toHaveLength(4);
  });

  it('removes URLs and source watermarks inside lines', () => {
    expect(normaliseText('加强学法（来源：某某网）用法 www.example.gov.cn 。').text).toBe('加强学法用法 。');
  });

  it.each([
    ['2018-2-26 00:00| 发布者: 某县人民政府| 查看: 34| 评论: 0|来自: 县政府办', true],
    ['大英新闻 首页 专题报道 依法治县 法治政府 查看内容', true],
    ['手机扫码,畅快体验!', true],
    ['发布时间：2024-01-18　信息来源：镇司法所', true],
    ['一、2023年工作情况', false],
    ['中共遂宁市委 遂宁市人民政府', false],
    ['2025年2月28日', false],
  ])('isJunkLine(%s) is %s', (line, expected) => expect(isJunkLine(line)).toBe(expected));
});
