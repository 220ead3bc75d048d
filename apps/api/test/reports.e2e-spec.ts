import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { makeDocx } from '../../../libs/report-parser/test/support/make-docx';
import { entityBombDocx, zipBombDocx } from '../../../libs/report-parser/test/support/hostile-files';
import { ApiHarness, startApi } from './harness';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const SEEDS = join(__dirname, '..', '..', '..', '..', 'shared', 'seeds');

interface Item { id: string; text: string; heading: string; span: { start: number; end: number } | null; children: Item[];
  suggestion: { leadUnitId: string | null; coOwnerUnitIds: string[]; deadline: string; basis: string[] } | null;
  recurrence: Array<{ reportYear: number; text: string; tasks: Array<{ code: string; statusLabel: string }> }> }

describe('report import over HTTP', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-02-02T02:00:00Z');
  });
  afterAll(() => h?.close());

  const upload = (name: string, content: Buffer, as: 'officeA' | 'justiceA' | 'officeB' = 'officeA') =>
    h.anonymous.post('/api/reports').set('authorization', `Bearer ${h.org.users[as].token}`).attach('file', content, name);
  const everyItem = (items: Item[]): Item[] => items.flatMap((i) => [i, ...everyItem(i.children)]);
  const expectSpansMatch = (report: { text: string; problems: Item[]; measures: Item[]; suggestions: Item[] }) => {
    for (const item of everyItem([...report.problems, ...report.measures, ...report.suggestions])) {
      expect(report.text.slice(item.span!.start, item.span!.end)).toBe(item.text);
    }
  };
  const counts = async () => (await h.dataSource.query(`SELECT (SELECT count(*)::int FROM report) AS reports,
    (SELECT count(*)::int FROM report_item) AS items, (SELECT count(*)::int FROM report_item_link) AS links`))[0];

  it('imports a report, suggests owners, deadlines and links, and turns measures into drafts that keep their source', async () => {
    const res = await upload('甲县司法局2024年报告.txt', fixture('jia-justice-2024.txt')).expect(201);
    expect(res.body).toMatchObject({ organization: '甲县司法局', reportYear: 2024, planYear: 2025,
      counts: { problems: 3, measures: 3, suggestions: 0 } });
    const report = (await h.as('officeA').get(`/api/reports/${res.body.id}`).expect(200)).body;
    expectSpansMatch(report);
    expect(report.encoding).toBe('utf-8');

    const [training, staffing, review] = report.measures as Item[];
    // a 2024 report read in February 2026: June of the plan year 2025 has passed, so June of this year
    expect(training.suggestion).toMatchObject({ leadUnitId: h.org.units.justiceA, deadline: '2026-06-30' });
    expect(training.suggestion!.basis.at(-1)).toContain('2025年的时限已过，顺延至2026年');
    expect(staffing.suggestion!.coOwnerUnitIds).toContain(h.org.units.financeA);
    expect(review.suggestion!.basis.join()).toContain('按季度检查');

    // the training problem and the training measure share their key terms
    const [trainingProblem] = report.problems as Item[];
    const link = report.links.find((l: { problemItemId: string; measureItemId: string }) =>
      l.problemItemId === trainingProblem.id && l.measureItemId === training.id);
    expect(link).toMatchObject({ status: 'suggested' });
    expect(link.terms).toContain('培训');
    await h.as('officeA').put(`/api/reports/${res.body.id}/links`,
      { problemItemId: trainingProblem.id, measureItemId: training.id, status: 'confirmed' }).expect(200);
    const wrong = await h.as('officeA').put(`/api/reports/${res.body.id}/links`,
      { problemItemId: training.id, measureItemId: trainingProblem.id, status: 'confirmed' }).expect(400);
    expect(wrong.body.code).toBe('REPORT_LINK_KINDS');

    const drafts = await h.as('officeA').post(`/api/reports/${res.body.id}/drafts`, { items: [
      { itemId: training.id, deadline: '2026-06-30' },
      { itemId: staffing.id, deadline: '2026-12-31', responsibleLeaderId: h.org.users.leaderA.id },
      { itemId: trainingProblem.id, leadUnitId: h.org.units.justiceA, deadline: '2026-09-30' },
    ] }).expect(201);
    expect(drafts.body.created.map((t: { title: string }) => t.title)).toEqual([
      training.heading, staffing.heading, `整改：${trainingProblem.heading}`]);
    const staffingTask = drafts.body.created[1];
    // the report's plan year 2025 is past in February 2026: the drafts go to this year's ledger, their codes with it
    expect(report.draftPlanYear).toBe(2026);
    expect(staffingTask).toMatchObject({ status: 'draft', leadUnit: { id: h.org.units.justiceA }, reportId: res.body.id,
      reportItemId: staffing.id, planYear: 2026, code: expect.stringMatching(/^2026-/) });
    expect(staffingTask.coOwners.map((c: { unitId: string }) => c.unitId)).toEqual([h.org.units.financeA]);

    // asking again creates nothing twice
    const again = await h.as('officeA').post(`/api/reports/${res.body.id}/drafts`, { items: [{ itemId: training.id }] }).expect(201);
    expect(again.body).toMatchObject({ created: [], skipped: [{ itemId: training.id }] });
    // and one request naming an item twice is refused before anything is written
    const tasksBefore = await h.dataSource.query(`SELECT count(*)::int AS n FROM task`);
    const twice = await h.as('officeA').post(`/api/reports/${res.body.id}/drafts`,
      { items: [{ itemId: staffing.id }, { itemId: staffing.id }] }).expect(400);
    expect(twice.body).toMatchObject({ code: 'REPORT_DRAFT_DUPLICATE', message: expect.stringContaining('只能出现一次') });
    expect(await h.dataSource.query(`SELECT count(*)::int AS n FROM task`)).toEqual(tasksBefore);

    const published = await h.as('officeA').post('/api/tasks/publish',
      { ids: drafts.body.created.map((t: { id: string }) => t.id) }).expect(200);
    expect(published.body.every((r: { ok: boolean }) => r.ok)).toBe(true);
    const seen = await h.as('justiceA').get(`/api/tasks/${staffingTask.id}`).expect(200);
    expect(seen.body.sourceReport).toEqual({ id: res.body.id, title: '甲县司法局2024年法治政府建设情况报告', itemId: staffing.id,
      text: staffing.text });
    expect(seen.body.source).toContain('举措');

    await h.as('officeA').delete(`/api/reports/${res.body.id}`).expect(409);
  });

  it('flags a problem named again in a later report of the same body, with what became of its task', async () => {
    const res = await upload('甲县司法局2025年报告.txt', fixture('jia-justice-2025.txt')).expect(201);
    expect(res.body.counts.recurring).toBeGreaterThanOrEqual(1);
    const report = (await h.as('officeA').get(`/api/reports/${res.body.id}`).expect(200)).body;
    const staffing = (report.problems as Item[]).find((p) => p.text.includes('司法所'))!;
    expect(staffing.recurrence).toEqual([expect.objectContaining({ reportYear: 2024 })]);
    expect(staffing.recurrence[0].text).toContain('乡镇司法所人员力量薄弱');
    const other = (report.problems as Item[]).find((p) => p.text.includes('行政复议'))!;
    expect(other.recurrence).toEqual([]);

    // the measure on 政务服务 has no unit of that kind in this county: drafting it without a lead is refused whole
    const service = (report.measures as Item[]).find((m) => m.text.includes('政务服务'))!;
    expect(service.suggestion!.leadUnitId).toBeNull();
    const tasksBefore = (await h.as('officeA').get('/api/tasks/stats').expect(200)).body.total;
    const refused = await h.as('officeA').post(`/api/reports/${res.body.id}/drafts`,
      { items: [{ itemId: (report.measures as Item[])[0].id }, { itemId: service.id }] }).expect(400);
    expect(refused.body).toMatchObject({ code: 'REPORT_DRAFT_NO_LEAD' });
    expect(refused.body.message).toContain(service.heading);
    expect((await h.as('officeA').get('/api/tasks/stats').expect(200)).body.total).toBe(tasksBefore);
    expect(report.coverage.problemsWithoutMeasure.length + report.coverage.measuresWithoutProblem.length).toBeGreaterThan(0);
  });

  it('reads GBK text, .docx and saved web pages, detected from the bytes', async () => {
    const text = fixture('jia-justice-2024.txt').toString('utf8').replace('甲县司法局2024', '甲县城关镇2024').replace(/甲县司法局\n/, '甲县城关镇\n');
    const gbk = await upload('城关镇报告.txt', iconv.encode(text, 'gbk')).expect(201);
    expect(gbk.body.counts).toMatchObject({ problems: 3, measures: 3 });
    const gbkReport = (await h.as('officeA').get(`/api/reports/${gbk.body.id}`).expect(200)).body;
    expect(gbkReport.encoding).toBe('gb18030');
    expectSpansMatch(gbkReport);

    const paragraphs = fixture('jia-justice-2025.txt').toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    const docx = await upload('报告.docx', makeDocx(paragraphs.join('\n'))).expect(201);
    expect(docx.body).toMatchObject({ reportYear: 2025, planYear: 2026, counts: { problems: 2, measures: 3 } });
    expectSpansMatch((await h.as('officeA').get(`/api/reports/${docx.body.id}`).expect(200)).body);

    const html = readFileSync(join(__dirname, '..', '..', '..', 'libs', 'report-parser', 'test', 'fixtures', 'river-town-page.html'));
    const page = await upload('river-town.html', html).expect(201);
    expect(page.body.counts.problems).toBeGreaterThan(0);
    const pageReport = (await h.as('officeA').get(`/api/reports/${page.body.id}`).expect(200)).body;
    expectSpansMatch(pageReport);
    expect(pageReport.text).not.toMatch(/<script|function\s*\(/);
  });

  (existsSync(SEEDS) ? it : it.skip)('imports every seed report with spans that point at the item text', async () => {
    for (const name of readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))) {
      const res = await upload(name, readFileSync(join(SEEDS, name))).expect(201);
      const gold = JSON.parse(readFileSync(join(SEEDS, name.replace('.txt', '.gold.json')), 'utf8'));
      expect(res.body.counts.problems).toBe(gold.problems.length);
      expect(res.body.counts.measures).toBe(gold.measures.length);
      expectSpansMatch((await h.as('officeA').get(`/api/reports/${res.body.id}`).expect(200)).body);
    }
  });

  it('answers bad uploads with clear errors and stores nothing', async () => {
    const before = await counts();
    const dup = await upload('again.txt', fixture('jia-justice-2024.txt')).expect(409);
    expect(dup.body).toMatchObject({ code: 'REPORT_DUPLICATE' });
    expect(dup.body.details.existingReportId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await upload('empty.txt', Buffer.alloc(0)).expect(400)).body.code).toBe('REPORT_EMPTY');
    const pdf = await upload('scan.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')).expect(415);
    expect(pdf.body).toMatchObject({ code: 'REPORT_UNSUPPORTED' });
    expect(pdf.body.message).toContain('.docx');
    const binary = await upload('noise.txt', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))).expect(415);
    expect(binary.body.code).toBe('REPORT_UNSUPPORTED');
    const big = await upload('big.txt', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41));
    expect(big.status).toBe(413);
    const bomb = await upload('bomb.docx', zipBombDocx(400)).expect(413);
    expect(bomb.body).toMatchObject({ code: 'ARCHIVE_TOO_LARGE' });
    expect(bomb.body.message).toContain('解压后过大');
    const entities = await upload('laughs.docx', entityBombDocx()).expect(422);
    expect(entities.body).toMatchObject({ code: 'REPORT_UNSAFE_XML' });
    expect(await counts()).toEqual(before);
  });

  it('refuses a file that brings more items than one report has (a compilation), with a clear 422, storing nothing', async () => {
    const before = await counts();
    const areas = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一'];
    const text = ['某县司法局2025年法治政府建设情况报告', '一、存在的问题',
      ...areas.flatMap((a) => [`（${a}）第${a}方面的问题`, ...Array.from({ length: 95 }, (_, i) => `${i + 1}. 第${a}方面第${i + 1}项工作推进不够有力。`)]),
      '二、2026年工作计划', '1. 加强执法人员培训。', ''].join('\n');
    const res = await h.as('officeA').post('/api/reports', { text }).expect(422);
    expect(res.body).toMatchObject({ code: 'REPORT_TOO_MANY_ITEMS', details: { items: 1057, max: 1000 } });
    expect(res.body.message).toContain('超过单份报告的上限 1000 个');
    expect(await counts()).toEqual(before);
  });

  it('takes plain text as JSON, and stores a report without a plan section with warnings', async () => {
    const res = await h.as('officeA').post('/api/reports', {
      text: '乙局2025年工作总结\n一、工作开展情况\n（一）加强学习。组织集中学法四次。\n二、存在的问题\n一是学法形式单一。二是覆盖面不广。\n',
    }).expect(201);
    expect(res.body.counts).toMatchObject({ problems: 2, measures: 0 });
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toContain('NO_PLAN_SECTION');
    const item = await h.as('officeA').post(`/api/reports/${res.body.id}/items`,
      { kind: 'measure', text: '每季度组织一次集中学法，年底前实现全员覆盖。' }).expect(201);
    expect(item.body).toMatchObject({ kind: 'measure', manual: true, span: null, heading: '每季度组织一次集中学法，年底前实现全员覆盖' });
    const edited = await h.as('officeA').patch(`/api/reports/${res.body.id}/items/${item.body.id}`, { heading: '常态化集中学法' }).expect(200);
    expect(edited.body.heading).toBe('常态化集中学法');
    await h.as('officeA').delete(`/api/reports/${res.body.id}/items/${item.body.id}`).expect(204);
    await h.as('officeA').delete(`/api/reports/${res.body.id}`).expect(204);
    await h.as('officeA').get(`/api/reports/${res.body.id}`).expect(404);
  });

  describe('a report of last year reviewed in December', () => {
    const TEXT = ['甲县财政局2025年法治政府建设情况报告', '一、存在的问题', '（一）财政执法人员培训不足。', '（二）预算信息公开不够及时。',
      '二、2026年工作计划', '1. 推进预算公开。年底前实现预算信息全部公开。', '2. 加强执法培训。6月底前完成财政执法人员全员轮训。',
      '3. 规范合同审查。由县司法局牵头，第一季度完成合同清理。', ''].join('\n');
    let reportId: string;
    let report: { today: string; problems: Item[]; measures: Item[] };
    const taskTotal = async () => (await h.dataSource.query(`SELECT count(*)::int AS n FROM task`))[0].n as number;

    beforeAll(async () => {
      h.clock.set('2026-12-07T02:00:00Z');
      const res = await h.as('officeA').post('/api/reports', { text: TEXT, fileName: '财政局报告.txt' }).expect(201);
      expect(res.body).toMatchObject({ reportYear: 2025, planYear: 2026 });
      reportId = res.body.id;
      report = (await h.as('officeA').get(`/api/reports/${reportId}`).expect(200)).body;
    });
    afterAll(() => h.clock.set('2026-02-02T02:00:00Z'));

    it('suggests no deadline before today: this plan year\'s where it has not passed, else the next year\'s', async () => {
      expect(report.today).toBe('2026-12-07');
      expect(report.measures.map((m) => m.suggestion!.deadline)).toEqual(['2026-12-31', '2027-06-30', '2027-03-31']);
      expect(report.measures[1].suggestion!.basis.at(-1)).toBe('时间表述“6月底前”；2026年的时限已过，顺延至2027年');
      // problems get a suggestion too, to be drafted as 整改任务
      expect(report.problems.map((p) => p.suggestion!.deadline)).toEqual(['2026-12-31', '2026-12-31']);
      expect(report.problems[0].suggestion!.leadUnitId).toBe(h.org.units.justiceA); // 执法 → 司法局 by the built-in rules
    });

    it('refuses drafting with a past deadline, or a lead outside the county, naming the row; nothing is written', async () => {
      const before = await taskTotal();
      const [publicity, training] = report.measures;
      const past = await h.as('officeA').post(`/api/reports/${reportId}/drafts`, { items: [
        { itemId: publicity.id, leadUnitId: h.org.units.financeA, deadline: '2026-12-31' },
        { itemId: training.id, leadUnitId: h.org.units.financeA, deadline: '2025-12-31' },
      ] }).expect(400);
      expect(past.body).toMatchObject({ code: 'REPORT_DRAFT_DEADLINE_PAST', message: '第2条举措：完成时限2025-12-31早于今天，请修改后再生成',
        details: { items: [{ itemId: training.id, row: '第2条举措', deadline: '2025-12-31' }] } });
      const outside = await h.as('officeA').post(`/api/reports/${reportId}/drafts`, { items: [
        { itemId: publicity.id, leadUnitId: h.org.units.financeA }, { itemId: report.problems[1].id, leadUnitId: h.org.units.justiceB },
      ] }).expect(400);
      expect(outside.body).toMatchObject({ code: 'TASK_UNIT_OUT_OF_JURISDICTION', message: '第2条问题：所选单位不在本辖区内' });
      expect(outside.body.details).toMatchObject({ row: '第2条问题', itemId: report.problems[1].id });
      const twice = await h.as('officeA').post(`/api/reports/${reportId}/drafts`,
        { items: [{ itemId: training.id }, { itemId: training.id }] }).expect(400);
      expect(twice.body.message).toBe('同一条目在一次请求中只能出现一次：第2条举措');
      expect(await taskTotal()).toBe(before);
    });

    it('drafts a problem as 整改任务 with the suggested owner and a deadline not before today', async () => {
      const problem = report.problems[0];
      const res = await h.as('officeA').post(`/api/reports/${reportId}/drafts`, { items: [{ itemId: problem.id }] }).expect(201);
      expect(res.body.created).toEqual([expect.objectContaining({ title: `整改：${problem.heading}`, status: 'draft',
        leadUnit: expect.objectContaining({ id: h.org.units.justiceA }), currentDeadline: '2026-12-31', reportItemId: problem.id })]);
      expect(res.body.created[0].source).toContain('问题');
    });

    it('drafts into the plan year the office picks, codes with it; a year out of range is refused naming 计划年度', async () => {
      // a report of its own, so the tasks drafted from the one above stay as the tests below count them
      const own = await h.as('officeA').post('/api/reports', { text: TEXT.replace('财政局', '审计局'), fileName: '审计局报告.txt' }).expect(201);
      const full = (await h.as('officeA').get(`/api/reports/${own.body.id}`).expect(200)).body;
      expect(full.draftPlanYear).toBe(2026); // the report's own plan year is this year's
      const before = await taskTotal();
      const bad = await h.as('officeA').post(`/api/reports/${own.body.id}/drafts`,
        { planYear: 1999, items: [{ itemId: full.measures[0].id }] }).expect(400);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求参数有误：计划年度不能小于 2000' });
      expect(await taskTotal()).toBe(before);
      const res = await h.as('officeA').post(`/api/reports/${own.body.id}/drafts`, { planYear: 2027,
        items: [{ itemId: full.measures[0].id, leadUnitId: h.org.units.financeA, deadline: '2027-12-31' }] }).expect(201);
      expect(res.body.created).toEqual([expect.objectContaining({ planYear: 2027, code: expect.stringMatching(/^2027-/) })]);
    });

    it('renames the report (office of its county only), with the field named in a refusal', async () => {
      const bad = await h.as('officeA').patch(`/api/reports/${reportId}`, { title: '   ' }).expect(400);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('报告标题') });
      const long = await h.as('officeA').patch(`/api/reports/${reportId}`, { title: '长'.repeat(201) }).expect(400);
      expect(long.body.message).toContain('报告标题');
      await h.as('officeB').patch(`/api/reports/${reportId}`, { title: '乙县改的' }).expect(404);
      expect((await h.as('justiceA').patch(`/api/reports/${reportId}`, { title: '部门改的' }).expect(403)).body.code).toBe('REPORT_OFFICE_ONLY');
      await h.as('leaderA').patch(`/api/reports/${reportId}`, { title: '领导改的' }).expect(403);
      const ok = await h.as('officeA').patch(`/api/reports/${reportId}`, { title: ' 甲县财政局2025年度法治政府建设报告 ' }).expect(200);
      expect(ok.body).toEqual({ id: reportId, title: '甲县财政局2025年度法治政府建设报告' });
      expect((await h.as('officeA').get(`/api/reports/${reportId}`).expect(200)).body.title).toBe('甲县财政局2025年度法治政府建设报告');
      const listed = (await h.as('officeA').get('/api/reports').expect(200)).body.find((r: { id: string }) => r.id === reportId);
      expect(listed.title).toBe('甲县财政局2025年度法治政府建设报告');
    });

    it('refuses to delete a report tasks were drafted from (409, saying what to do); deletes it once they are cancelled', async () => {
      const [task] = (await h.as('officeA').get(`/api/tasks?reportId=${reportId}`).expect(200)).body.items;
      // the list counts the tasks made from a report (已生成任务), drafts too, cancelled ones not
      const tasksListed = async () => (await h.as('officeA').get('/api/reports').expect(200)).body
        .find((r: { id: string }) => r.id === reportId).counts.tasks;
      expect(await tasksListed()).toBe(1);
      const refused = await h.as('officeA').delete(`/api/reports/${reportId}`).expect(409);
      expect(refused.body).toMatchObject({ code: 'REPORT_HAS_TASKS', details: { codes: [task.code] } });
      expect(refused.body.message).toBe(`该报告已生成 1 项任务（${task.code}，其中草稿 1 项），不能删除；任务以本报告为来源，如确需删除，请先在任务台账中撤销这些任务`);
      await h.as('officeB').delete(`/api/reports/${reportId}`).expect(404);
      await h.as('justiceA').delete(`/api/reports/${reportId}`).expect(403);
      await h.as('officeA').post(`/api/tasks/${task.id}/cancel`, { reason: '来源报告重新导入' }).expect(200);
      expect(await tasksListed()).toBe(0);
      await h.as('officeA').delete(`/api/reports/${reportId}`).expect(204);
      await h.as('officeA').get(`/api/reports/${reportId}`).expect(404);
      // the cancelled task stays in the ledger, without its source
      const kept = (await h.as('officeA').get(`/api/tasks/${task.id}`).expect(200)).body;
      expect(kept).toMatchObject({ status: 'cancelled', reportId: null });
    });
  });

  it('keeps reports to the office of their jurisdiction', async () => {
    const [report] = (await h.as('officeA').get('/api/reports').expect(200)).body;
    await h.as('officeB').get(`/api/reports/${report.id}`).expect(404);
    await h.as('officeB').delete(`/api/reports/${report.id}`).expect(404);
    expect((await h.as('officeB').get('/api/reports').expect(200)).body).toEqual([]);
    await h.as('justiceA').get('/api/reports').expect(403);
    await upload('x.txt', Buffer.from('报告'), 'justiceA').expect(403);
    await h.as('leaderA').get(`/api/reports/${report.id}`).expect(403);
  });

  it('lets the office keep its own owner keyword rules', async () => {
    await h.as('officeA').post('/api/owner-rules', { keywords: ['信用'], unitId: h.org.units.justiceB, role: 'lead' }).expect(400);
    const rules = await h.as('officeA').post('/api/owner-rules', { keywords: ['信用', '诚信'], unitId: h.org.units.townA, role: 'lead' })
      .expect(201);
    expect(rules.body).toEqual([expect.objectContaining({ keywords: ['信用', '诚信'], unitName: '甲县城关镇' })]);
    const res = await h.as('officeA').post('/api/reports', {
      text: '甲县城关镇2025年法治建设报告\n一、存在的问题\n一是诚信建设滞后。\n二、2026年工作计划\n（一）推进诚信建设。年底前建立信用档案。\n',
    }).expect(201);
    const report = (await h.as('officeA').get(`/api/reports/${res.body.id}`).expect(200)).body;
    expect(report.measures[0].suggestion.leadUnitId).toBe(h.org.units.townA);
    expect((await h.as('officeB').get('/api/owner-rules').expect(200)).body).toEqual([]);
    // another county's office cannot delete the rule (404, and it stays); its own office can, once
    const ruleId = rules.body[0].id;
    const foreign = await h.as('officeB').delete(`/api/owner-rules/${ruleId}`).expect(404);
    expect(foreign.body.code).toBe('OWNER_RULE_NOT_FOUND');
    expect((await h.as('officeA').get('/api/owner-rules').expect(200)).body).toHaveLength(1);
    await h.as('officeA').delete(`/api/owner-rules/${ruleId}`).expect(204);
    await h.as('officeA').delete(`/api/owner-rules/${ruleId}`).expect(404);
    expect((await h.as('officeA').get('/api/owner-rules').expect(200)).body).toEqual([]);
  });
});
