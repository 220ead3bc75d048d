import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { FixedClock } from '../common/clock';
import { IdempotencyService } from './idempotency.service';

describe('IdempotencyService when the answer to COMMIT is lost', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let sut: IdempotencyService;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
    sut = new IdempotencyService(ds, new FixedClock(new Date('2026-03-02T02:00:00Z')));
    const [unit] = await ds.query(`INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
      SELECT g, 'J', '县', 'jurisdiction', g, g || '/' FROM gen_random_uuid() g RETURNING id`);
    [{ id: userId }] = await ds.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
      VALUES ('u', 'u', 'x', 'office', $1) RETURNING id`, [unit.id]);
    await ds.query(`CREATE TABLE written (n int)`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const lostReplyOnce = () => {
    // the transaction commits, then the connection dies before its reply arrives: what the caller sees
    const real = ds.transaction.bind(ds) as (work: unknown) => Promise<unknown>;
    jest.spyOn(ds, 'transaction').mockImplementationOnce((async (work: unknown) => {
      await real(work);
      throw new Error('Connection terminated unexpectedly');
    }) as never);
  };

  it('answers with the stored answer: the write is there once, and a retry replays the same', async () => {
    lostReplyOnce();
    const request = { userId, key: 'lost-commit-0001', fingerprint: ['write', 1] };
    const work = async (em: import('typeorm').EntityManager) => {
      await em.query(`INSERT INTO written VALUES (1)`);
      return { written: 1, at: '2026-03-02' };
    };
    expect(await sut.run(request, work)).toEqual({ body: { written: 1, at: '2026-03-02' }, replayed: true });
    expect(await sut.run(request, work)).toEqual({ body: { written: 1, at: '2026-03-02' }, replayed: true });
    expect((await ds.query(`SELECT count(*)::int AS n FROM written`))[0].n).toBe(1);
  });

  it('passes the error on when the transaction did not commit, and the retry writes', async () => {
    jest.spyOn(ds, 'transaction').mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
    const request = { userId, key: 'never-committed-01', fingerprint: ['write', 2] };
    const work = async (em: import('typeorm').EntityManager) => {
      await em.query(`INSERT INTO written VALUES (2)`);
      return { written: 2 };
    };
    await expect(sut.run(request, work)).rejects.toThrow('Connection terminated unexpectedly');
    expect(await sut.run(request, work)).toEqual({ body: { written: 2 }, replayed: false });
    expect((await ds.query(`SELECT count(*)::int AS n FROM written WHERE n = 2`))[0].n).toBe(1);
  });
});
