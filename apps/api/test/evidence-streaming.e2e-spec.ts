import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ApiHarness, startApi } from './harness';

/** Evidence streams through a temp file into 1 MiB chunks in PostgreSQL and back out, bytes unchanged. */
describe('evidence uploads and downloads in chunks', () => {
  let h: ApiHarness;
  let taskId: string;
  const uploadDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('duban-upload-')).length;

  beforeAll(async () => {
    h = await startApi();
    taskId = (await h.as('officeA').post('/api/tasks', {
      title: '推行行政执法三项制度', planYear: 2026, leadUnitId: h.org.units.justiceA, deadline: '2026-08-31',
    }).expect(201)).body.id;
    await h.as('officeA').post(`/api/tasks/${taskId}/publish`).expect(200);
  });
  afterAll(() => h?.close());

  it('stores a 2.5 MiB scan as three chunks and a small one as one, and sends both back byte for byte', async () => {
    const dirsBefore = uploadDirs();
    const scan = randomBytes(2.5 * 1024 * 1024);
    const note = Buffer.from('%PDF-1.4 会议纪要');
    await h.as('justiceA').upload(`/api/tasks/${taskId}/progress`, { note: '附扫描件', percent: 20 },
      [{ name: '扫描件.pdf', content: scan }, { name: '纪要.pdf', content: note }]).expect(201);
    const files = (await h.as('justiceA').get(`/api/tasks/${taskId}/evidence`).expect(200)).body;
    expect(files.map((f: { fileName: string; size: number; sha256: string }) => [f.fileName, f.size, f.sha256])).toEqual([
      ['扫描件.pdf', scan.length, createHash('sha256').update(scan).digest('hex')],
      ['纪要.pdf', note.length, createHash('sha256').update(note).digest('hex')],
    ]);
    const chunks = await h.dataSource.query(`SELECT f.file_name, count(c.seq)::int AS n, bool_and(f.content IS NULL) AS chunked
      FROM evidence_file f JOIN evidence_chunk c ON c.file_id = f.id GROUP BY f.file_name ORDER BY n DESC`);
    expect(chunks).toEqual([{ file_name: '扫描件.pdf', n: 3, chunked: true }, { file_name: '纪要.pdf', n: 1, chunked: true }]);
    const download = await h.as('officeA').get(`/api/tasks/${taskId}/evidence/${files[0].id}`).buffer(true)
      .parse((res, done) => { const parts: Buffer[] = []; res.on('data', (c: Buffer) => parts.push(c)); res.on('end', () => done(null, Buffer.concat(parts))); })
      .expect(200);
    expect(download.headers['content-length']).toBe(String(scan.length));
    expect(Buffer.compare(download.body as Buffer, scan)).toBe(0);
    expect(uploadDirs()).toBe(dirsBefore); // temp files gone once the request is answered
  });

  it('stops an oversized file at the limit with 413, stores nothing and leaves no temp file', async () => {
    const dirsBefore = uploadDirs();
    const [{ n: before }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM evidence_chunk`);
    const res = await h.as('justiceA').upload(`/api/tasks/${taskId}/progress`, { note: '超限', percent: 30 },
      [{ name: '小.pdf', content: Buffer.from('%PDF') }, { name: '大.pdf', content: Buffer.alloc(21 * 1024 * 1024, 1) }]);
    expect(res.status).toBe(413);
    expect((await h.dataSource.query(`SELECT count(*)::int AS n FROM evidence_chunk`))[0].n).toBe(before);
    expect(uploadDirs()).toBe(dirsBefore);
  });
});
