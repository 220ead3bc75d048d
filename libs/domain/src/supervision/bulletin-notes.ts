// No imports: the web's bulletin page shows the same notes (as status-labels.ts and ranking.ts).

/** The bulletin's footnote: how its rates and ranking are counted (docs/cadence.md, 月通报). */
export const BULLETIN_NOTES = [
  '注：1. 到期任务指完成时限在本月最后一日或之前的任务（含往月到期）；尚未到期的任务不计入办结率和按期率。',
  '2. 办结率 = 到期任务中截至月底已办结的项数 ÷ 到期任务数；按期率 = 其中在完成时限内办结的项数 ÷ 到期任务中已办结的项数。',
  '3. 排名依次比较办结率（高者在前）、逾期项数（少者在前）、按期率（高者在前），三项均相同的单位并列；' +
    '本月没有到期任务的单位两率记为“—”，排名时视同全部按期办结，不排在有逾期任务的单位之后。',
];
