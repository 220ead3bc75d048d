import type { Writable } from 'node:stream';
import { regionName } from './document-excel.service';
import { type AnnualReview, QUARTER_WORDS } from './annual-review.service';
import { rankLabel } from './ranking';
import { openReportWorkbook } from './report-workbook';

const quarterLabels = QUARTER_WORDS.map((w) => `${w}季度`);

/**
 * 年度考核 as .xlsx: the ranked units (four quarters, the year's score, 问责 count), every line of the year, and the
 * 问责 records. Scores are written exact and shown to two decimals.
 */
export async function writeAnnualReview(review: AnnualReview, out: Writable): Promise<void> {
  const book = openReportWorkbook(out);
  const heading = `${regionName(review.jurisdictionName)}${review.year}年度`;
  const weights = review.weights.map((w, i) => `${quarterLabels[i]}${w}`).join('、');
  const records = review.units.reduce((n, u) => n + u.accountability.length, 0);

  const ranks = book.addSheet({
    name: '年度考核',
    title: `${heading}法治建设任务督办考核结果`,
    subtitle: `年度得分 = 各季度得分按权重（${weights}）加权；缺季度的单位按已考核季度的权重折算；得分相同的单位并列同一名次`
      + (review.note ? `。${review.note}` : ''),
    figures: [{ label: '参评单位', value: review.of }, { label: '本表单位', value: review.units.length },
      { label: '问责记录', value: records }],
    columns: [{ header: '排名', width: 9 }, { header: '单位', width: 26 },
      ...quarterLabels.map((header) => ({ header, width: 10, format: 'score' as const })),
      { header: '年度得分', width: 11, format: 'score' }, { header: '问责', width: 8 }, { header: '说明', width: 40 }],
  });
  await ranks.addRows(review.units.map((u) => [u.rank === null ? '—' : rankLabel({ rank: u.rank, tied: u.tied }), u.unitName,
    ...u.quarters.map((q) => q ?? '—'), u.score ?? '—', u.accountability.length, u.note ?? '']));
  await ranks.finish();

  const lines = book.addSheet({
    name: '扣分明细',
    title: `${heading}考核加减分明细`,
    subtitle: '各季度考核文书所列的每一项加分和扣分',
    columns: [{ header: '单位', width: 26 }, { header: '季度', width: 9 }, { header: '事项', width: 24 },
      { header: '任务编号', width: 16, align: 'center' }, { header: '分值', width: 9 }],
  });
  await lines.addRows(review.units.flatMap((u) => u.lines.map((l) => [u.unitName, quarterLabels[l.quarter - 1], l.reason, l.code ?? '',
    l.points])));
  await lines.finish();

  const acc = book.addSheet({
    name: '问责记录',
    title: `${heading}问责记录`,
    subtitle: records ? `共${records}条` : '本年度无问责记录',
    columns: [{ header: '单位', width: 26 }, { header: '问责措施', width: 14 }, { header: '决定日期', width: 13, format: 'date' },
      { header: '任务编号', width: 16, align: 'center' }, { header: '事由', width: 50 }],
  });
  await acc.addRows(review.units.flatMap((u) => u.accountability.map((a) => [u.unitName, a.measure, a.decidedOn, a.taskCode ?? '',
    a.reason])));
  await acc.finish();
  await book.finish();
}
