import { randomUUID } from 'node:crypto';
import { OwnApiHarness, startApiOnOwnServices } from './fault-harness';

/**
 * Issue 9, F5 under writes: 16 clients post progress notes with Idempotency-Keys while PostgreSQL is restarted
 * (fast, then immediate = crash and WAL replay). Each client retries what failed with the same key until it succeeds,
 * then once more. The answers are compared with the rows: no 500 at all, every 2xx in the database with its audit
 * row, exactly one note per key, and every 2xx for a key the same answer.
 */
describe('progress posts across PostgreSQL restarts', () => {
  let h: OwnApiHarness;
  const taskIds: string[] = [];
  const CLIENTS = 16;

  beforeAll(async () => {
    h = await startApiOnOwnServices();
    for (let i = 0; i < 4; i++) {
      const id = (await h.as('officeA').post('/api/tasks', {
        title: `推进严格规范公正文明执法 ${i}`, planYear: 2026, leadUnitId: h.org.units.justiceA, deadline: '2026-10-31',
      }).expect(201)).body.id;
      await h.as('officeA').post(`/api/tasks/${id}/publish`).expect(200);
      await h.as('justiceA').post(`/api/tasks/${id}/acknowledge`).expect(200);
      taskIds.push(id);
    }
  });
  afterAll(() => h?.close());

  interface Answer { key: string; status: number; code?: string; body?: unknown; replayed: boolean }

  it('answers no write with 500, stores every acknowledged note once with its audit row, and retries add nothing', async () => {
    const answers: Answer[] = [];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let faultsDone = false;

    const post = async (taskId: string, key: string, note: string, percent: number): Promise<Answer> => {
      try {
        const res = await h.as('justiceA').post(`/api/tasks/${taskId}/progress`, { note, percent })
          .set('idempotency-key', key).timeout(20_000);
        const a = { key, status: res.status, code: res.body?.code, body: res.body, replayed: res.headers['idempotent-replayed'] === 'true' };
        answers.push(a);
        return a;
      } catch (err) { // no HTTP answer at all (socket closed): what a client sees as a network error
        const a = { key, status: 0, code: (err as Error).message, replayed: false };
        answers.push(a);
        return a;
      }
    };

    const client = async (c: number) => {
      const taskId = taskIds[c % taskIds.length];
      for (let n = 0; !faultsDone || n < 6; n++) {
        const key = `c${c}-n${n}-${randomUUID()}`;
        const note = `客户端${c}第${n}次进展 ${key}`;
        const percent = (c * 7 + n) % 100;
        const untilSuccess = async () => {
          let a = await post(taskId, key, note, percent);
          const deadline = Date.now() + 90_000;
          while (a.status < 200 || a.status >= 300) {
            if (a.status >= 400 && a.status < 500 && a.code !== 'IDEMPOTENCY_KEY_IN_FLIGHT') {
              throw new Error(`client ${c}: ${key} refused with ${a.status} ${a.code}`);
            }
            if (Date.now() > deadline) throw new Error(`client ${c}: ${key} never succeeded (last ${a.status} ${a.code})`);
            await sleep(100 + Math.random() * 200);
            a = await post(taskId, key, note, percent);
          }
          return a;
        };
        await untilSuccess();
        // a retry after success, as after a lost answer (itself retried if the database is away): the stored answer
        expect(await untilSuccess()).toMatchObject({ status: 201, replayed: true });
      }
    };

    const faults = (async () => {
      await sleep(1_500);
      await h.pg.restart('fast');
      await sleep(2_000);
      await h.pg.restart('immediate');
      await sleep(1_500);
      faultsDone = true;
    })();
    await Promise.all([faults, ...Array.from({ length: CLIENTS }, (_, c) => client(c))]);

    // no 500 for anything; a lost database is 503 (retry), a lost answer a network error
    expect(answers.filter((a) => a.status === 500)).toEqual([]);
    expect(answers.every((a) => [0, 201, 503, 409].includes(a.status))).toBe(true);
    // the restarts did hit requests in flight, or this test tested nothing
    expect(answers.filter((a) => a.status !== 201).length).toBeGreaterThan(0);

    const rows: Array<{ note: string; progress: number; events: number }> = await h.dataSource.query(`
      SELECT p.note, count(*)::int AS progress,
             (SELECT count(*)::int FROM task_event e WHERE e.action = 'progress' AND e.reason = p.note) AS events
        FROM task_progress p GROUP BY p.note`);
    const byKey = new Map(rows.map((r) => [r.note.split(' ').pop()!, r]));
    const keys = [...new Set(answers.map((a) => a.key))];
    let lostCommits = 0;
    for (const key of keys) {
      // every key ended in success (the clients retried until then): one note and one audit row, whatever happened
      expect({ key, ...byKey.get(key) }).toMatchObject({ key, progress: 1, events: 1 });
      const mine = answers.filter((a) => a.key === key);
      const ok = mine.filter((a) => a.status === 201);
      expect(ok.every((a) => JSON.stringify(a.body) === JSON.stringify(ok[0].body))).toBe(true);
      // the first 201 is the writer's own answer, unless an attempt before it committed and lost its answer
      if (ok[0].replayed) lostCommits += 1;
      expect(ok[0].replayed ? mine.indexOf(ok[0]) > 0 : true).toBe(true);
    }
    expect(rows.length).toBe(keys.length); // nothing written that no client asked for
    const keysInDb = (await h.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_key`))[0].n;
    expect(keysInDb).toBe(keys.length);
    console.log(`fault run: ${keys.length} notes, ${lostCommits} committed with the answer lost, ${answers.length} answers: ` + JSON.stringify(
      answers.reduce<Record<string, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {})));
  });
});
