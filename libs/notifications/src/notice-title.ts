/**
 * A beat's notice is titled with its document's title and number. Documents issued before titles left out their
 * number stored notices titled "交办单 〔2025〕交办第1号（〔2025〕交办第1号）"; the rows stay as written, reads show
 * them as new ones are.
 */
export function storedNoticeTitle(title: string, number: string | null): string {
  if (!number) return title;
  const doubled = `${number}（${number}）`;
  return title.endsWith(doubled) ? title.slice(0, -`（${number}）`.length) : title;
}
