import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { BeatName, bullRoot, QueueName } from '@app/queues';
import { CadenceModule, ClockModule, FixedClock, RunBeatUseCase } from '@app/domain';
import { TEST_REDIS_URL, uniqueName } from '@app/testing';
import { ApiHarness, Org, startApi } from './harness';
import { binary, figuresOf, tableOf } from './xlsx-sheets';

type Caller = keyof Org['users'];

/** Beijing wall time on a date. */
const bj = (date: string, time = '10:30') => new Date(`${date}T${time}:00+08:00`);

/**
 * The documents and the inbox over HTTP. The beats run through the worker's use case (RunBeatUseCase) "as of" fixed
 * instants on the API's database; then each role reads what it may.
 */
describe('documents, bulletins, assessments and the inbox (scoped like tasks)', () => {
  let h: ApiHarness;
  let cadence: INestApplicationContext;
  let queue: Queue;
  const tasks: Record<string, string> = {};
  /** every document by unit name and kind, as the database has them */
  let docs: Array<{ id: string; kind: string; unit: string; jurisdiction: string; period: string }>;

  const run = (beat: BeatName, at: Date) => cadence.get(RunBeatUseCase).execute({ beat, at });
  const doc = (kind: string, unit: string) => {
    const d = docs.find((x) => x.kind === kind && x.unit === unit);
    if (!d) throw new Error(`no ${kind} for ${unit}`);
    return d.id;
  };
  /** every page of a list, following nextCursor */
  const all = async (caller: Caller, url: string, limit = 100) => {
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await h.as(caller).get(`${url}${sep}limit=${limit}${after ? `&after=${after}` : ''}`).expect(200);
      ids.push(...res.body.items.map((i) => i.id));
      after = res.body.nextCursor;
      pages++;
    } while (after && pages < 50);
    return ids;
  };

  beforeAll(async () => {
    h = await startApi('2025-09-01T08:00:00+08:00');
    const config = AppConfig.fromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: h.db.url, REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: uniqueName('docs') });
    cadence = await NestFactory.createApplicationContext({
      module: class DocumentsCadenceModule {},
      imports: [ConfigModule.forRoot(config), DatabaseModule, ClockModule.forRoot(new FixedClock(bj('2025-09-01'))),
        bullRoot(config, 'worker'),
        CadenceModule],
    }, { logger: false });
    queue = cadence.get<Queue>(getQueueToken(QueueName.Notifications));

    const publish = async (office: Caller, key: string, leadUnitId: string, deadline: string) => {
      const res = await h.as(office).post('/api/tasks', { title: `任务${key}`, planYear: 2025, leadUnitId, deadline }).expect(201);
      await h.as(office).post(`/api/tasks/${res.body.id}/publish`).expect(200);
      tasks[key] = res.body.id;
    };
    const u = h.org.units;
    await publish('officeA', 'j1', u.justiceA, '2025-09-10');
    await publish('officeA', 'j2', u.justiceA, '2025-12-31');
    await publish('officeA', 't1', u.townA, '2025-09-05');
    await publish('officeA', 'f1', u.financeA, '2025-12-31');
    await publish('officeB', 'b1', u.justiceB, '2025-09-10');

    await run('daily-assign', bj('2025-09-01'));   // 交办单 to every lead unit
    await run('escalate', bj('2025-09-22'));       // overdue: 催办单 to the units, 督办通知单 to leaders and office
    await run('monthly-bulletin', bj('2025-10-09')); // first working day of October after National Day
    await run('quarterly-review', bj('2025-10-09'));
    docs = await h.dataSource.query(`SELECT d.id, d.kind, u.name AS unit, j.name AS jurisdiction, d.period
      FROM supervision_document d JOIN unit u ON u.id = d.unit_id JOIN unit j ON j.id = d.jurisdiction_id`);
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await cadence?.close();
    await h?.close();
  });

  it('produced the documents the tests read', () => {
    const names = docs.map((d) => `${d.kind} ${d.unit}`).sort();
    expect(names).toEqual(expect.arrayContaining(['assign_slip 甲县司法局', 'assign_slip 甲县城关镇', 'assign_slip 甲县财政局',
      'assign_slip 乙县司法局', 'urge 甲县司法局', 'urge 甲县城关镇', 'supervise 甲县司法局', 'supervise 甲县城关镇',
      'bulletin 甲县人民政府', 'bulletin 乙县人民政府', 'assessment 甲县司法局', 'assessment 甲县城关镇', 'assessment 甲县财政局']));
  });

  it('addresses the 督办通知单 to the leader in charge by name, with the unit and the office on its 抄送', async () => {
    const full = (await h.as('justiceA').get(`/api/documents/${doc('supervise', '甲县司法局')}`).expect(200)).body;
    const [office] = await h.dataSource.query(`SELECT name FROM unit WHERE id = $1`, [h.org.units.officeA]);
    const lines = full.text.split('\n');
    expect(lines.slice(0, 6)).toEqual([office.name, full.number, '', '督办通知单', '', 'leaderA同志：']);
    expect(full.number).toMatch(/^甲法治办督办〔2025〕\d+号$/);
    expect(lines.at(-1)).toBe(`抄送：甲县司法局，${office.name}。`);
    expect(full.html).toMatch(new RegExp(`^<article class="duban-doc"><header class="doc-head"[^>]*>${office.name}</header>`));
    expect(full.html).toContain(`<footer class="doc-record"><p class="doc-cc">抄送：甲县司法局，${office.name}。</p></footer>`);
  });

  it('titles the overdue chase 逾期催办单 in the list, the document and the inbox, and says its days are calendar days', async () => {
    const urge = doc('urge', '甲县司法局');
    const list = (await h.as('justiceA').get('/api/documents?kind=urge').expect(200)).body.items;
    expect(list.map((d: { title: string }) => d.title)).toEqual(['逾期催办单']);
    const full = (await h.as('justiceA').get(`/api/documents/${urge}`).expect(200)).body;
    expect(full.text.split('\n')[3]).toBe('逾期催办单'); // under the 版头 and the 文号 (it was the first line)
    expect(full.text).toContain('逾期天数（自然日）');
    const inbox = (await h.as('justiceA').get('/api/notifications').expect(200)).body.items;
    expect(inbox.find((n: { kind: string }) => n.kind === 'urge').title).toBe(`逾期催办单 ${full.number}`);
  });

  it('reads a 催办 stored under the old title 催办单 as 逾期催办单, in the list and in the inbox', async () => {
    const urge = doc('urge', '甲县城关镇');
    const { number } = (await h.as('townA').get(`/api/documents/${urge}`).expect(200)).body;
    await h.dataSource.query(`UPDATE supervision_document SET title = '催办单' WHERE id = $1`, [urge]);
    await h.dataSource.query(`UPDATE notification SET title = '催办单 ' || $2 WHERE document_id = $1`, [urge, number]);
    try {
      const list = (await h.as('townA').get('/api/documents?kind=urge').expect(200)).body.items;
      expect(list.map((d: { title: string }) => d.title)).toEqual(['逾期催办单']);
      const inbox = (await h.as('townA').get('/api/notifications').expect(200)).body.items;
      expect(inbox.find((n: { kind: string }) => n.kind === 'urge').title).toBe(`逾期催办单 ${number}`);
    } finally {
      await h.dataSource.query(`UPDATE supervision_document SET title = '逾期催办单' WHERE id = $1`, [urge]);
      await h.dataSource.query(`UPDATE notification SET title = '逾期催办单 ' || $2 WHERE document_id = $1`, [urge, number]);
    }
  });

  describe('who sees which documents', () => {
    const countyA = () => docs.filter((d) => d.jurisdiction === '甲县人民政府').map((d) => d.id).sort();
    const countyB = () => docs.filter((d) => d.jurisdiction === '乙县人民政府').map((d) => d.id).sort();
    const ofUnit = (unit: string) => docs.filter((d) => d.unit === unit).map((d) => d.id);
    const bulletin = (j: string) => docs.filter((d) => d.kind === 'bulletin' && d.jurisdiction === j).map((d) => d.id);
    const expected: Record<Caller, () => string[]> = {
      admin: () => docs.map((d) => d.id),
      officeA: countyA,
      officeB: countyB,
      justiceA: () => [...ofUnit('甲县司法局'), ...bulletin('甲县人民政府')],
      financeA: () => [...ofUnit('甲县财政局'), ...bulletin('甲县人民政府')],
      townA: () => [...ofUnit('甲县城关镇'), ...bulletin('甲县人民政府')],
      justiceB: () => [...ofUnit('乙县司法局'), ...bulletin('乙县人民政府')],
      leaderA: () => [...ofUnit('甲县司法局'), ...bulletin('甲县人民政府')],   // in charge of the justice bureau
      leaderA2: () => [...ofUnit('甲县城关镇'), ...bulletin('甲县人民政府')],  // in charge of the township
    };

    it.each(Object.keys(expected) as Caller[])('%s lists exactly its scope, every page', async (caller) => {
      expect((await all(caller, '/api/documents', 3)).sort()).toEqual(expected[caller]().sort());
    });

    it.each(Object.keys(expected) as Caller[])('%s is told how many it may see (共 N 份) on the first page only', async (caller) => {
      const first = await h.as(caller).get('/api/documents?limit=2&withTotal=true').expect(200);
      expect(first.body.total).toBe(expected[caller]().length);
      if (first.body.nextCursor) {
        const next = await h.as(caller).get(`/api/documents?limit=2&withTotal=true&after=${first.body.nextCursor}`).expect(200);
        expect(next.body.total).toBeUndefined();
      }
      expect((await h.as(caller).get('/api/documents?limit=2').expect(200)).body.total).toBeUndefined();
    });

    it.each(Object.keys(expected) as Caller[])('%s reads its documents and gets 404 for every other one', async (caller) => {
      const mine = new Set(expected[caller]());
      for (const d of docs) {
        await h.as(caller).get(`/api/documents/${d.id}`).expect(mine.has(d.id) ? 200 : 404);
      }
    });

    it('a document carries its structured content and the rendered text and HTML', async () => {
      const res = await h.as('justiceA').get(`/api/documents/${doc('urge', '甲县司法局')}`).expect(200);
      expect(res.body).toMatchObject({ kind: 'urge', unitName: '甲县司法局', number: expect.stringMatching(/^甲法治办催办〔2025〕\d+号$/),
        period: '2025-09-22', content: { items: [expect.objectContaining({ taskId: tasks.j1, daysOverdue: 12 })] } });
      expect(res.body.text).toContain('甲县司法局');
      expect(res.body.html).toMatch(/^<|<\w+/);
      const nf = await h.as('townA').get(`/api/documents/${doc('urge', '甲县司法局')}`).expect(404);
      expect(nf.body).toMatchObject({ code: 'DOCUMENT_NOT_FOUND', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
    });
  });

  describe('Word (.docx) downloads', () => {
    /** The download, its headers, and the text of each paragraph of its document.xml. */
    const docx = async (caller: Caller, id: string) => {
      const res = await h.as(caller).get(`/api/documents/${id}/docx`).buffer(true).parse(binary).expect(200);
      const zip = await JSZip.loadAsync(res.body as unknown as Buffer);
      const xml = await zip.file('word/document.xml')!.async('string');
      const paragraphs = xml.split('</w:p>').map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
        .map((m) => m[1] ?? '\t').join('')).filter(Boolean);
      return { type: res.headers['content-type'] as string, disposition: res.headers['content-disposition'] as string, xml, paragraphs };
    };
    const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

    it('the office and the receiving department download the 督办通知单 as issued, named “文号 标题.docx”, on A4 with the 版头 in red', async () => {
      const id = doc('supervise', '甲县司法局');
      const full = (await h.as('officeA').get(`/api/documents/${id}`).expect(200)).body;
      const lines: string[] = full.text.split('\n');
      for (const caller of ['officeA', 'justiceA', 'leaderA'] as const) {
        const d = await docx(caller, id);
        expect(d.type).toBe(DOCX);
        expect(d.disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`${full.number} 督办通知单.docx`)}`);
        expect(d.disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"/);
        // the 版头, 文号, title and 主送 as the document reads, its 落款, 成文日期 and 抄送 last
        expect(d.paragraphs.slice(0, 4)).toEqual([lines[0], full.number, '督办通知单', 'leaderA同志：']);
        expect(d.paragraphs.slice(-4)).toEqual([lines.at(-4), lines.at(-3), lines.at(-1), `${lines.at(-4)}\t${lines.at(-3)}印发`]);
        expect(lines.at(-1)).toMatch(/^抄送：甲县司法局，/);
        for (const item of full.content.items) expect(d.paragraphs).toContain(item.code);
        expect(d.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
        expect(d.xml).toContain('<w:color w:val="FF0000"/>');
      }
    });

    it('a department downloads the month\'s bulletin sent to it; the assessment is its own', async () => {
      const bulletin = (await h.as('townA').get(`/api/documents/${doc('bulletin', '甲县人民政府')}`).expect(200)).body;
      const d = await docx('townA', bulletin.id);
      expect(d.disposition).toContain(encodeURIComponent(`${bulletin.number} 2025年9月督办检查通报.docx`));
      expect(d.paragraphs).toEqual(expect.arrayContaining([bulletin.text.split('\n')[0], '各乡镇、各部门：', '抄送：各分管领导。']));
      expect(d.paragraphs[0]).toMatch(/文件$/);
      expect(d.paragraphs).toEqual(expect.arrayContaining(bulletin.content.units.map((u: { unitName: string }) => u.unitName)));
      const a = await docx('townA', doc('assessment', '甲县城关镇'));
      expect(a.paragraphs).toContain('2025年第三季度考核结果');
    });

    it.each(['officeB', 'financeA', 'justiceB', 'leaderA2'] as Caller[])('%s gets 404 for every document it may not read, as the document itself', async (caller) => {
      const mine = new Set((await all(caller, '/api/documents')));
      for (const d of docs) {
        const res = await h.as(caller).get(`/api/documents/${d.id}/docx`).expect(mine.has(d.id) ? 200 : 404);
        if (!mine.has(d.id)) expect(res.body).toMatchObject({ code: 'DOCUMENT_NOT_FOUND', message: '文书不存在或无权查看' });
      }
    });

    it('needs a login and a document id', async () => {
      await h.anonymous.get(`/api/documents/${doc('urge', '甲县司法局')}/docx`).expect(401);
      expect((await h.as('officeA').get('/api/documents/abc/docx').expect(400)).body.message).toMatch(/[\u4e00-\u9fff]/);
    });
  });

  describe('filters and paging', () => {
    it('filters by kind, unit and period', async () => {
      const slips = await h.as('officeA').get('/api/documents?kind=assign_slip').expect(200);
      expect(slips.body.items.map((i: { unitName: string }) => i.unitName).sort()).toEqual(['甲县司法局', '甲县城关镇', '甲县财政局'].sort());
      const unit = await h.as('officeA').get(`/api/documents?unitId=${h.org.units.justiceA}`).expect(200);
      expect(unit.body.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['assessment', 'assign_slip', 'supervise', 'urge']);
      const period = await h.as('officeA').get('/api/documents?period=2025Q3&withTotal=true').expect(200);
      expect(period.body.items).toHaveLength(3);
      expect(period.body.total).toBe(3);
      expect(period.body.items.every((i: { kind: string }) => i.kind === 'assessment')).toBe(true);
      // another county's unit as a filter finds nothing rather than leaking
      const other = await h.as('officeA').get(`/api/documents?unitId=${h.org.units.justiceB}`).expect(200);
      expect(other.body).toEqual({ items: [], nextCursor: null });
    });

    it('pages newest first without gaps or repeats, at any page size', async () => {
      const one = await all('officeA', '/api/documents', 100);
      for (const size of [1, 2, 5]) expect(await all('officeA', '/api/documents', size)).toEqual(one);
      const first = await h.as('officeA').get('/api/documents?limit=100').expect(200);
      const times = first.body.items.map((i: { issuedAt: string }) => i.issuedAt);
      expect([...times].sort().reverse()).toEqual(times);
      expect(first.body.nextCursor).toBeNull();
    });

    it('rejects bad input in Chinese', async () => {
      const kind = await h.as('officeA').get('/api/documents?kind=memo').expect(400);
      expect(kind.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [expect.objectContaining({ field: 'kind' })] } });
      const limit = await h.as('officeA').get('/api/documents?limit=1000').expect(400);
      expect(limit.body.message).toContain('limit 不能大于 100');
      const cursor = await h.as('officeA').get('/api/documents?after=bm90LWEtY3Vyc29y').expect(400);
      expect(cursor.body).toMatchObject({ code: 'INVALID_CURSOR', message: '翻页参数无效' });
      const id = await h.as('officeA').get('/api/documents/not-an-id').expect(400);
      expect(id.body.code).toBe('INVALID_ID');
      await h.anonymous.get('/api/documents').expect(401);
    });
  });

  describe('bulletins', () => {
    it('lists the monthly bulletin of the caller\'s county, with the numbers in the content', async () => {
      const res = await h.as('officeA').get('/api/bulletins').expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ kind: 'bulletin', period: '2025-09', unitName: '甲县人民政府' })]);
      const full = await h.as('justiceA').get(`/api/documents/${res.body.items[0].id}`).expect(200);
      // the rates count the two tasks due in September, not the two due in December
      expect(full.body.content.totals).toEqual({ total: 4, completed: 0, onTime: 0, overdue: 2, due: 2, dueCompleted: 0, dueOnTime: 0,
        completionRate: 0, onTimeRate: null });
      expect(full.body.content.overdue.map((o: { unitName: string }) => o.unitName).sort()).toEqual(['甲县司法局', '甲县城关镇'].sort());
      // the justice bureau and the township are equal on every ranked figure (0% done, one overdue each): 并列第2
      expect(full.body.content.units.map((u: { unitName: string; rank: number; tied: boolean }) => [u.unitName, u.rank, u.tied]))
        .toEqual([['甲县财政局', 1, false], ['甲县司法局', 2, true], ['甲县城关镇', 2, true]]);
      expect(full.body.text).toContain('并列第2　甲县司法局');
      expect(full.body.text).toContain('并列第2　甲县城关镇');
      expect(full.body.html).toContain('<td>并列第2</td><td>甲县城关镇</td>');
      const b = await h.as('justiceB').get('/api/bulletins?period=2025-09').expect(200);
      expect(b.body.items).toEqual([expect.objectContaining({ unitName: '乙县人民政府' })]);
      await h.as('officeA').get('/api/bulletins?period=2025-13').expect(400);
    });
  });

  describe('assessments', () => {
    it('gives the quarter\'s scores with each deduction and the ranking, in the caller\'s scope', async () => {
      const res = await h.as('officeA').get('/api/assessments?quarter=2025Q3').expect(200);
      expect(res.body.quarter).toBe('2025Q3');
      const byUnit = Object.fromEntries(res.body.items.map((i: any) => [i.unitName, i]));
      expect(Object.keys(byUnit).sort()).toEqual(['甲县司法局', '甲县城关镇', '甲县财政局'].sort());
      // the justice bureau and the township both score 91: they share the second place, sorted by name
      expect(res.body.items.map((i: { rank: number; tied: boolean; score: number }) => [i.rank, i.tied, i.score]))
        .toEqual([[1, false, 100], [2, true, 91], [2, true, 91]]);
      expect(byUnit['甲县财政局']).toMatchObject({ score: 100, base: 100, rank: 1, tied: false, of: 3, lines: [] });
      // overdue at quarter end (−5) and the 催办 and 督办 steps reached (−2 each)
      expect(byUnit['甲县司法局'].lines.map((l: { reason: string; points: number }) => [l.reason, l.points]).sort()).toEqual([
        ['季末仍逾期', -5], ['被催办或督办', -2], ['被催办或督办', -2]].sort());
      expect(byUnit['甲县司法局'].score).toBe(91);
      const slip = await h.as('townA').get(`/api/documents/${byUnit['甲县城关镇'].id}`).expect(200);
      expect(slip.body.text).toContain('在3个单位中排名并列第2位');
      const own = await h.as('justiceA').get('/api/assessments?quarter=2025Q3').expect(200);
      expect(own.body.items.map((i: { unitName: string }) => i.unitName)).toEqual(['甲县司法局']);
      const b = await h.as('officeB').get('/api/assessments?quarter=2025Q3').expect(200);
      expect(b.body.items.map((i: { unitName: string }) => i.unitName)).toEqual(['乙县司法局']);
      const none = await h.as('officeA').get('/api/assessments?quarter=2025Q2').expect(200);
      expect(none.body.items).toEqual([]);
    });

    it.each(['2025Q5', '2025-Q3', 'Q3', ''])('rejects quarter=%p with 400 VALIDATION_FAILED in Chinese', async (q) => {
      const res = await h.as('officeA').get(`/api/assessments?quarter=${q}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining('quarter 格式不正确'),
        details: { fields: [expect.objectContaining({ field: 'quarter' })] } });
    });

    it('requires the quarter', async () => {
      const res = await h.as('officeA').get('/api/assessments').expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('Excel exports of the bulletin and the assessments', () => {
    const xlsx = async (caller: Caller, url: string) => {
      const res = await h.as(caller).get(url).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ArrayBuffer);
      return { wb, disposition: res.headers['content-disposition'] as string };
    };
    const bulletinJson = async (caller: Caller, period: string) => {
      const list = (await h.as(caller).get(`/api/bulletins?period=${period}`).expect(200)).body.items as Array<{ id: string }>;
      return Promise.all(list.map(async (b) => (await h.as(caller).get(`/api/documents/${b.id}`).expect(200)).body));
    };
    const unitRows = (c: any) => c.units.map((u: any) => [u.tied ? `并列第${u.rank}` : u.rank, u.unitName, u.total, u.due, u.dueCompleted,
      u.dueOnTime, u.overdue, u.completionRate ?? '—', u.onTimeRate ?? '—']);
    const overdueRows = (c: any) => c.overdue.map((o: any, i: number) => [i + 1, o.unitName, o.code, o.title, o.deadline,
      o.daysOverdue, o.named ? '是' : null]);

    it('the bulletin: a title, the totals, the units ranked as the page shows them, and the overdue tasks on a second sheet', async () => {
      const [json] = await bulletinJson('officeA', '2025-09');
      const { wb, disposition } = await xlsx('officeA', '/api/bulletins/export.xlsx?period=2025-09');
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('督办通报-2025年9月.xlsx')}`);
      // (new) a third sheet: the bulletin's 总体评价 and 下一步工作要求
      expect(wb.worksheets.map((w) => w.name)).toEqual(['通报', '逾期任务', '总体评价']);
      const [ws, od, summary] = wb.worksheets;
      expect(ws.getCell('A1').value).toBe('甲县2025年9月法治建设任务督办通报');
      expect(String(ws.getCell('A2').value)).toContain(json.number);
      expect(figuresOf(ws, '任务总数')).toEqual({ 任务总数: json.content.totals.total, 已办结: json.content.totals.completed,
        按期办结: json.content.totals.onTime, 逾期: json.content.totals.overdue, 到期任务: json.content.totals.due, 办结率: 0, 按期率: '—' });
      const units = tableOf(ws, '排名');
      // the rates count the tasks due by the month's end, so the table shows those counts beside them
      expect(units.header).toEqual(['排名', '单位', '任务数', '到期任务', '到期已办结', '其中按期', '逾期', '办结率', '按期率']);
      expect(units.rows).toEqual(unitRows(json.content));
      expect(units.rows.map((r) => r[1])).toEqual(json.content.units.map((u: { unitName: string }) => u.unitName));
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: units.headerRow });
      expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(20);
      expect(ws.getCell(`H${units.headerRow + 1}`).numFmt).toBe('0.0%');

      expect(od.getCell('A1').value).toBe('甲县2025年9月逾期任务清单');
      const tasksSheet = tableOf(od, '序号');
      expect(tasksSheet.header).toEqual(['序号', '牵头单位', '任务编号', '任务', '完成时限', '逾期天数（自然日）', '点名通报']);
      expect(tasksSheet.rows).toEqual(overdueRows(json.content));
      expect(tasksSheet.rows.map((r) => r[1]).sort()).toEqual(['甲县司法局', '甲县城关镇'].sort());
      expect(od.views[0]).toMatchObject({ state: 'frozen', ySplit: tasksSheet.headerRow });

      // the paragraphs are the bulletin's own words: the same in the document, the JSON the page reads and the export
      const { overall, nextSteps } = json.content.summary;
      expect(overall).toMatch(/^2025年9月到期任务2项，办结率0\.0%，按期率—，进度明显滞后，形势不容乐观。/);
      expect(overall).toContain('存在逾期未办结任务，共2项。');
      expect(nextSteps).toMatch(/^一是请(甲县司法局、甲县城关镇|甲县城关镇、甲县司法局)对逾期任务限期办结，并于5个工作日内向法治办书面说明逾期原因及整改措施/);
      expect(tableOf(summary, '项目').rows).toEqual([['总体评价', overall], ['下一步工作要求', nextSteps]]);
      const full = (await h.as('officeA').get(`/api/documents/${json.id}`).expect(200)).body;
      expect(full.text).toContain(`　　总体评价：${overall}\n　　下一步工作要求：${nextSteps}\n`);
    });

    it('the bulletin in each caller\'s scope, as the JSON list gives it', async () => {
      for (const caller of ['justiceA', 'leaderA', 'justiceB', 'officeB'] as Caller[]) {
        const [json, ...more] = await bulletinJson(caller, '2025-09');
        expect(more).toEqual([]);
        const { wb } = await xlsx(caller, '/api/bulletins/export.xlsx?period=2025-09');
        expect(wb.worksheets[0].getCell('A2').value).toEqual(expect.stringContaining(json.number));
        expect(tableOf(wb.worksheets[0], '排名').rows).toEqual(unitRows(json.content));
        expect(tableOf(wb.worksheets[1], '序号').rows).toEqual(overdueRows(json.content));
      }
      // the admin sees both counties: a pair of sheets each, or one county's with unitId
      const { wb } = await xlsx('admin', '/api/bulletins/export.xlsx?period=2025-09');
      expect(wb.worksheets.map((w) => w.name).sort()).toEqual(['甲县通报', '甲县逾期任务', '甲县总体评价', '乙县通报', '乙县逾期任务',
        '乙县总体评价'].sort());
      const one = await xlsx('admin', `/api/bulletins/export.xlsx?period=2025-09&unitId=${h.org.units.countyB}`);
      expect(one.wb.worksheets.map((w) => w.name)).toEqual(['通报', '逾期任务', '总体评价']);
      expect(one.wb.worksheets[0].getCell('A1').value).toBe('乙县2025年9月法治建设任务督办通报');
      // another county's bulletin is not there for an office, as the JSON list does not show it
      expect((await h.as('officeB').get(`/api/bulletins?period=2025-09&unitId=${h.org.units.countyA}`).expect(200)).body.items).toEqual([]);
      const other = await h.as('officeB').get(`/api/bulletins/export.xlsx?period=2025-09&unitId=${h.org.units.countyA}`).expect(404);
      expect(other.body).toMatchObject({ code: 'BULLETIN_NOT_FOUND', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
      const none = await h.as('officeA').get('/api/bulletins/export.xlsx?period=2025-08').expect(404);
      expect(none.body).toMatchObject({ code: 'BULLETIN_NOT_FOUND', message: expect.stringContaining('2025年8月') });
    });

    it.each(['2025-13', '2025-9', '202509', ''])('rejects period=%p with 400 in Chinese', async (period) => {
      const res = await h.as('officeA').get(`/api/bulletins/export.xlsx?period=${period}`).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('period 格式不正确') });
    });

    it('rejects a missing period, an unknown field and a bad unitId; needs a login', async () => {
      expect((await h.as('officeA').get('/api/bulletins/export.xlsx').expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await h.as('officeA').get('/api/bulletins/export.xlsx?period=2025-09&month=2025-09').expect(400)).body.message)
        .toContain('month 是不允许的字段');
      expect((await h.as('officeA').get('/api/bulletins/export.xlsx?period=2025-09&unitId=x').expect(400)).body.message)
        .toContain('unitId 必须是有效的 ID');
      await h.anonymous.get('/api/bulletins/export.xlsx?period=2025-09').expect(401);
      await h.anonymous.get('/api/assessments/export.xlsx?quarter=2025Q3').expect(401);
    });

    const rankCell = (i: any) => (i.tied ? `并列第${i.rank}` : i.rank);
    const scoreRows = (items: any[]) => items.map((i) => [rankCell(i), i.unitName, i.base,
      i.lines.filter((l: any) => l.points < 0).reduce((n: number, l: any) => n + l.points, 0),
      i.lines.filter((l: any) => l.points > 0).reduce((n: number, l: any) => n + l.points, 0), i.score, i.number]);
    const lineRows = (items: any[]) => items.flatMap((i) => (i.lines.length
      ? i.lines.map((l: any, n: number) => [rankCell(i), i.unitName, n + 1, l.reason, l.code ?? null, l.points])
      : [[rankCell(i), i.unitName, null, '本季度无加减分事项', null, 0]]));

    it('the assessments: scores and ranks as GET /api/assessments gives them, and every line on a second sheet', async () => {
      const json = (await h.as('officeA').get('/api/assessments?quarter=2025Q3').expect(200)).body.items;
      const { wb, disposition } = await xlsx('officeA', '/api/assessments/export.xlsx?quarter=2025Q3');
      expect(disposition).toContain(encodeURIComponent('季度考核-2025年第三季度.xlsx'));
      expect(wb.worksheets.map((w) => w.name)).toEqual(['考核结果', '加减分明细']);
      const [ws, ls] = wb.worksheets;
      expect(ws.getCell('A1').value).toBe('甲县2025年第三季度法治建设任务督办考核结果');
      const scores = tableOf(ws, '排名');
      expect(scores.header).toEqual(['排名', '单位', '基础分', '扣分', '加分', '得分', '考核文号']);
      expect(scores.rows).toEqual(scoreRows(json));
      expect(scores.rows.map((r) => r[0])).toEqual([1, '并列第2', '并列第2']);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: scores.headerRow });
      expect(figuresOf(ws, '参评单位')).toMatchObject({ 参评单位: 3, 最高分: 100, 最低分: Math.min(...json.map((i: any) => i.score)) });
      // base ± lines = score, line by line
      for (const r of scores.rows) expect((r[2] as number) + (r[3] as number) + (r[4] as number)).toBe(r[5]);
      expect(tableOf(ls, '排名').rows).toEqual(lineRows(json));
      expect(tableOf(ls, '排名').rows.filter((r) => r[1] === '甲县司法局').map((r) => r[5])).toEqual(
        json.find((i: any) => i.unitName === '甲县司法局').lines.map((l: any) => l.points));
    });

    it('the assessments in each caller\'s scope; a quarter without results is 404; a bad quarter 400', async () => {
      for (const caller of ['justiceA', 'townA', 'officeB', 'admin'] as Caller[]) {
        const json = (await h.as(caller).get('/api/assessments?quarter=2025Q3').expect(200)).body.items;
        const { wb } = await xlsx(caller, '/api/assessments/export.xlsx?quarter=2025Q3');
        const sheets = wb.worksheets.filter((w) => w.name.endsWith('考核结果'));
        expect(sheets.flatMap((w) => tableOf(w, '排名').rows)).toEqual(scoreRows(json));
        if (caller === 'justiceA') expect(sheets.flatMap((w) => tableOf(w, '排名').rows.map((r) => r[1]))).toEqual(['甲县司法局']);
        if (caller === 'admin') expect(wb.worksheets.map((w) => w.name).sort()).toEqual(['甲县考核结果', '甲县加减分明细', '乙县考核结果', '乙县加减分明细'].sort());
      }
      expect((await h.as('officeA').get('/api/assessments?quarter=2025Q2').expect(200)).body.items).toEqual([]);
      const none = await h.as('officeA').get('/api/assessments/export.xlsx?quarter=2025Q2').expect(404);
      expect(none.body).toMatchObject({ code: 'ASSESSMENT_NOT_FOUND', message: expect.stringContaining('2025年第二季度') });
      for (const q of ['2025Q5', '2025-Q3', '']) {
        const bad = await h.as('officeA').get(`/api/assessments/export.xlsx?quarter=${q}`).expect(400);
        expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('quarter 格式不正确') });
      }
    });
  });

  describe('titles name the document number once', () => {
    it('in lists, documents and notices; titles stored before the fix read the same way', async () => {
      const list = (await h.as('officeA').get('/api/documents?limit=100').expect(200)).body.items as Array<{ id: string; title: string; number: string }>;
      for (const d of list) expect(d.title).not.toContain(d.number);
      // the beats' notices: those of a document (the workflow's 交办 notices have a task instead, tested in task-notices)
      const notices = ((await h.as('justiceA').get('/api/notifications').expect(200)).body.items as Array<{ title: string; documentId: string }>)
        .filter((n) => n.documentId);
      expect(notices).toHaveLength(5); // with the 督办通知单 the unit now receives
      for (const n of notices) {
        const d = (await h.as('justiceA').get(`/api/documents/${n.documentId}`).expect(200)).body;
        expect(n.title).toBe(`${d.title} ${d.number}`);
        expect(d.html.split(d.number)).toHaveLength(2);
      }
      // a slip as the renderer stored it before: the number in the title, and twice in its notice's title
      const slip = doc('assign_slip', '甲县财政局');
      const [{ title, number }] = await h.dataSource.query(`SELECT title, number FROM supervision_document WHERE id = $1`, [slip]);
      await h.dataSource.query(`UPDATE supervision_document SET title = title || ' ' || number WHERE id = $1`, [slip]);
      await h.dataSource.query(`UPDATE notification SET title = $2 WHERE document_id = $1`, [slip, `${title} ${number}（${number}）`]);
      try {
        expect((await h.as('financeA').get(`/api/documents/${slip}`).expect(200)).body.title).toBe(title);
        const listed = (await h.as('financeA').get('/api/documents?kind=assign_slip').expect(200)).body.items;
        expect(listed.map((d: { title: string }) => d.title)).toEqual([title]);
        const inbox = (await h.as('financeA').get('/api/notifications').expect(200)).body.items;
        expect(inbox.find((n: { documentId: string }) => n.documentId === slip).title).toBe(`${title} ${number}`);
      } finally {
        await h.dataSource.query(`UPDATE supervision_document SET title = $2 WHERE id = $1`, [slip, title]);
        await h.dataSource.query(`UPDATE notification SET title = $2 WHERE document_id = $1`, [slip, `${title} ${number}`]);
      }
    });
  });

  describe('the inbox', () => {
    const inbox = async (caller: Caller, query = '') => (await h.as(caller).get(`/api/notifications${query}`).expect(200)).body;
    // the beats' notices and the workflow's (kind task_…) apart
    const beatKinds = (items: Array<{ kind: string }>) => items.map((n) => n.kind).filter((k) => !k.startsWith('task_')).sort();
    const stepKinds = (items: Array<{ kind: string }>) => items.map((n) => n.kind).filter((k) => k.startsWith('task_')).sort();

    it('holds the unit\'s notices (a leader\'s own), newest first, with the unread count', async () => {
      const j = await inbox('justiceA');
      // slip, 催办单, bulletin, assessment, and (new) the 督办通知单 about its own task, which it now receives
      expect(beatKinds(j.items)).toEqual(['assessment', 'assign_slip', 'bulletin', 'supervise', 'urge']);
      // and the 交办 notices of its two tasks, written when the office published them
      expect(stepKinds(j.items)).toEqual(['task_publish', 'task_publish']);
      expect(j.unreadCount).toBe(7);
      expect(j.totalCount).toBe(7);
      const leader = await inbox('leaderA');
      expect(beatKinds(leader.items)).toEqual(['bulletin', 'supervise']);
      expect(stepKinds(leader.items)).toEqual(['task_publish', 'task_publish']); // in charge of the justice bureau
      const office = await inbox('officeA');
      expect(office.items.map((n: { kind: string }) => n.kind).sort()).toEqual(['bulletin', 'supervise', 'supervise']);
      const b = await inbox('justiceB');
      expect(b.items.every((n: { title: string }) => !n.title.includes('甲县'))).toBe(true);
      const times = j.items.map((n: { createdAt: string }) => n.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('pages with nextCursor', async () => {
      const ids = await all('justiceA', '/api/notifications', 1);
      expect(ids).toHaveLength(7); // five of the beats (with its 督办通知单, new), two 交办
      expect(new Set(ids).size).toBe(7);
    });

    it('marks read once, counts down, and 404s for a notice of another unit or county', async () => {
      const before = await inbox('justiceA');
      const target = before.items[0].id;
      const res = await h.as('justiceA').post(`/api/notifications/${target}/read`).expect(200);
      expect(res.body).toEqual({ id: target, readAt: expect.any(String) });
      const again = await h.as('justiceA').post(`/api/notifications/${target}/read`).expect(200);
      expect(again.body.readAt).toBe(res.body.readAt); // the first reading counts
      const after = await inbox('justiceA');
      expect(after.unreadCount).toBe(before.unreadCount - 1);
      expect(after.totalCount).toBe(before.totalCount); // read, not gone
      expect(after.items.find((n: { id: string }) => n.id === target).readAt).toBe(res.body.readAt);
      expect((await inbox('justiceA', '?unread=true')).items.map((n: { id: string }) => n.id)).not.toContain(target);

      const other = (await inbox('townA')).items[0].id;
      for (const caller of ['justiceA', 'officeA', 'leaderA', 'justiceB', 'officeB'] as Caller[]) {
        const nf = await h.as(caller).post(`/api/notifications/${other}/read`).expect(404);
        expect(nf.body.code).toBe('NOTIFICATION_NOT_FOUND');
      }
      expect((await inbox('townA')).unreadCount).toBe(6); // five of the beats (with its 督办通知单, new), one 交办
      await h.as('justiceA').post('/api/notifications/x/read').expect(400);
      await h.as('justiceA').get('/api/notifications?unread=maybe').expect(400);
    });
  });
});
