import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Response } from 'superagent';
import { SUMMARY_MAX_LENGTH } from '@app/domain';
import { startCadence } from './cadence-runner';
import { ApiHarness, startApi } from './harness';

const bj = (date: string, time = '10:30') => new Date(`${date}T${time}:00+08:00`);
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * A bulletin reviewed before 签发 over HTTP: 甲县's policy asks for review, 乙县's does not. Only 甲县's office sees,
 * edits and issues its draft; its units find it in their inbox only once issued.
 */
describe('a bulletin under review: the office edits its paragraphs and issues it (PATCH …/summary, POST …/issue)', () => {
  let h: ApiHarness;
  let cadence: Awaited<ReturnType<typeof startCadence>>;
  let draft: string;
  let issuedB: string;

  beforeAll(async () => {
    h = await startApi('2025-09-01T08:00:00+08:00');
    cadence = await startCadence(h.db.url, 'review');
    const u = h.org.units;
    await h.as('officeA').put(`/api/jurisdictions/${u.countyA}/cadence-policy`, { bulletinReview: true }).expect(200);
    const publish = async (office: 'officeA' | 'officeB', unit: string, deadline: string) => {
      const res = await h.as(office).post('/api/tasks', { title: '规范行政执法', planYear: 2025, leadUnitId: unit, deadline }).expect(201);
      await h.as(office).post(`/api/tasks/${res.body.id}/publish`).expect(200);
      return res.body.id as string;
    };
    const grouped = await publish('officeA', u.justiceA, '2025-09-10');
    await publish('officeA', u.townA, '2025-12-31'); // under no 工作重点
    await publish('officeB', u.justiceB, '2025-09-10');
    // 甲县 groups its plan (工作重点); 乙县 does not
    const group = await h.as('officeA').post('/api/task-groups', { planYear: 2025, title: '严格规范公正文明执法' }).expect(201);
    await h.as('officeA').put(`/api/tasks/${grouped}/group`, { groupId: group.body.id }).expect(200);
    await cadence.run('monthly-bulletin', bj('2025-10-09'));
    const rows: Array<{ id: string; jurisdiction_id: string }> = await h.dataSource.query(
      `SELECT id, jurisdiction_id FROM supervision_document WHERE kind = 'bulletin'`);
    draft = rows.find((r) => r.jurisdiction_id === u.countyA)!.id;
    issuedB = rows.find((r) => r.jurisdiction_id === u.countyB)!.id;
  });
  afterAll(async () => {
    await cadence?.close();
    await h?.close();
  });

  it('refuses a bulletinReview that is not true or false, naming the setting', async () => {
    const res = await h.as('officeA').put(`/api/jurisdictions/${h.org.units.countyA}/cadence-policy`, { bulletinReview: 'yes' }).expect(400);
    expect(res.body.code).toBe('CADENCE_POLICY_INVALID');
    expect(res.body.message).toContain('月通报签发前审核');
  });

  it('shows the draft to its office as 待签发, and to nobody else: lists omit it, reading it is 404', async () => {
    const office = (await h.as('officeA').get('/api/bulletins').expect(200)).body.items;
    expect(office).toEqual([expect.objectContaining({ id: draft, status: 'draft' })]);
    for (const who of ['justiceA', 'financeA', 'townA', 'leaderA', 'leaderA2', 'officeB', 'justiceB'] as const) {
      const seen = (await h.as(who).get('/api/documents?kind=bulletin').expect(200)).body.items.map((d: { id: string }) => d.id);
      expect(seen).not.toContain(draft);
      await h.as(who).get(`/api/documents/${draft}`).expect(404);
    }
    const inbox = (await h.as('justiceA').get('/api/notifications').expect(200)).body.items;
    expect(inbox.filter((n: { kind: string }) => n.kind === 'bulletin')).toEqual([]);
    // 乙县 reviews nothing: its bulletin went out with the beat
    expect((await h.as('justiceB').get(`/api/documents/${issuedB}`).expect(200)).body.status).toBe('issued');
  });

  it('lets only 甲县\'s office edit or issue it: a department and another county\'s office are refused', async () => {
    const body = { overall: '改写' };
    for (const who of ['justiceA', 'leaderA', 'officeB'] as const) {
      expect((await h.as(who).patch(`/api/documents/${draft}/summary`, body).expect(404)).body.code).toBe('DOCUMENT_NOT_FOUND');
      expect((await h.as(who).post(`/api/documents/${draft}/issue`).expect(404)).body.code).toBe('DOCUMENT_NOT_FOUND');
    }
    // the admin sees every document but issues no county's 公文
    expect((await h.as('admin').post(`/api/documents/${draft}/issue`).expect(403)).body.code).toBe('BULLETIN_REVIEW_FORBIDDEN');
    // a department may read its county's issued bulletin, never change it
    expect((await h.as('justiceB').patch(`/api/documents/${issuedB}/summary`, body).expect(403)).body.code)
      .toBe('BULLETIN_REVIEW_FORBIDDEN');
    expect((await h.as('officeB').patch(`/api/documents/${issuedB}/summary`, body).expect(409)).body.code).toBe('BULLETIN_ALREADY_ISSUED');
    expect((await h.as('officeA').get(`/api/documents/${draft}`).expect(200)).body.status).toBe('draft');
  });

  it('reports 甲县\'s 工作重点 (未分组 after), on the page and in the Excel; 乙县, with no groups, has no such section', async () => {
    const a = (await h.as('officeA').get(`/api/documents/${draft}`).expect(200)).body;
    expect(a.content.focus.map((f: any) => [f.title, f.total, f.due, f.dueCompleted, f.overdue, f.completionRate]))
      .toEqual([['严格规范公正文明执法', 1, 1, 0, 1, 0], ['未分组', 1, 0, 0, 0, null]]);
    expect(a.text).toContain('严格规范公正文明执法　1　1　0　1　0.0%');
    const b = (await h.as('officeB').get(`/api/documents/${issuedB}`).expect(200)).body;
    expect(b.content.focus).toBeUndefined();
    expect(b.text).not.toContain('工作重点');

    const res = await h.as('officeA').get(`/api/bulletins/export.xlsx?period=2025-09&unitId=${h.org.units.countyA}`).buffer(true)
      .parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['通报', '工作重点', '逾期任务', '总体评价']);
    const [units, focus] = wb.worksheets;
    expect(String(units.getCell('A2').value)).toContain('待签发'); // the draft's subtitle: no 印发 date yet
    const values: unknown[][] = [];
    focus.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    expect(values).toContainEqual(['严格规范公正文明执法', 1, 1, 0, 0, 1, 0, '—']);
    expect(values).toContainEqual(['未分组', 1, 0, 0, 0, 0, '—', '—']);
  });

  it('checks the paragraphs, naming each in Chinese', async () => {
    const bad = async (body: object, message: string) => {
      const res = await h.as('officeA').patch(`/api/documents/${draft}/summary`, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toContain(message);
    };
    await bad({ overall: '   ' }, '总体评价不能为空');
    await bad({ nextSteps: '要'.repeat(SUMMARY_MAX_LENGTH + 1) }, `下一步工作要求不能超过 ${SUMMARY_MAX_LENGTH} 个字符`);
    await bad({ overall: 1 }, '总体评价必须是文本');
    await bad({ status: 'issued' }, 'status 是不允许的字段');
  });

  it('the draft downloads as Word for its office, as it reads so far (工作重点 table, paragraphs); for nobody else', async () => {
    const a = (await h.as('officeA').get(`/api/documents/${draft}`).expect(200)).body;
    const res = await h.as('officeA').get(`/api/documents/${draft}/docx`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`${a.number} ${a.title}.docx`));
    const xml = await (await JSZip.loadAsync(res.body as Buffer)).file('word/document.xml')!.async('string');
    for (const part of ['各工作重点办理情况：', '严格规范公正文明执法', '未分组', `总体评价：${a.content.summary.overall}`]) {
      expect(xml).toContain(`>${part}</w:t>`);
    }
    for (const who of ['justiceA', 'leaderA', 'officeB'] as const) {
      expect((await h.as(who).get(`/api/documents/${draft}/docx`).expect(404)).body.code).toBe('DOCUMENT_NOT_FOUND');
    }
  });

  it('edits, then issues once: the notices go out then, a second 签发 is 409', async () => {
    const edited = await h.as('officeA').patch(`/api/documents/${draft}/summary`,
      { overall: '九月到期任务已全部部署，个别单位仍有逾期。', nextSteps: '一是限期整改逾期任务。二是按月报送进展。' }).expect(200);
    expect(edited.body.content.summary).toEqual({ overall: '九月到期任务已全部部署，个别单位仍有逾期。', nextSteps: '一是限期整改逾期任务。二是按月报送进展。' });
    expect(edited.body.text).toContain('下一步工作要求：一是限期整改逾期任务。二是按月报送进展。');
    expect(edited.body.status).toBe('draft');

    h.clock.set(bj('2025-10-10', '16:00'));
    const issued = await h.as('officeA').post(`/api/documents/${draft}/issue`).expect(200);
    expect(issued.body).toMatchObject({ status: 'issued', issuedAt: bj('2025-10-10', '16:00').toISOString() });
    expect(issued.body.text).toContain('2025年10月10日');
    const again = await h.as('officeA').post(`/api/documents/${draft}/issue`).expect(409);
    expect(again.body).toMatchObject({ code: 'BULLETIN_ALREADY_ISSUED', message: expect.stringContaining('不能重复签发') });

    const inbox = (await h.as('justiceA').get('/api/notifications').expect(200)).body.items
      .filter((n: { kind: string }) => n.kind === 'bulletin');
    expect(inbox).toHaveLength(1);
    expect(inbox[0].documentId).toBe(draft);
    const read = await h.as('justiceA').get(`/api/documents/${draft}`).expect(200);
    expect(read.body.text).toContain('总体评价：九月到期任务已全部部署，个别单位仍有逾期。');
    const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE document_id = $1`, [draft]);
    expect(n).toBe(6); // the office, three units, two leaders: written once
  });
});
