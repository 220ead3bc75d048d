import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { ApiHarness, startApi } from './harness';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const file = (name: string) => ({ name, content: Buffer.from(`%PDF-1.4\n${name}\n%%EOF`) });

interface Item { id: string; text: string; heading: string }
interface OutcomeTask { code: string; outcome: string; outcomeLabel: string; completedOn: string | null; evidence: string[];
  cancelReason: string | null; carriedTo: { code: string; planYear: number } | null }
interface OutcomeItem { itemId: string; heading: string; outcome: string; outcomeLabel: string; tasks: OutcomeTask[] }

/**
 * A year of one report: its problems and measures drafted into tasks in February 2025, closed on time, after an
 * extension, late, one cancelled, one left open and carried into 2026, one never drafted; the year-end outcome as JSON
 * and as Word; and next year's report showing the repeated problem with this year's outcome.
 */
describe('the year’s outcome of a report, and carrying open tasks into the next year', () => {
  let h: ApiHarness;
  let reportId: string;
  const tasks: Record<'training' | 'staffing' | 'review' | 'trainingPlan' | 'staffingPlan', { id: string; code: string }> = {} as never;
  beforeAll(async () => {
    h = await startApi('2025-02-10T02:00:00Z');
  });
  afterAll(() => h?.close());

  const at = (iso: string) => h.clock.set(`${iso}T02:00:00Z`);
  const close = async (id: string, evidence: string[] = []) => {
    const url = `/api/tasks/${id}`;
    await h.as('justiceA').post(`${url}/acknowledge`).expect(200);
    await h.as('justiceA').upload(`${url}/submit`, { note: '已完成整改' }, evidence.map(file)).expect(200);
    await h.as('officeA').post(`${url}/approve`).expect(200);
  };

  it('sets up a 2024 report with its tasks of 2025 closed in every way', async () => {
    const imported = await h.anonymous.post('/api/reports').set('authorization', `Bearer ${h.org.users.officeA.token}`)
      .attach('file', fixture('jia-justice-2024.txt'), '甲县司法局2024年报告.txt').expect(201);
    reportId = imported.body.id;
    const report = (await h.as('officeA').get(`/api/reports/${reportId}`).expect(200)).body;
    const [training, staffing, review] = report.problems as Item[];
    const [trainingPlan, staffingPlan] = report.measures as Item[];
    const drafts = await h.as('officeA').post(`/api/reports/${reportId}/drafts`, { items: [
      { itemId: training.id, leadUnitId: h.org.units.justiceA, deadline: '2025-06-30' },
      { itemId: staffing.id, leadUnitId: h.org.units.justiceA, coOwnerUnitIds: [h.org.units.financeA], deadline: '2025-06-30' },
      { itemId: review.id, leadUnitId: h.org.units.justiceA, deadline: '2025-05-31' },
      { itemId: trainingPlan.id, leadUnitId: h.org.units.justiceA, deadline: '2025-06-30' },
      { itemId: staffingPlan.id, leadUnitId: h.org.units.justiceA, deadline: '2025-12-31' },
    ] }).expect(201);
    const made = drafts.body.created as Array<{ id: string; code: string }>;
    [tasks.training, tasks.staffing, tasks.review, tasks.trainingPlan, tasks.staffingPlan] = made;
    expect(made.map((t) => t.code)).toEqual(['2025-001', '2025-002', '2025-003', '2025-004', '2025-005']);
    await h.as('officeA').post('/api/tasks/publish', { ids: made.map((t) => t.id) }).expect(200);

    // the staffing task gets three more months, approved in time
    const asked = await h.as('justiceA').post(`/api/tasks/${tasks.staffing.id}/extensions`,
      { newDeadline: '2025-09-30', reason: '辅助人员招录程序较长' }).expect(201);
    await h.as('officeA').post(`/api/tasks/${tasks.staffing.id}/extensions/${asked.body.pendingExtension.id}/approve`).expect(200);
    // the training measure is done under the training problem's task
    await h.as('officeA').post(`/api/tasks/${tasks.trainingPlan.id}/cancel`, { reason: '并入2025-001办理' }).expect(200);

    at('2025-06-20');
    await close(tasks.training.id, ['轮训计划.pdf', '培训签到表.pdf']);
    at('2025-07-15');
    await close(tasks.review.id, ['合法性审查台账.pdf']);
    at('2025-09-10');
    await close(tasks.staffing.id, ['购买服务合同.pdf']);
  });

  it('carries the open task into 2026 once, for the county office only', async () => {
    at('2025-12-20');
    const body = { ids: [tasks.staffingPlan.id], planYear: 2026 };
    const department = await h.as('justiceA').post('/api/tasks/carry-over', body).expect(403);
    expect(department.body.code).toBe('TASK_ACTION_FORBIDDEN');
    const neighbour = await h.as('officeB').post('/api/tasks/carry-over', body).expect(404);
    expect(neighbour.body.code).toBe('TASK_NOT_FOUND');
    const closed = await h.as('officeA').post('/api/tasks/carry-over', { ids: [tasks.training.id], planYear: 2026 }).expect(409);
    expect(closed.body).toMatchObject({ code: 'TASK_NOT_CARRYABLE', message: expect.stringContaining('已办结') });
    const sameYear = await h.as('officeA').post('/api/tasks/carry-over', { ...body, planYear: 2025 }).expect(400);
    expect(sameYear.body.code).toBe('TASK_CARRY_YEAR');

    await h.as('officeA').post('/api/tasks/report-cycle', { ids: body.ids, cycle: { kind: 'monthly', day: 20 } }).expect(200);
    const carried = await h.as('officeA').post('/api/tasks/carry-over', body).expect(200);
    const next = carried.body.carried[0].task;
    expect(next.reportCycle).toEqual({ kind: 'monthly', day: 20 });
    expect(next).toMatchObject({ code: '2026-001', planYear: 2026, status: 'draft', currentDeadline: '2026-12-31',
      leadUnit: { id: h.org.units.justiceA }, carriedFrom: { id: tasks.staffingPlan.id, code: '2025-005', planYear: 2025 } });
    expect(next.source).toContain('结转自2025年任务 2025-005');

    const old = (await h.as('justiceA').get(`/api/tasks/${tasks.staffingPlan.id}`).expect(200)).body;
    expect(old).toMatchObject({ status: 'cancelled', carriedTo: { id: next.id, code: '2026-001', planYear: 2026 } });
    const history = (await h.as('justiceA').get(`/api/tasks/${tasks.staffingPlan.id}/history`).expect(200)).body;
    expect(history.at(-1)).toMatchObject({ action: 'cancel', reason: '结转至2026年（2026-001）' });

    const twice = await h.as('officeA').post('/api/tasks/carry-over', body).expect(409);
    expect(twice.body).toMatchObject({ code: 'TASK_ALREADY_CARRIED', message: '任务 2025-005 已结转至2026年（2026-001），不能再次结转' });
    expect((await h.dataSource.query(`SELECT count(*)::int AS n FROM task WHERE plan_year = 2026`))[0].n).toBe(1);
  });

  it('tells for each problem and measure what became of it, to the office of the county only', async () => {
    at('2025-12-31');
    await h.as('justiceA').get(`/api/reports/${reportId}/outcome`).expect(403);
    await h.as('leaderA').get(`/api/reports/${reportId}/outcome`).expect(403);
    await h.as('officeB').get(`/api/reports/${reportId}/outcome`).expect(404);
    await h.as('officeB').get(`/api/reports/${reportId}/outcome.docx`).expect(404);

    const outcome = (await h.as('officeA').get(`/api/reports/${reportId}/outcome`).expect(200)).body;
    const line = (i: OutcomeItem) => [i.outcomeLabel, ...i.tasks.map((t) => [t.code, t.outcomeLabel, t.completedOn])];
    expect(outcome.problems.map(line)).toEqual([
      ['按期办结', ['2025-001', '按期办结', '2025-06-20']],
      ['延期后办结', ['2025-002', '延期后办结', '2025-09-10']],
      ['逾期办结', ['2025-003', '逾期办结', '2025-07-15']],
    ]);
    expect(outcome.measures.map(line)).toEqual([
      ['已撤销', ['2025-004', '已撤销', null]],
      ['未办结（结转）', ['2025-005', '未办结（结转）', null]],
      ['未立项'],
    ]);
    expect(outcome.problems[0].tasks[0].evidence).toEqual(['轮训计划.pdf', '培训签到表.pdf']);
    expect(outcome.measures[0].tasks[0].cancelReason).toBe('并入2025-001办理');
    expect(outcome.measures[1].tasks[0].carriedTo).toMatchObject({ code: '2026-001', planYear: 2026 });
    expect(outcome.summary).toEqual({ problems: 3, measures: 3, completed: 3, onTime: 1, extended: 1, late: 1, carried: 1,
      cancelled: 1, open: 0, unassigned: 0, untracked: 1 });
  });

  it('downloads the outcome as a Word document in the words of a 整改落实情况', async () => {
    const res = await h.as('officeA').get(`/api/reports/${reportId}/outcome.docx`).buffer(true)
      .parse((r, done) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => done(null, Buffer.concat(chunks))); })
      .expect(200);
    const title = '《甲县司法局2024年法治政府建设情况报告》所列问题和举措整改落实情况';
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`${title}.docx`)}`);
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<w:p[ >]/g, '\n$&').replace(/<[^>]+>/g, '');
    const [training, staffing] = (await h.as('officeA').get(`/api/reports/${reportId}/outcome`).expect(200)).body.problems as OutcomeItem[];
    for (const sentence of [
      title,
      '截至2025年12月31日，《甲县司法局2024年法治政府建设情况报告》所列共3个问题、3项举措，已办结3项，其中按期办结1项、延期后办结1项、逾期办结1项；结转下一年度继续办理1项；撤销1项；未单独列入督办任务1项。',
      '一、问题整改情况',
      `（一）${training.heading}`,
      `针对“${training.heading}”问题，由甲县司法局牵头，于2025年6月20日按期办结；佐证材料：轮训计划.pdf、培训签到表.pdf。`,
      `针对“${staffing.heading}”问题，由甲县司法局牵头，甲县财政局配合，经批准延期至2025年9月30日，于2025年9月10日办结；佐证材料：购买服务合同.pdf。`,
      '完成时限为2025年5月31日，于2025年7月15日逾期办结',
      '二、举措落实情况',
      '该项任务已撤销（并入2025-001办理）',
      '年内未办结，已结转至2026年继续办理（任务编号2026-001）',
      '举措，未单独列入督办任务。',
    ]) expect(text).toContain(sentence);
    // GB/T 9704 body: 仿宋_GB2312 三号 (16 pt = 32 half-points), the title in 小标宋, headings in 黑体 and 楷体
    expect(xml).toContain('w:ascii="仿宋_GB2312"');
    expect(xml).toContain('<w:sz w:val="32"/>');
    expect(xml).toContain('w:ascii="方正小标宋简体"');
    expect(xml).toContain('w:ascii="黑体"');
    expect(xml).toContain('w:ascii="楷体_GB2312"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });

  it('shows the repeated problem of next year’s report with this year’s outcome', async () => {
    at('2026-02-01');
    const imported = await h.anonymous.post('/api/reports').set('authorization', `Bearer ${h.org.users.officeA.token}`)
      .attach('file', fixture('jia-justice-2025.txt'), '甲县司法局2025年报告.txt').expect(201);
    const report = (await h.as('officeA').get(`/api/reports/${imported.body.id}`).expect(200)).body;
    const staffing = (report.problems as Array<Item & { recurrence: Array<{ reportYear: number; tasks: Array<{ code: string;
      outcome: string; outcomeLabel: string }> }> }>).find((p) => p.text.includes('司法所'))!;
    expect(staffing.recurrence).toEqual([expect.objectContaining({ reportYear: 2024,
      tasks: [expect.objectContaining({ code: '2025-002', outcome: 'extended', outcomeLabel: '延期后办结' })] })]);
  });
});
