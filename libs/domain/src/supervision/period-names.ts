// No imports: the web's pages name periods with it too (as ranking.ts and status-labels.ts).

/** 2026Q1 → 2026年第一季度: quarters in ordinal words, as 公文 write them. */
export const quarterName = (quarter: string) => `${quarter.slice(0, 4)}年第${'一二三四'[Number(quarter.slice(5)) - 1]}季度`;
