import type { DocumentKind } from './cadence-policy';
import { bulletinSummary } from './bulletin-summary';
import { BULLETIN_LISTED, DOCUMENT_LABELS, documentNumber, quarterName, renderHtml, renderText, sheetOf, storedNoticeTitle, storedTitle } from './render';

const line = { code: '2025-001', title: '规范行政执法程序', deadline: '2025-09-10', daysOverdue: 3, progress: 40, flags: ['overdue'] };
const slipLine = { ...line, slipNumber: '甲法治办交办〔2025〕4号', slipDate: '2025-09-30' };
const CONTENT: Record<DocumentKind, Record<string, unknown>> = {
  assign_slip: { items: [line] },
  ack_chase: { items: [line], chaseAfter: 3 },
  work_reminder: { items: [line], openCount: 1, counts: { overdue: 1, due_soon: 0, stale: 0, behind: 0 } },
  due_soon: { items: [line], workingDays: 5 },
  urge: { items: [line] },
  supervise: { items: [line], unitName: '甲县司法局', officeName: '甲县法治办', offset: 10 },
  ack_supervise: { items: [slipLine], unitName: '甲县司法局',
    officeName: '甲县法治办', workingDays: 6, chaseAfter: 3 },
  bulletin: { month: '2025-09', totals: { total: 3, completed: 1, onTime: 1, overdue: 1, due: 2, dueCompleted: 1, dueOnTime: 1,
    completionRate: 0.5, onTimeRate: 1 },
  units: [{ rank: 1, tied: true, unitName: '甲县财政局', total: 1, completed: 0, onTime: 0, overdue: 0, due: 0, dueCompleted: 0,
    dueOnTime: 0, completionRate: null, onTimeRate: null },
  { rank: 1, tied: true, unitName: '甲县城关镇', total: 1, completed: 1, onTime: 1, overdue: 0, due: 1, dueCompleted: 1,
    dueOnTime: 1, completionRate: 1, onTimeRate: 1 },
  { rank: 3, unitName: '甲县司法局', total: 1, completed: 0, onTime: 0, overdue: 1, due: 1, dueCompleted: 0, dueOnTime: 0,
    completionRate: 0, onTimeRate: null }],
    overdue: [{ unitName: '甲县司法局', code: '2025-001', title: '规范行政执法程序', daysOverdue: 3, named: true }] },
  assessment: { quarter: '2025Q3', score: 95, base: 100, rank: 1, of: 3, lines: [{ reason: '季末仍逾期', code: '2025-001', points: -5 }] },
  report_chase: { items: [{ ...line, cycle: '每月20日前', reportDay: '2025-09-22', lastReport: null }] },
};
const count = (text: string, part: string) => text.split(part).length - 1;

describe('定期报送', () => {
  it('a 催报单 lists each task with its cycle, its report day and its last report', () => {
    const sheet = sheetOf('report_chase', { items: [{ ...line, cycle: '每月20日前', reportDay: '2025-10-20', lastReport: '2025-09-18' },
      { ...line, code: '2025-002', cycle: '每周五前', reportDay: '2025-10-17', lastReport: null }] },
    { number: 'n', unitName: '甲县司法局', issuer: '甲县法治办', date: '2025-10-21', period: '2025-10-21' });
    expect(sheet.title).toBe('催报单');
    expect(sheet.columns.slice(4)).toEqual(['报送周期', '报送日', '最近报送']);
    expect(sheet.rows.map((r) => r.slice(4))).toEqual([['每月20日前', '2025年10月20日', '2025年9月18日'], ['每周五前', '2025年10月17日', '无']]);
  });

  it('the bulletin names the units that missed a report in the month, with each task; none, no sentence', () => {
    const missedReports = [{ unitName: '甲县司法局', code: '2025-001', title: '规范行政执法程序', cycle: '每月20日前', reportDay: '2025-09-22' },
      { unitName: '甲县财政局', code: '2025-004', title: '预算公开', cycle: '每周五前', reportDay: '2025-09-05' }];
    const ctx = { number: 'n', unitName: '甲县', issuer: '甲县法治办', date: '2025-10-09', period: '2025-09' };
    const text = renderText(sheetOf('bulletin', { ...CONTENT.bulletin, missedReports }, ctx));
    expect(text).toContain('未按期报送进展的单位2个、任务2项：甲县司法局（“规范行政执法程序”2025-001，每月20日前，2025年9月22日未报送）；' +
      '甲县财政局（“预算公开”2025-004，每周五前，2025年9月5日未报送）。');
    expect(renderText(sheetOf('bulletin', CONTENT.bulletin, ctx))).not.toContain('未按期报送');
  });
});

describe('document titles', () => {
  it.each(Object.keys(CONTENT) as DocumentKind[])('%s: the title leaves the number out; the document shows it once', (kind) => {
    const number = documentNumber(kind, 2025, 7, '甲法治办');
    const sheet = sheetOf(kind, CONTENT[kind], { number, unitName: '甲县司法局', issuer: '甲县法治办', date: '2025-10-09', period: '2025-09' });
    expect(sheet.title).not.toContain(number);
    expect(sheet.title).not.toMatch(/〔\d{4}〕/);
    expect(sheet.number).toBe(number);
    expect(count(renderText(sheet), number)).toBe(1);
    expect(count(renderHtml(sheet), number)).toBe(1);
    // the 公文 order puts the number under the 版头 and over the title (it was under the title)
    expect(renderHtml(sheet)).toContain(`<p class="doc-number">${number}</p><h1>${sheet.title}</h1>`);
    expect(renderText(sheet).split('\n').slice(1, 4)).toEqual([number, '', sheet.title]);
  });

  it('names the period in the bulletin and assessment titles', () => {
    const ctx = { number: '〔2025〕通报第1号', unitName: '甲县人民政府', issuer: '甲县法治办', date: '2025-10-09', period: '2025-09' };
    expect(sheetOf('bulletin', CONTENT.bulletin, ctx).title).toBe('2025年9月督办检查通报');
    // a Chinese ordinal quarter (it read 第3季度)
    expect(sheetOf('assessment', CONTENT.assessment, { ...ctx, number: '〔2025〕考核第1号' }).title).toBe('2025年第三季度考核结果');
    expect(['2026Q1', '2026Q2', '2026Q3', '2026Q4'].map(quarterName)).toEqual(['2026年第一季度', '2026年第二季度', '2026年第三季度',
      '2026年第四季度']);
    expect(sheetOf('urge', CONTENT.urge, ctx).title).toBe(DOCUMENT_LABELS.urge.name);
  });

  it('a reminder names only the counts that are not zero, and the flags of each line', () => {
    const ctx = { number: '〔2025〕提醒第1号', unitName: '甲县司法局', issuer: '甲县法治办', date: '2025-10-13', period: '2025-W42' };
    const sheet = sheetOf('work_reminder', { items: [{ ...line, flags: ['unsigned', 'returned'] }], openCount: 4,
      counts: { overdue: 0, due_soon: 0, unsigned: 1, returned: 1, stale: 0, behind: 0 } }, ctx);
    expect(sheet.intro).toBe('截至2025年10月13日，你单位牵头在办任务4项，其中需要关注1项（未签收1项、被退回1项），清单如下。');
    expect(sheet.rows).toEqual([[1, '2025-001', '规范行政执法程序', '2025-09-10', '40%', '未签收、被退回']]);
  });

  it('a bulletin ranks with 并列, shows — for a unit with nothing due, and says in a footnote how its rates are counted', () => {
    const ctx = { number: '〔2025〕通报第1号', unitName: '甲县人民政府', issuer: '甲县法治办', date: '2025-10-09', period: '2025-09' };
    const sheet = sheetOf('bulletin', CONTENT.bulletin, ctx);
    expect(sheet.columns).toEqual(['排名', '单位', '任务数', '到期任务', '到期已办结', '其中按期', '逾期', '办结率', '按期率']);
    expect(sheet.rows).toEqual([['并列第1', '甲县财政局', 1, 0, 0, 0, 0, '—', '—'], ['并列第1', '甲县城关镇', 1, 1, 1, 1, 0, '100.0%', '100.0%'],
      [3, '甲县司法局', 1, 1, 0, 0, 1, '0.0%', '—']]);
    expect(sheet.intro).toContain('截至月底到期2项，已办结1项，办结率50.0%，按期率100.0%。');
    const text = renderText(sheet);
    expect(text).toContain('注：1. 到期任务指完成时限在本月最后一日或之前的任务（含往月到期）；尚未到期的任务不计入办结率和按期率。');
    expect(text).toContain('按期率 = 其中在完成时限内办结的项数 ÷ 到期任务中已办结的项数');
    expect(text).toContain('本月没有到期任务的单位两率记为“—”，排名时视同全部按期办结');
    expect(renderHtml(sheet)).toContain('<p class="doc-note">注：1. 到期任务指');
  });

  it('a bulletin of a county that groups its plan reports each 工作重点 in order, 未分组 last; without groups no such table', () => {
    const ctx = { number: '甲法治办通报〔2025〕1号', unitName: '甲县人民政府', issuer: '甲县法治办', date: '2025-10-09', period: '2025-09' };
    const focus = [
      { groupId: 'g1', title: '推进政府职能转变', planYear: 2025, total: 2, due: 2, dueCompleted: 1, dueOnTime: 1, overdue: 1,
        completionRate: 0.5, onTimeRate: 1 },
      { groupId: 'g2', title: '严格规范公正文明执法', planYear: 2025, total: 1, due: 0, dueCompleted: 0, dueOnTime: 0, overdue: 0,
        completionRate: null, onTimeRate: null },
      { groupId: null, title: '未分组', planYear: null, total: 1, due: 1, dueCompleted: 1, dueOnTime: 0, overdue: 0,
        completionRate: 1, onTimeRate: 0 }];
    const sheet = sheetOf('bulletin', { ...CONTENT.bulletin, focus }, ctx);
    const text = renderText(sheet);
    expect(text).toContain(['　　各工作重点办理情况：', '工作重点　任务数　到期任务　到期已办结　逾期　办结率', '推进政府职能转变　2　2　1　1　50.0%',
      '严格规范公正文明执法　1　0　0　0　—', '未分组　1　1　1　0　100.0%'].join('\n'));
    // after the units' table and its notes, before the overdue tasks are named
    expect(text.indexOf('各工作重点办理情况')).toBeGreaterThan(text.indexOf('注：1.'));
    expect(text.indexOf('各工作重点办理情况')).toBeLessThan(text.indexOf('逾期任务1项'));
    expect(renderHtml(sheet)).toContain('<p class="doc-section">各工作重点办理情况：</p><table><thead><tr><th>工作重点</th>');
    expect(renderHtml(sheet)).toContain('<td>推进政府职能转变</td><td>2</td><td>2</td><td>1</td><td>1</td><td>50.0%</td>');
    // a month spanning two plans names the year of each group
    const twoPlans = renderText(sheetOf('bulletin', { ...CONTENT.bulletin, focus: [focus[0], { ...focus[1], planYear: 2026 }, focus[2]] }, ctx));
    expect(twoPlans).toContain('推进政府职能转变（2025年）　2');
    expect(twoPlans).toContain('\n未分组　1');
    const plain = sheetOf('bulletin', CONTENT.bulletin, ctx);
    expect(renderText(plain)).not.toContain('工作重点');
    expect(renderHtml(plain)).not.toContain('doc-section');
  });

  it('a bulletin names the first overdue tasks one by one and counts the rest', () => {
    const ctx = { number: '〔2025〕通报第1号', unitName: '甲县人民政府', issuer: '甲县法治办', date: '2025-10-09', period: '2025-09' };
    const few = sheetOf('bulletin', CONTENT.bulletin, ctx).outro;
    // the days overdue are calendar days, and the text says so (it read 逾期3天)
    expect(few).toBe('逾期任务1项，其中点名通报1项：甲县司法局“规范行政执法程序”（2025-001，逾期3个自然日，点名通报）。');
    const overdue = Array.from({ length: 3000 }, (_, i) => ({ unitName: '乙县司法局', code: `B-${i + 1}`, title: `任务${i + 1}`,
      daysOverdue: 5, named: false }));
    const many = sheetOf('bulletin', { ...CONTENT.bulletin, overdue }, ctx).outro;
    expect(many).toMatch(/^逾期任务3000项：乙县司法局“任务1”/);
    expect(many).toContain(`“任务${BULLETIN_LISTED}”`);
    expect(many).not.toContain(`“任务${BULLETIN_LISTED + 1}”`);
    expect(many).toMatch(new RegExp(`以上为前${BULLETIN_LISTED}项，完整清单见月通报统计表及其导出的Excel。$`));
  });

  it('titles the two kinds of 催办 apart and says which days each document counts', () => {
    const ctx = { number: '〔2025〕催签第1号', unitName: '甲县司法局', issuer: '甲县法治办', date: '2025-10-13', period: '2025-10-13' };
    const chase = sheetOf('ack_chase', CONTENT.ack_chase, ctx);
    expect(chase.title).toBe('签收催办单');
    expect(chase.intro).toBe('以下1项交办任务自交办单印发次日起已满3个工作日仍未签收，请即签收。');
    const urge = sheetOf('urge', CONTENT.urge, { ...ctx, number: '〔2025〕催办第1号' });
    expect(urge.title).toBe('逾期催办单');
    expect(urge.columns).toContain('逾期天数（自然日）');
    const supervise = sheetOf('supervise', CONTENT.supervise, { ...ctx, number: '〔2025〕督办第1号' });
    expect(supervise.intro).toContain('逾期已达10个工作日');
    expect(supervise.columns).toContain('逾期天数（自然日）');
    expect(sheetOf('due_soon', CONTENT.due_soon, ctx).intro).toContain('5个工作日内到期');
  });

  it('a 督办通知单 for a slip not signed for names the slip by date and 文号, the working days, and asks the leader to urge signing', () => {
    const ctx = { number: '甲法治办督办〔2025〕5号', unitName: '甲县司法局', issuer: '甲县法治办', date: '2025-10-21', period: '2025-10-21',
      officeName: '甲县依法治县办', recipients: ['leaders', 'office', 'unit'] as const };
    const sheet = sheetOf('ack_supervise', { ...CONTENT.ack_supervise, leaders: ['王明'] }, ctx);
    expect(sheet.title).toBe('督办通知单');
    expect(sheet.to).toBe('王明同志：');
    expect(sheet.cc).toEqual(['甲县司法局', '甲县法治办']);
    expect(sheet.intro).toBe('甲县司法局对2025年9月30日印发的交办单（甲法治办交办〔2025〕4号）所列以下1项任务，自交办单印发次日起已满6个工作日，' +
      '经签收催办仍未签收，现提请督办。');
    expect(sheet.columns).toEqual(['序号', '编号', '任务', '完成时限', '交办单文号', '交办日期']);
    expect(sheet.rows).toEqual([[1, '2025-001', '规范行政执法程序', '2025-09-10', '甲法治办交办〔2025〕4号', '2025年9月30日']]);
    expect(sheet.outro).toBe('请督促甲县司法局即日登录督办系统签收，并按期办理、反馈进展。');
    // not the overdue one's words: nothing is said to be late
    const overdue = sheetOf('supervise', CONTENT.supervise, ctx);
    expect(renderText(sheet)).not.toContain('逾期');
    expect(sheet.intro).not.toBe(overdue.intro);
    // without a leader in charge: the default leader; two slips of one unit are both named
    const two = sheetOf('ack_supervise', { ...CONTENT.ack_supervise, defaultLeader: '赵县长', items: [slipLine,
      { ...line, code: '2025-002', slipNumber: '甲法治办交办〔2025〕6号', slipDate: '2025-10-08' }] }, ctx);
    expect(two.to).toBe('赵县长同志：');
    expect(two.intro).toContain('2025年9月30日印发的交办单（甲法治办交办〔2025〕4号）、2025年10月8日印发的交办单（甲法治办交办〔2025〕6号）所列以下2项任务');
    // both kinds of 督办通知单 are numbered in one sequence, in the same shape
    expect(documentNumber('ack_supervise', 2025, 5, '甲法治办')).toBe(documentNumber('supervise', 2025, 5, '甲法治办'));
  });

  it('a bulletin names the tasks the unsigned ladder named, 未签收, after the overdue ones; without any it says nothing of them', () => {
    const ctx = { number: '〔2025〕通报第1号', unitName: '甲县人民政府', issuer: '甲县法治办', date: '2025-11-03', period: '2025-10' };
    const outro = sheetOf('bulletin', { ...CONTENT.bulletin, unsigned: [{ unitName: '甲县财政局', code: '2025-007', title: '清理规范性文件',
      slipNumber: '甲法治办交办〔2025〕9号', slipDate: '2025-10-09', workingDays: 10 }] }, ctx).outro;
    expect(outro).toBe('逾期任务1项，其中点名通报1项：甲县司法局“规范行政执法程序”（2025-001，逾期3个自然日，点名通报）。' +
      '交办单超期未签收、点名通报的任务1项：甲县财政局“清理规范性文件”（2025-007，2025年10月9日印发的交办单甲法治办交办〔2025〕9号' +
      '超过10个工作日未签收，点名通报）。');
    expect(sheetOf('bulletin', CONTENT.bulletin, ctx).outro).not.toContain('未签收');
  });

  it('reads titles stored before the fix as new ones are, and leaves others alone', () => {
    // both kinds of 催办 were stored as 催办单: their numbers tell them apart
    expect(storedTitle('催办单', '〔2025〕催签第1号')).toBe('签收催办单');
    expect(storedTitle('催办单 〔2025〕催办第2号', '〔2025〕催办第2号')).toBe('逾期催办单');
    expect(storedTitle('逾期催办单', '〔2025〕催办第2号')).toBe('逾期催办单');
    expect(storedNoticeTitle('催办单 〔2025〕催签第1号（〔2025〕催签第1号）', '〔2025〕催签第1号')).toBe('签收催办单 〔2025〕催签第1号');
    expect(storedNoticeTitle('催办单 〔2025〕催办第2号', '〔2025〕催办第2号')).toBe('逾期催办单 〔2025〕催办第2号');
    expect(storedNoticeTitle('催办单（公布行政执法事项清单）', '〔2025〕催办第2号')).toBe('催办单（公布行政执法事项清单）');
    expect(storedTitle('催办单', '〔2025〕交办第1号')).toBe('催办单');
    expect(storedTitle('交办单 〔2025〕交办第1号', '〔2025〕交办第1号')).toBe('交办单');
    expect(storedTitle('2025年9月督办检查通报 〔2025〕通报第3号', '〔2025〕通报第3号')).toBe('2025年9月督办检查通报');
    expect(storedTitle('交办单', '〔2025〕交办第1号')).toBe('交办单');
    expect(storedTitle('〔2025〕交办第1号', '〔2025〕交办第1号')).toBe('〔2025〕交办第1号'); // never an empty title
    expect(storedNoticeTitle('交办单 〔2025〕交办第1号（〔2025〕交办第1号）', '〔2025〕交办第1号')).toBe('交办单 〔2025〕交办第1号');
    expect(storedNoticeTitle('交办单 〔2025〕交办第1号', '〔2025〕交办第1号')).toBe('交办单 〔2025〕交办第1号');
    expect(storedNoticeTitle('系统维护通知', null)).toBe('系统维护通知');
  });

  it('numbers a document with the 机关代字, its genre word and the year: 代字〔年〕序号', () => {
    expect(documentNumber('supervise', 2026, 3, '青法治办')).toBe('青法治办督办〔2026〕3号');
    expect(documentNumber('bulletin', 2026, 11, '青法治办')).toBe('青法治办通报〔2026〕11号');
    // one sequence per kind: the genre word keeps equal numbers of two kinds apart
    expect(documentNumber('urge', 2026, 3, '青法治办')).not.toBe(documentNumber('ack_chase', 2026, 3, '青法治办'));
  });

  it.each([
    ['before the 代字 (〔2025〕催签第1号)', (word: string, n: number) => `〔2025〕${word}第${n}号`],
    ['with the 代字 (甲法治办催签〔2025〕1号)', (word: string, n: number) => `甲法治办${word}〔2025〕${n}号`],
  ])('re-titles a stored 催办单 by its number, numbered %s', (_shape, numbered) => {
    const [chase, urge, other] = [numbered('催签', 1), numbered('催办', 2), numbered('督办', 2)];
    expect([storedTitle('催办单', chase), storedTitle(`催办单 ${urge}`, urge), storedTitle('催办单', other)])
      .toEqual(['签收催办单', '逾期催办单', '催办单']);
    expect([storedNoticeTitle(`催办单 ${chase}`, chase), storedNoticeTitle(`催办单 ${urge}`, urge), storedNoticeTitle(`交办单 ${other}`, other)])
      .toEqual([`签收催办单 ${chase}`, `逾期催办单 ${urge}`, `交办单 ${other}`]);
  });

  describe('the elements of a 公文', () => {
    const issuer = '甲县全面依法治县委员会办公室';
    const ctx = (kind: DocumentKind, recipients: Array<'unit' | 'leaders' | 'office' | 'all'>) => ({
      number: documentNumber(kind, 2025, 3, '甲法治办'), unitName: kind === 'bulletin' ? '甲县人民政府' : '甲县司法局', issuer,
      date: '2025-10-09', period: '2025-09', officeName: '甲县依法治县办', recipients });
    // per kind: its recipients as the default policy sends it, its 版头, 主送 and 抄送
    const EXPECTED: Record<DocumentKind, [Array<'unit' | 'leaders' | 'office' | 'all'>, string, string, string[]]> = {
      assign_slip: [['unit'], issuer, '甲县司法局：', []],
      ack_chase: [['unit'], issuer, '甲县司法局：', []],
      work_reminder: [['unit'], issuer, '甲县司法局：', []],
      due_soon: [['unit'], issuer, '甲县司法局：', []],
      urge: [['unit', 'leaders'], issuer, '甲县司法局：', ['甲县司法局分管领导']],
      supervise: [['leaders', 'office', 'unit'], issuer, '甲县司法局分管领导：', ['甲县司法局', '甲县法治办']],
      ack_supervise: [['leaders', 'office', 'unit'], issuer, '甲县司法局分管领导：', ['甲县司法局', '甲县法治办']],
      bulletin: [['all'], `${issuer}文件`, '各乡镇、各部门：', ['各分管领导']],
      assessment: [['unit'], `${issuer}文件`, '甲县司法局：', []],
      report_chase: [['unit'], issuer, '甲县司法局：', []],
    };

    it.each(Object.keys(EXPECTED) as DocumentKind[])('%s: 版头, 文号, title, 主送, body, 落款, 成文日期 and 抄送 in order', (kind) => {
      const [recipients, head, to, cc] = EXPECTED[kind];
      const sheet = sheetOf(kind, CONTENT[kind], ctx(kind, recipients));
      expect([sheet.head, sheet.to, sheet.cc, sheet.issuer, sheet.date]).toEqual([head, to, cc, issuer, '2025年10月9日']);
      expect(sheet.number).toMatch(new RegExp(`^甲法治办${DOCUMENT_LABELS[kind].word}〔2025〕3号$`));
      const text = renderText(sheet).split('\n');
      const at = (line: string) => text.indexOf(line);
      expect(text.slice(0, 4)).toEqual([head, sheet.number, '', sheet.title]);
      expect(at(to)).toBeGreaterThan(at(sheet.title));
      expect(at(`　　${sheet.intro}`)).toBe(at(to) + 1);
      const signed = text.lastIndexOf(issuer); // the 落款 (slips' 版头 is the same name)
      expect(signed).toBeGreaterThan(at(`　　${sheet.outro}`));
      expect(at('2025年10月9日')).toBe(signed + 1);
      if (cc.length) expect(text.at(-1)).toBe(`抄送：${cc.join('，')}。`);
      else expect(text.at(-1)).toBe('2025年10月9日');
      const html = renderHtml(sheet);
      expect(html).toMatch(new RegExp(`^<article class="duban-doc"><header class="doc-head" style="color:#c00;text-align:center[^"]*">${head}</header>` +
        `<p class="doc-number">${sheet.number}</p><h1>`));
      expect(html).toContain(`<p class="issuer">${issuer}</p><p class="date">2025年10月9日</p>`);
      if (cc.length) expect(html).toMatch(new RegExp(`<footer class="doc-record"><p class="doc-cc">抄送：${cc.join('，')}。</p></footer></article>$`));
      else expect(html).not.toContain('抄送');
    });

    it('addresses a 督办通知单 to the leaders in charge by name, else the default leader, else the unit\'s 分管领导', () => {
      const c = (extra: object) => sheetOf('supervise', { ...CONTENT.supervise, ...extra }, ctx('supervise', ['leaders', 'office', 'unit']));
      expect(c({ leaders: ['王明', '李华'], defaultLeader: '赵县长' }).to).toBe('王明同志、李华同志：');
      expect(c({ leaders: [], defaultLeader: '赵县长' }).to).toBe('赵县长同志：');
      expect(c({ leaders: [], defaultLeader: null }).to).toBe('甲县司法局分管领导：');
      expect(c({ leaders: ['王明'] }).cc).toEqual(['甲县司法局', '甲县法治办']);
    });
  });

  describe('the bulletin\'s 总体评价 and 下一步工作要求', () => {
    const unit = (unitName: string, overdue: number) => ({ unitName, overdue });
    it('a good month: 总体平稳有序, nobody named, the coming deadlines and the standing requirement', () => {
      const good = bulletinSummary({ totals: { due: 8, completionRate: 1, onTimeRate: 0.875 }, dueNext: 3,
        units: [unit('甲县财政局', 0), unit('甲县城关镇', 0)], overdue: [] }, '2025年9月');
      expect(good.overall).toBe('2025年9月到期任务8项，办结率100.0%，按期率87.5%，总体平稳有序。各单位到期任务均已办结，未发生逾期。');
      expect(good.nextSteps).toBe('一是下月到期任务3项，请相关单位倒排工期、加快推进，确保按期办结；确需延期的，应在到期前提出申请。' +
        '二是各单位要对照任务清单，及时在督办系统中反馈进展；法治办将持续跟踪督办，办理情况纳入季度考核。');
      expect(bulletinSummary({ totals: { due: 0, completionRate: null, onTimeRate: null }, dueNext: 0, units: [], overdue: [] }, '2025年1月')
        .overall).toBe('2025年1月没有到期任务，总体平稳有序。各单位到期任务均已办结，未发生逾期。');
    });

    it('a bad month: 进度明显滞后, the units with overdue tasks named first, each told to finish and explain in writing', () => {
      const bad = bulletinSummary({ totals: { due: 10, completionRate: 0.4, onTimeRate: 0.5 }, dueNext: 0,
        units: [unit('甲县财政局', 3), unit('甲县司法局', 1), unit('甲县城关镇', 0)],
        overdue: [{ unitName: '甲县财政局', named: false }, { unitName: '甲县司法局', named: true }] }, '2025年9月');
      expect(bad.overall).toBe('2025年9月到期任务10项，办结率40.0%，按期率50.0%，进度明显滞后，形势不容乐观。' +
        '甲县司法局（逾期1项，其中点名通报1项）、甲县财政局（逾期3项）存在逾期未办结任务，共4项。');
      expect(bad.nextSteps).toBe('一是请甲县司法局、甲县财政局对逾期任务限期办结，并于5个工作日内向法治办书面说明逾期原因及整改措施；' +
        '被点名通报的单位主要负责同志要亲自研究、亲自督办。二是各单位要对照任务清单，及时在督办系统中反馈进展；法治办将持续跟踪督办，办理情况纳入季度考核。');
      // 70 % and more, or 90 % with a task overdue: 仍有差距
      const gap = (rate: number) => bulletinSummary({ totals: { due: 10, completionRate: rate, onTimeRate: 1 }, dueNext: 0,
        units: [unit('甲县财政局', 1)], overdue: [] }, '2025年9月').overall;
      expect(gap(0.9)).toContain('总体推进有力，但与按期全面完成仍有差距。');
      expect(gap(0.7)).toContain('仍有差距');
      expect(gap(0.69)).toContain('进度明显滞后');
    });

    it('names the units with a task named 未签收 and asks them to sign at once; a month without any reads as before', () => {
      const figures = { totals: { due: 0, completionRate: null, onTimeRate: null }, dueNext: 2, units: [], overdue: [] };
      const named = bulletinSummary({ ...figures, unsigned: [{ unitName: '甲县财政局' }, { unitName: '甲县财政局' }, { unitName: '甲县城关镇' }] },
        '2026年1月');
      expect(named.overall).toBe('2026年1月没有到期任务，总体平稳有序。各单位到期任务均已办结，未发生逾期。' +
        '甲县财政局、甲县城关镇有交办任务超期未签收被点名通报，共3项。');
      expect(named.nextSteps).toMatch(/^一是请甲县财政局、甲县城关镇即日登录督办系统签收被点名的交办任务，并向法治办说明未及时签收的原因。二是下月到期任务2项/);
      expect(named.nextSteps).toContain('三是各单位要对照任务清单');
      expect(bulletinSummary({ ...figures, unsigned: [] }, '2026年1月')).toEqual(bulletinSummary(figures, '2026年1月'));
    });

    it('closes the bulletin with both paragraphs, in the text and the HTML; one issued before has neither', () => {
      const summary = { overall: '总体平稳有序。', nextSteps: '一是按期办结。' };
      const ctx = { number: '甲法治办通报〔2025〕1号', unitName: '甲县人民政府', issuer: '甲县法治办', date: '2025-10-09', period: '2025-09' };
      const sheet = sheetOf('bulletin', { ...CONTENT.bulletin, summary }, ctx);
      const text = renderText(sheet).split('\n');
      expect(text.slice(text.indexOf(`　　${sheet.outro}`) + 1, text.indexOf(`　　${sheet.outro}`) + 3))
        .toEqual(['　　总体评价：总体平稳有序。', '　　下一步工作要求：一是按期办结。']);
      expect(renderHtml(sheet)).toContain('<p class="doc-closing">总体评价：总体平稳有序。</p><p class="doc-closing">下一步工作要求：一是按期办结。</p>');
      expect(renderText(sheetOf('bulletin', CONTENT.bulletin, ctx))).not.toContain('总体评价');
    });
  });
});
