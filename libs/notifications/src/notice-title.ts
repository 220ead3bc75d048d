/**
 * The 催办 of both kinds were titled 催办单 before each got its own title; their numbers tell them apart (〔2025〕催签第1号
 * is a 签收催办单, 〔2025〕催办第2号 a 逾期催办单; numbered with the 机关代字, 甲法治办催签〔2025〕1号 and 甲法治办催办〔2025〕2号).
 * Frozen: these are the names the rename gave, whatever comes later.
 */
export const OLD_CHASE_TITLE = '催办单';
const RENAMED_CHASES: ReadonlyArray<[numberWords: string[], title: string]> = [[['〕催签第', '催签〔'], '签收催办单'],
  [['〕催办第', '催办〔'], '逾期催办单']];

/** The title a 催办 stored as 催办单 reads under now, told by its number; undefined for any other number. */
export const renamedChaseTitle = (number: string): string | undefined =>
  RENAMED_CHASES.find(([words]) => words.some((w) => number.includes(w)))?.[1];

/**
 * A beat's notice is titled with its document's title and number. Stored rows stay as written; reads show them as new
 * ones are: documents issued before titles left out their number stored notices titled
 * "交办单 〔2025〕交办第1号（〔2025〕交办第1号）", and the 催办 of either kind "催办单 〔2025〕催签第1号".
 */
export function storedNoticeTitle(title: string, number: string | null): string {
  if (!number) return title;
  const doubled = `${number}（${number}）`;
  const single = title.endsWith(doubled) ? title.slice(0, -`（${number}）`.length) : title;
  const renamed = single === `${OLD_CHASE_TITLE} ${number}` ? renamedChaseTitle(number) : undefined;
  return renamed ? `${renamed} ${number}` : single;
}
