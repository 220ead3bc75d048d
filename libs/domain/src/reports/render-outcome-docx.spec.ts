import { chineseDate, chineseNumber, itemSentence, summarySentence } from './render-outcome-docx';
import type { OutcomeItemView, OutcomeTaskView, ReportOutcomeView } from './report-outcome.service';

const task = (o: Partial<OutcomeTaskView>): OutcomeTaskView => ({
  id: 't', code: '2025-001', title: '加强执法培训', planYear: 2025, reportItemId: 'i', leadUnitName: '甲县司法局', coOwnerNames: [],
  originalDeadline: '2025-06-30', currentDeadline: '2025-06-30', extensionCount: 0, completedOn: null, outcome: 'open',
  outcomeLabel: '在办', cancelReason: null, carriedTo: null, evidence: [], ...o,
});
const item = (tasks: OutcomeTaskView[], kind: 'problem' | 'measure' = 'problem'): OutcomeItemView => ({
  itemId: 'i', kind, ordinal: '一', heading: '执法人员培训不够系统', text: '', outcome: 'open', outcomeLabel: '在办', tasks,
});

describe('the outcome in the words of a 整改落实情况', () => {
  it('writes dates and ordinals as the genre does', () => {
    expect(chineseDate('2026-06-05')).toBe('2026年6月5日');
    expect([1, 10, 12, 20, 25].map(chineseNumber)).toEqual(['一', '十', '十二', '二十', '二十五']);
  });

  it('says of each task who led it and what became of it, with its evidence', () => {
    expect(itemSentence(item([task({ outcome: 'on_time', completedOn: '2025-06-20', evidence: ['签到表.pdf'] })]), '2025-12-31'))
      .toBe('针对“执法人员培训不够系统”问题，由甲县司法局牵头，于2025年6月20日按期办结；佐证材料：签到表.pdf。');
    expect(itemSentence(item([task({ outcome: 'open', currentDeadline: '2026-03-31', coOwnerNames: ['甲县财政局'] })], 'measure'),
      '2025-12-31')).toBe('围绕“执法人员培训不够系统”举措，由甲县司法局牵头，甲县财政局配合，正在办理，完成时限为2026年3月31日。');
    // an open task past its deadline says so, with the days
    expect(itemSentence(item([task({ outcome: 'open', currentDeadline: '2025-10-19' })]), '2025-12-07'))
      .toBe('针对“执法人员培训不够系统”问题，由甲县司法局牵头，尚未办结，完成时限为2025年10月19日，已逾期49天。');
    expect(itemSentence(item([]), '2025-12-31')).toBe('针对“执法人员培训不够系统”问题，未单独列入督办任务。');
    expect(itemSentence(item([task({ code: '2025-001', outcome: 'cancelled', cancelReason: '重复立项' }),
      task({ code: '2025-007', title: '分级培训', outcome: 'carried', carriedTo: { id: 'n', code: '2026-003', planYear: 2026 } })]),
    '2025-12-31'))
      .toBe('针对“执法人员培训不够系统”问题，分2项任务落实：“加强执法培训”由甲县司法局牵头，该项任务已撤销（重复立项）；'
        + '“分级培训”由甲县司法局牵头，年内未办结，已结转至2026年继续办理（任务编号2026-003）。');
  });

  it('sums up the items, leaving out the kinds there are none of', () => {
    const v = { title: '2025年度法治政府建设情况报告', asOf: '2025-12-31', summary: { problems: 2, measures: 4, completed: 4, onTime: 4,
      extended: 0, late: 0, carried: 0, cancelled: 0, open: 1, unassigned: 0, untracked: 1 } } as ReportOutcomeView;
    expect(summarySentence(v)).toBe('截至2025年12月31日，《2025年度法治政府建设情况报告》所列共2个问题、4项举措，已办结4项，其中按期办结4项；'
      + '正在办理1项；未单独列入督办任务1项。');
  });
});
