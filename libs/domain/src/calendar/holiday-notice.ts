/**
 * A reader of the State Council's annual notice on public holidays (国务院办公厅关于20XX年部分节假日安排的通知), pasted
 * as text: every holiday (放假 from–to, 补休) and every make-up working day (上班 / 调休上班), dated in the notice's
 * year (元旦 may start in December of the year before). Pure and linear in the length of the text.
 *
 * The genre, 2008 to today:
 *   一、元旦：1月1日放假，与周末连休。                                  (2018, 2024)
 *   一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。
 *   三、清明节：4月5日放假，4月6日（星期一）补休。                      (2015)
 *   二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
 *   六、国庆节、中秋节：10月1日至8日放假调休，共8天。
 * What it cannot read is reported in `warnings`, never guessed.
 */

export const HOLIDAY_NOTICE_MAX_BYTES = 200 * 1024;

export interface NoticeDay {
  date: string; // YYYY-MM-DD
  /** false: a day off (放假 or 补休); true: a make-up working day (上班) */
  isWorking: boolean;
  /** the item it comes from: 春节, 中秋节、国庆节 … */
  name: string;
}

export interface NoticeItem {
  name: string;
  /** the holiday ranges as written (a 补休 day is a range of one) */
  holidays: Array<{ from: string; to: string; days: number; statedDays: number | null }>;
  makeupDays: string[];
  text: string;
}

export interface HolidayNotice {
  /** the year the notice arranges, or null when neither the title, the opening nor the dates say it */
  year: number | null;
  title: string | null;
  items: NoticeItem[];
  /** every day the notice names, sorted; a day named twice keeps the later item's value (and a warning) */
  days: NoticeDay[];
  warnings: string[];
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

/** 2025, 二〇二五, 二○二五 → 2025 */
function yearNumber(s: string): number {
  if (/^\d{4}$/.test(s)) return Number(s);
  return Number([...s].map((c) => CN_DIGITS[c === '○' ? '〇' : c] ?? '').join(''));
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const validDate = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
const weekdayOf = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

// Full-width digits and punctuation variants folded to one form, so one set of patterns reads them all.
function normalise(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    // a blank line stays a paragraph break; any longer run of white space becomes one, so that no pattern's \s* can
    // scan a long run from every position (quadratic time on a pasted page full of empty lines)
    .replace(/ ?\n(?: ?\n)+ ?/g, '\n\n')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\(/g, '（').replace(/\)/g, '）')
    .replace(/:/g, '：');
}

const TITLE = /国务院办公厅关于\s*((?:\d{4})|(?:[〇○零一二三四五六七八九]{4}))\s*年(?:部分)?节假日安排的通知/g;
const OPENING = /现将\s*((?:\d{4})|(?:[〇○零一二三四五六七八九]{4}))\s*年/;
// An item starts with its ordinal and the festival names: 一、元旦： ／（二）春节： ／ 3.清明节： ／ 六、中秋节、国庆节：
const FESTIVAL = '(?:元旦|春节|清明节?|劳动节|五一|端午节?|中秋节?|国庆节?)';
const ITEM_HEAD = new RegExp(
  `(?:^|\\n|[。；])\\s*(?:[一二三四五六七八九十]{1,3}\\s*[、.．]|（[一二三四五六七八九十]{1,3}）|\\d{1,2}\\s*[、.．](?!\\d))?\\s*` +
  `(${FESTIVAL}(?:\\s*[、和与及]\\s*${FESTIVAL})*)\\s*[：]`, 'g');
// a date, with an optional year and month (至6日 inherits the month), then the optional note in parentheses
const DATE = /(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:\s*（([^（）\n]{0,40})）)?/g;
// what a clause says about its dates: make-up working days, or days off
const MAKEUP = /上班|补班/;
const DAY_OFF = /放假|补休|法定(?:节)?假日|为调休/;
const ARRANGES = /上班|补班|放假|补休/;
const RANGE_SEP = /^\s*(?:至|到|—+|–|－|-|~|～)\s*$/;

interface DateToken { start: number; end: number; y: number | null; m: number | null; d: number; note: string | null }

/** Reads a pasted notice. `expectedYear` is used when the text does not say which year it arranges. */
export function parseHolidayNotice(input: string, expectedYear?: number): HolidayNotice {
  const text = normalise(input);
  const warnings: string[] = [];
  const openingMatch = OPENING.exec(text);
  const openingYear = openingMatch ? yearNumber(openingMatch[1]) : null;
  // a news page may link last year's notice too: the title whose year the opening names, else the first
  const titles = [...text.matchAll(TITLE)];
  const titleMatch = titles.find((t) => yearNumber(t[1]) === openingYear) ?? titles[0];
  const title = titleMatch ? titleMatch[0].replace(/\s+/g, '') : null;
  let year = titleMatch ? yearNumber(titleMatch[1]) : openingYear;
  if (titleMatch && openingYear !== null && openingYear !== year) {
    warnings.push(`标题写的是 ${year} 年，正文写的是 ${openingYear} 年；按标题的 ${year} 年读取`);
  }

  // item boundaries: each head up to the next head (or a blank line / the end)
  const heads: Array<{ index: number; bodyStart: number; name: string }> = [];
  for (const m of text.matchAll(ITEM_HEAD)) {
    heads.push({ index: m.index + (/^[\n。；]/.test(m[0]) ? 1 : 0), bodyStart: m.index + m[0].length, name: m[1].replace(/\s+/g, '') });
  }
  let raw = heads.map((h, i) => {
    const next = heads[i + 1]?.index ?? text.length;
    let body = text.slice(h.bodyStart, next);
    // the item ends at a blank line or where the closing, the signature or a news page's furniture begins
    const paragraphEnd = body.search(/\n\s*\n|\n\s*来源|节假日期间|国务院办公厅|发布时间|责任编辑|【/);
    if (paragraphEnd >= 0) body = body.slice(0, paragraphEnd);
    return { name: h.name, body };
  });

  // no numbered items (a one-off notice, a retelling): the sentences that arrange days, read as one item, flagged
  if (!raw.length) {
    const lines = text.split('\n').filter((l) => ARRANGES.test(l) && /\d\s*日/.test(l) && !/发布时间|来源|责任编辑/.test(l));
    if (lines.length) {
      raw = [{ name: '通知全文', body: lines.join('\n') }];
      warnings.push('没有找到分条的节日条目（如“一、元旦：…”），已按含“放假”“上班”的句子读取，请逐日核对');
    }
  }

  // the year from the dates' context: an explicit year on a date outside December (2019年1月1日) is the notice's year
  if (year === null) {
    for (const item of raw) {
      for (const t of dateTokens(item.body)) if (t.y !== null && t.m !== 12) year ??= t.y;
    }
  }
  if (year === null && expectedYear !== undefined) year = expectedYear;
  if (year !== null && expectedYear !== undefined && year !== expectedYear) {
    warnings.push(`通知安排的是 ${year} 年，不是所选的 ${expectedYear} 年`);
  }
  if (!raw.length) warnings.push('没有找到节日条目（如“一、元旦：1月1日放假…”）：请粘贴通知的正文');
  if (year === null) {
    if (raw.length) warnings.push('无法确定通知的年份：标题、正文和日期都没有写明年份');
    return { year, title, items: [], days: [], warnings };
  }

  const items = raw.map((r) => readItem(r.name, r.body, year!, warnings));
  const byDate = new Map<string, NoticeDay>();
  for (const item of items) {
    const put = (date: string, isWorking: boolean) => {
      const before = byDate.get(date);
      if (before && before.isWorking !== isWorking) {
        warnings.push(`${date} 在“${before.name}”中${before.isWorking ? '上班' : '放假'}，在“${item.name}”中${isWorking ? '上班' : '放假'}；按后者`);
      }
      byDate.set(date, { date, isWorking, name: item.name });
    };
    for (const h of item.holidays) for (let d = h.from; d <= h.to; d = addDays(d, 1)) put(d, false);
    for (const d of item.makeupDays) put(d, true);
  }
  const days = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  for (const d of days) {
    if (Math.abs(Number(d.date.slice(0, 4)) - year) > 1) warnings.push(`“${d.name}”中的 ${d.date} 不在 ${year} 年前后，请核对`);
  }
  return { year, title, items, days, warnings: capped(warnings) };
}

const MAX_WARNINGS = 50;
/** A page of noise could yield thousands; the first fifty say enough. */
function capped(warnings: string[]): string[] {
  return warnings.length <= MAX_WARNINGS ? warnings
    : [...warnings.slice(0, MAX_WARNINGS), `另有 ${warnings.length - MAX_WARNINGS} 处提示未列出：请只粘贴通知本身`];
}

/** The dates of a clause, except those inside parentheses (安排职工在除夕（2月9日）休息 names a day, arranges none). */
function dateTokens(s: string): DateToken[] {
  const out: DateToken[] = [];
  let depth = 0;
  let scanned = 0;
  for (const m of s.matchAll(DATE)) {
    for (; scanned < m.index; scanned++) {
      if (s[scanned] === '（') depth++;
      else if (s[scanned] === '）') depth = Math.max(0, depth - 1);
      else if (s[scanned] === '\n') depth = 0;
    }
    if (depth > 0) continue;
    // the match consumed its own note's parentheses: balanced, depth unchanged
    scanned = m.index + m[0].length;
    out.push({ start: m.index, end: m.index + m[0].length, y: m[1] ? Number(m[1]) : null, m: m[2] ? Number(m[2]) : null,
      d: Number(m[3]), note: m[4]?.trim() ?? null });
  }
  return out;
}

/** One item: its sentences and clauses, each read by what it says (放假 / 补休 / 上班). */
function readItem(name: string, body: string, year: number, warnings: string[]): NoticeItem {
  const item: NoticeItem = { name, holidays: [], makeupDays: [], text: body.replace(/\s+/g, ' ').trim() };
  const isNewYear = name.includes('元旦');
  let lastMonth: number | null = null;
  let lastYear: number | null = null;
  let read = false;

  const resolve = (t: DateToken, clause: string): string | null => {
    const m = t.m ?? lastMonth;
    if (m === null) {
      warnings.push(`“${name}”中的“${clause.trim()}”：${t.d}日没有写月份，无法确定日期`);
      return null;
    }
    // an explicit year wins; else December in the 元旦 item is the year before (12月30日至1月1日)
    const y = t.y ?? (t.m === null && lastYear !== null ? lastYear : m === 12 && isNewYear ? year - 1 : year);
    if (!validDate(y, m, t.d)) {
      warnings.push(`“${name}”中的 ${y}年${m}月${t.d}日 不是有效日期`);
      return null;
    }
    lastMonth = m;
    lastYear = y;
    const date = iso(y, m, t.d);
    const stated = t.note ? /(?:星期|周|礼拜)([一二三四五六日天])/.exec(t.note) : null;
    if (stated && WEEKDAYS[stated[1]] !== weekdayOf(date)) {
      warnings.push(`“${name}”中的 ${date} 写的是${stated[0]}，实际是星期${'一二三四五六日'[weekdayOf(date) - 1]}，请核对`);
    }
    return date;
  };

  // sentences end with 。；; clauses with ， — but not inside the parentheses that follow a date
  for (const sentence of splitOutside(body, /[。；;\n]/)) {
    let lastRange: NoticeItem['holidays'][number] | null = null;
    for (const clause of splitOutside(sentence, /[，,]/)) {
      const tokens = dateTokens(clause);
      const stated = /共\s*(\d{1,2})\s*天/.exec(clause);
      if (tokens.length) lastRange = readClause(clause, tokens) ?? lastRange;
      if (stated && lastRange) {
        lastRange.statedDays = Number(stated[1]);
        if (lastRange.statedDays !== lastRange.days) {
          warnings.push(`“${name}”：${lastRange.from} 至 ${lastRange.to} 是 ${lastRange.days} 天，通知写的是共 ${stated[1]} 天，请核对`);
        }
      }
    }
  }
  if (!read) warnings.push(`“${name}”没有读到放假或上班日期：${item.text.slice(0, 80)}`);
  return item;

  /** One clause with dates; returns the last holiday range it read. */
  function readClause(clause: string, tokens: DateToken[]): NoticeItem['holidays'][number] | null {
    let lastRange: NoticeItem['holidays'][number] | null = null;
    const outside = stripDates(clause, tokens);
    if (MAKEUP.test(outside)) {
      for (const t of tokens) {
        const date = resolve(t, clause);
        if (!date) continue;
        item.makeupDays.push(date);
        read = true;
        if (weekdayOf(date) <= 5) warnings.push(`“${name}”中的调休上班日 ${date} 是工作日（星期${'一二三四五'[weekdayOf(date) - 1]}），请核对`);
      }
    } else if (DAY_OFF.test(outside)) {
      for (let i = 0; i < tokens.length; i++) {
        const from = resolve(tokens[i], clause);
        if (!from) continue;
        const next = tokens[i + 1];
        if (next && RANGE_SEP.test(clause.slice(tokens[i].end, next.start))) {
          const to = resolve(next, clause);
          i++;
          if (!to) continue;
          if (to < from || daysBetween(from, to) > 40) {
            warnings.push(`“${name}”中的 ${from} 至 ${to} 不是合理的放假日期范围，未采用`);
            continue;
          }
          lastRange = { from, to, days: daysBetween(from, to) + 1, statedDays: null };
        } else {
          lastRange = { from, to: from, days: 1, statedDays: null };
        }
        item.holidays.push(lastRange);
        read = true;
      }
    } else {
      warnings.push(`“${name}”中的“${clause.trim()}”有日期，但没有写明放假还是上班，未采用`);
    }
    return lastRange;
  }
}

/** The text of a clause without its dates and their notes (a note such as （农历除夕、周二） says nothing about 上班). */
function stripDates(clause: string, tokens: readonly DateToken[]): string {
  let out = '';
  let at = 0;
  for (const t of tokens) {
    out += clause.slice(at, t.start);
    at = t.end;
  }
  return out + clause.slice(at);
}

/** Splits at the separators that are outside full-width parentheses. */
function splitOutside(s: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '（') depth++;
    else if (c === '）') depth = Math.max(0, depth - 1);
    if (c === '\n') depth = 0; // an unclosed parenthesis ends with its line
    if (depth === 0 && sep.test(c)) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.filter((p) => p.trim());
}
