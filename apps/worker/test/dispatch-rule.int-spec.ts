import { NotificationDispatcher, outsideTargets, TargetSource } from '@app/notifications';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase, uniqueName } from '@app/testing';
import { cadenceContext, seedJurisdiction } from './cadence-fixture';

/**
 * The dispatcher reads each notice's targets in bulk and settles those outsideTargets() lists none for;
 * NotificationDeliveryService sends to the targets it lists. Over every combination of channels, unit addresses and webhooks, leader addresses and SMTP
 * on or off, a notice is settled at dispatch exactly when it has no outside target.
 */
describe('the dispatcher settles a notice exactly when delivery would find no outside target', () => {
  let db: TestDatabase;
  let plain: Awaited<ReturnType<typeof cadenceContext>>;
  let smtp: Awaited<ReturnType<typeof cadenceContext>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const base = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('dr') };
    plain = await cadenceContext(base);
    smtp = await cadenceContext({ ...base, SMTP_URL: 'smtp://127.0.0.1:9' });
  });
  afterAll(async () => {
    await plain?.queue.obliterate({ force: true });
    await plain?.app.close();
    await smtp?.app.close();
    await db?.drop();
  });

  it('agrees with outsideTargets() for 41 notices (7 recipients × 5 channel sets, and duplicates), with and without SMTP', async () => {
    const ds = plain.ds;
    const hook = [{ kind: 'generic', url: 'http://127.0.0.1:9/hook' }];
    // a: e-mail only; b: webhook only; c: both; the office: neither
    const s = await seedJurisdiction(ds, { a: ['a@example.gov.cn'], c: ['c@example.gov.cn'] }, { b: hook, c: hook });
    // leaders in unit c (which has both): with an address, with none, with an empty one
    const user = async (name: string, email: string | null) => (await ds.query(`INSERT INTO app_user (username, display_name,
      password_hash, role, unit_id, email) VALUES ($1, $1, 'x', 'leader', $2, $3) RETURNING id`, [name, s.units.c, email]))[0].id;
    const recipients: Array<[string, string | null]> = [[s.office, null], [s.units.a, null], [s.units.b, null], [s.units.c, null],
      [s.units.c, await user('l-mail', 'l@example.gov.cn')], [s.units.c, await user('l-none', null)], [s.units.c, await user('l-empty', '')]];
    const channelSets = [['inbox'], ['inbox', 'email'], ['inbox', 'webhook'], ['inbox', 'email', 'webhook'], ['email', 'webhook']];
    let k = 0;
    for (const [unit, usr] of recipients) {
      for (const channels of channelSets) {
        await ds.query(`INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, recipient_user_id, period,
          title, body, channels, created_at) VALUES ($1, 'urge', $2, $3, $4, '2025-09-22', '催办单', '请抓紧办理。', $5, now())`,
        [`rule|${k++}`, s.jurisdiction, unit, usr, channels]);
      }
    }
    // a unit listing the same address and the same webhook twice, with every channel set and an empty one
    const [{ id: twice }] = await ds.query(`INSERT INTO unit (code, name, kind, parent_id, jurisdiction_id, path, emails, webhooks)
      VALUES ('J-D', '甲县水利局', 'department', $1::uuid, $1::uuid, $1::text || '/', '{d@example.gov.cn,d@example.gov.cn}', $2) RETURNING id`,
    [s.jurisdiction, JSON.stringify([...hook, ...hook])]);
    for (const channels of [...channelSets, []]) {
      await ds.query(`INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, period, title, body, channels,
        created_at) VALUES ($1, 'urge', $2, $3, '2025-09-22', '催办单', '请抓紧办理。', $4, now())`, [`rule|${k++}`, s.jurisdiction,
        twice, channels]);
    }
    const rows: Array<TargetSource & { id: string }> = await ds.query(`SELECT n.id, n.channels, n.recipient_user_id,
      u.emails AS unit_emails, u.webhooks AS unit_webhooks, usr.email AS user_email FROM notification n
      JOIN unit u ON u.id = n.recipient_unit_id LEFT JOIN app_user usr ON usr.id = n.recipient_user_id ORDER BY n.dedup_key`);
    expect(rows).toHaveLength(41);

    for (const [ctx, emailEnabled] of [[plain, false], [smtp, true]] as const) {
      await ds.query(`DELETE FROM notification_delivery`);
      await ds.query(`UPDATE notification SET status = 'pending', delivered_at = NULL, attempts = 0`);
      await plain.queue.obliterate({ force: true });
      const result = await ctx.app.get(NotificationDispatcher).dispatch(rows.map((r) => r.id));
      const delivered = new Set((await ds.query(`SELECT id FROM notification WHERE status = 'delivered'`)).map((r: any) => r.id));
      const queued = new Set((await plain.queue.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => j.data.notificationId));
      const wrong = rows.filter((r) => (outsideTargets(r, emailEnabled).length === 0) !== delivered.has(r.id) ||
        delivered.has(r.id) === queued.has(r.id)).map((r) => ({ ...r, emailEnabled, settled: delivered.has(r.id), queued: queued.has(r.id) }));
      expect(wrong).toEqual([]);
      expect(result).toEqual({ settled: delivered.size, enqueued: queued.size });
      expect(delivered.size).toBeGreaterThan(0);
      expect(queued.size).toBeGreaterThan(0);
    }
  });
});
