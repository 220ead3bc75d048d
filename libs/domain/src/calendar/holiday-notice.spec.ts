import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isWorkday } from 'chinese-days';
import { addDaysToDate } from '../common/clock';
import { isoWeekday } from './day-calendar';
import { HolidayNotice, parseHolidayNotice } from './holiday-notice';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** Whether a day is worked under the notice: a day it names as it says, any other day Monday–Friday. */
function workedUnder(notice: HolidayNotice, date: string): boolean {
  const named = notice.days.find((d) => d.date === date);
  return named ? named.isWorking : isoWeekday(date) <= 5;
}

/** Every date of the year where the notice and chinese-days disagree (empty when they agree day by day). */
function differencesFromChineseDays(notice: HolidayNotice, year: number, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDaysToDate(d, 1)) {
    if (!skip.includes(d) && workedUnder(notice, d) !== isWorkday(d)) out.push(d);
  }
  return out;
}

describe('reading the State Council notice on public holidays', () => {
  it.each([2024, 2025, 2026])('reads the %i notice in the official wording to exactly chinese-days’ working days', (year) => {
    const sut = parseHolidayNotice(fixture(`notice-${year}.txt`));
    expect(sut.year).toBe(year);
    expect(sut.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
    expect(sut.warnings).toEqual([]);
    expect(differencesFromChineseDays(sut, year)).toEqual([]);
  });

  it('reads the 2026 notice item by item: ranges with the month left out, the stated day counts, the make-up days', () => {
    const sut = parseHolidayNotice(fixture('notice-2026.txt'));
    expect(sut.items.map((i) => i.name)).toEqual(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']);
    expect(sut.items[1]).toMatchObject({
      holidays: [{ from: '2026-02-15', to: '2026-02-23', days: 9, statedDays: 9 }], makeupDays: ['2026-02-14', '2026-02-28'] });
    expect(sut.days.filter((d) => d.isWorking).map((d) => d.date))
      .toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  // 放假1天 (2014), 放假，X日（星期一）补休 (2014, 2017), 与周末连休, 中秋节、国庆节 (2017, 2023), 星期X, explicit years
  it.each([2014, 2017, 2019, 2021, 2022, 2023])('reads the %i notice in the wording of its time, day by day', (year) => {
    const sut = parseHolidayNotice(fixture(`notice-${year}.txt`));
    expect(sut.year).toBe(year);
    expect(sut.warnings).toEqual([]);
    expect(differencesFromChineseDays(sut, year)).toEqual([]);
  });

  it('reads the older wordings: 与周末连休, 补休, 星期X, a combined 中秋节、国庆节, 元旦 starting in December', () => {
    const y2019 = parseHolidayNotice(fixture('notice-2019.txt'));
    expect(y2019.warnings).toEqual([]);
    expect(differencesFromChineseDays(y2019, 2019)).toEqual([]);
    expect(y2019.days.filter((d) => d.date < '2019').map((d) => [d.date, d.isWorking]))
      .toEqual([['2018-12-29', true], ['2018-12-30', false], ['2018-12-31', false]]);

    const y2023 = parseHolidayNotice(fixture('notice-2023.txt'));
    expect(y2023.warnings).toEqual([]);
    expect(differencesFromChineseDays(y2023, 2023)).toEqual([]);
    expect(y2023.items[5]).toMatchObject({ name: '中秋节、国庆节', holidays: [{ from: '2023-09-29', to: '2023-10-06', days: 8 }] });

    // 2015: 清明 and 端午 “放假，X日（星期一）补休”; 9-03…06 came from a separate notice (the 70th anniversary)
    const y2015 = parseHolidayNotice(fixture('notice-2015.txt'));
    expect(y2015.warnings).toEqual([]);
    expect(differencesFromChineseDays(y2015, 2015, ['2015-09-03', '2015-09-04', '2015-09-06'])).toEqual([]);
    expect(y2015.items[2].holidays.map((h) => h.from)).toEqual(['2015-04-05', '2015-04-06']);
  });

  it('reads other numberings and dashes: （一）, 3., 4．, 1月22日—28日, 调休上班, 放假公休 (2012, day by day)', () => {
    const sut = parseHolidayNotice(`国务院办公厅关于2012年部分节假日安排的通知
（一）元旦：2012年1月1日至3日放假调休，共3天。2011年12月31日（星期六）上班。
（二）春节：1月22日—28日放假调休，共7天。1月21日（星期六）、1月29日（星期日）调休上班。
3.清明节：4月2日至4日放假调休，共3天。3月31日（星期六）、4月1日（星期日）上班。
4．劳动节：4月29日至5月1日放假调休，共3天。4月28日（星期六）上班。
五、端午节：6月22日至24日放假公休，共3天。
六、中秋节、国庆节：9月30日至10月7日放假调休，共8天。9月29日（星期六）上班。`);
    expect(sut.warnings).toEqual([]);
    expect(sut.items.map((i) => i.name)).toEqual(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节、国庆节']);
    expect(differencesFromChineseDays(sut, 2012)).toEqual([]);
    expect(workedUnder(sut, '2011-12-31')).toBe(true);
  });

  it('puts a December day of the 元旦 item in the year before when the notice writes no year on it', () => {
    const sut = parseHolidayNotice(`国务院办公厅关于2030年部分节假日安排的通知
一、元旦：12月30日至1月1日放假调休，共3天。12月29日（星期六）上班。`);
    expect(sut.warnings).toEqual([]);
    expect(sut.days).toEqual([
      { date: '2029-12-29', isWorking: true, name: '元旦' },
      { date: '2029-12-30', isWorking: false, name: '元旦' },
      { date: '2029-12-31', isWorking: false, name: '元旦' },
      { date: '2030-01-01', isWorking: false, name: '元旦' },
    ]);
  });

  it('takes the year from the title when the opening omits it, and from the dates when neither says it', () => {
    const fromTitle = parseHolidayNotice(fixture('notice-2024.txt').replace('现将2024年元旦', '现将元旦'));
    expect(fromTitle.year).toBe(2024);
    expect(differencesFromChineseDays(fromTitle, 2024)).toEqual([]);

    const fromDates = parseHolidayNotice(fixture('notice-2019.txt').replace(/^.*通知\n/, '').replace('现将2019年', '现将'));
    expect(fromDates.title).toBeNull();
    expect(fromDates.year).toBe(2019);

    const fromCaller = parseHolidayNotice('一、元旦：1月1日放假，与周末连休。', 2024);
    expect(fromCaller.year).toBe(2024);
    expect(fromCaller.days).toEqual([{ date: '2024-01-01', isWorking: false, name: '元旦' }]);
  });

  it('reads a notice pasted from a news page with its breadcrumb, 发布时间, source, 责任编辑 and related links', () => {
    const sut = parseHolidayNotice(fixture('news-page-2025.txt'));
    expect(sut.year).toBe(2025);
    expect(sut.warnings).toEqual([]);
    expect(differencesFromChineseDays(sut, 2025)).toEqual([]);
    expect(sut.days.every((d) => d.date.startsWith('2025-'))).toBe(true);
  });

  it('reads a notice whose line breaks were lost, in full-width digits', () => {
    const flat = fixture('notice-2026.txt').replace(/\n/g, '').replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const sut = parseHolidayNotice(flat);
    expect(sut.year).toBe(2026);
    expect(sut.warnings).toEqual([]);
    expect(differencesFromChineseDays(sut, 2026)).toEqual([]);
  });

  it('reads a notice without numbered items sentence by sentence, and says so (2015, the 70th anniversary)', () => {
    const sut = parseHolidayNotice(`国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知
国发明电〔2015〕2号
经国务院批准，2015年9月3日全国放假1天。为便于各地区、各部门及早合理安排节假日期间的工作和生活，现将调休放假日期的具体安排通知如下：
9月3日至5日调休放假，共3天。其中9月3日（星期四）为法定节假日，9月4日（星期五）为调休，9月6日（星期日）上班。`);
    expect(sut.year).toBe(2015);
    expect(sut.warnings).toEqual(['没有找到分条的节日条目（如“一、元旦：…”），已按含“放假”“上班”的句子读取，请逐日核对']);
    expect(sut.days.map((d) => [d.date, d.isWorking])).toEqual([
      ['2015-09-03', false], ['2015-09-04', false], ['2015-09-05', false], ['2015-09-06', true]]);
    for (const d of ['2015-09-03', '2015-09-04', '2015-09-06']) expect(workedUnder(sut, d)).toBe(isWorkday(d));
  });

  it('reads 补班 as a make-up working day (news pages write it so)', () => {
    const sut = parseHolidayNotice('国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）补班。');
    expect(sut.days.find((d) => d.date === '2026-01-04')).toEqual({ date: '2026-01-04', isWorking: true, name: '元旦' });
  });

  it('reports what it cannot read instead of guessing', () => {
    const sut = parseHolidayNotice(`国务院办公厅关于2031年部分节假日安排的通知
一、元旦：1月1日（周二）放假1天。
二、春节：另行通知。
三、清明节：4月5日至7日放假，共4天。
四、劳动节：5月1日至5日放假调休，共5天。5月7日（周三）上班。
五、端午节：6月2日（周一）。`);
    expect(sut.warnings).toEqual([
      '“元旦”中的 2031-01-01 写的是周二，实际是星期三，请核对',
      '“春节”没有读到放假或上班日期：另行通知。',
      '“清明节”：2031-04-05 至 2031-04-07 是 3 天，通知写的是共 4 天，请核对',
      '“劳动节”中的调休上班日 2031-05-07 是工作日（星期三），请核对',
      '“端午节”中的“6月2日（周一）”有日期，但没有写明放假还是上班，未采用',
      '“端午节”没有读到放假或上班日期：6月2日（周一）。',
    ]);
    expect(sut.days.map((d) => d.date)).not.toContain('2031-06-02');
  });

  it('says when there is nothing to read or no year to read it in', () => {
    expect(parseHolidayNotice('今天天气很好。').warnings).toEqual(['没有找到节日条目（如“一、元旦：1月1日放假…”）：请粘贴通知的正文']);
    const noYear = parseHolidayNotice('一、元旦：1月1日放假，与周末连休。');
    expect(noYear).toMatchObject({ year: null, days: [], warnings: ['无法确定通知的年份：标题、正文和日期都没有写明年份'] });
    expect(parseHolidayNotice(fixture('notice-2026.txt'), 2027).warnings).toEqual(['通知安排的是 2026 年，不是所选的 2027 年']);
  });

  it('ignores a date that only names a day (安排职工在除夕（2月9日）休息)', () => {
    const sut = parseHolidayNotice(fixture('notice-2024.txt'));
    expect(sut.days.find((d) => d.date === '2024-02-09')).toBeUndefined();
  });

  it.each([
    ['empty lines', `一、元旦：1${'\n \n'.repeat(60_000)}`],
    ['unclosed parentheses', '（'.repeat(200_000)],
    ['dates without words', '1月1日至'.repeat(40_000)],
    ['one item of many dates', `一、元旦：${'1月1日放假，'.repeat(30_000)}`],
    ['many items', '。一、元旦：'.repeat(30_000)],
    ['spaces after digits', `1${' '.repeat(200_000)}日`],
  ])('reads 200 KB of %s in linear time, with a bounded list of warnings', (_name, text) => {
    const started = Date.now();
    const sut = parseHolidayNotice(text);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(sut.warnings.length).toBeLessThanOrEqual(51);
  });
});
