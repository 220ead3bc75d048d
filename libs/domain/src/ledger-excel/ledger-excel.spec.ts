import { readCell } from './ledger-excel';
import { parseDate } from './ledger-import-sheet';

describe('ledger cells as Excel and WPS hand them over', () => {
  it.each([
    ['2026-06-30', '2026-06-30'], ['2026/6/30', '2026-06-30'], ['2026.6.30', '2026-06-30'], ['2026年6月30日', '2026-06-30'],
    ['2026 年 6 月 30 日', '2026-06-30'], ['２０２６／６／３０', '2026-06-30'], ['2026-06-30 00:00:00', '2026-06-30'],
    ['2026/2/30', null], ['2026/13/1', null], ['明年六月', null], ['46203', null],
  ])('reads the text %s as the date %s', (text, date) => {
    expect(parseDate(readCell(text))).toBe(date);
  });

  it('reads a day number in the workbook\'s date system, whatever its format, and refuses implausible ones', () => {
    expect(parseDate(readCell(46203))).toBe('2026-06-30');
    expect(parseDate(readCell(46203.75))).toBe('2026-06-30'); // 18:00 the same day
    expect(parseDate(readCell(44741, true))).toBe('2026-06-30'); // 1904 system: 1,462 days fewer
    expect(parseDate(readCell(2026))).toBeNull();
    expect(parseDate(readCell(new Date(Date.UTC(2026, 5, 30))))).toBe('2026-06-30');
  });

  it('joins a line break between Chinese characters, keeps lines apart for lists, squashes full-width spaces', () => {
    expect(readCell('推进行政复议\r\n规范化建设')).toMatchObject({ text: '推进行政复议规范化建设' });
    expect(readCell('甲县财政局\n甲县城关镇')).toMatchObject({ parts: ['甲县财政局', '甲县城关镇'] });
    expect(readCell('　甲县司法局　')).toMatchObject({ text: '甲县司法局' });
    expect(readCell('财政预算信息公开　全面落实')).toMatchObject({ text: '财政预算信息公开 全面落实' });
    expect(readCell('Phase 1\nPhase 2')).toMatchObject({ text: 'Phase 1 Phase 2' }); // not Chinese on both sides
    expect(readCell({ richText: [{ text: '加强' }, { text: '执法监督' }] })).toMatchObject({ text: '加强执法监督' });
    expect(readCell({ formula: 'C2', result: '2025年报告\n' } as never)).toMatchObject({ text: '2025年报告' });
  });
});
