import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from '@app/queues';
import { ApiHarness, startApi } from './harness';

const TOKEN = 'prometheus-scrape-token-0123456789';

/** A series' value in the exposition text, or undefined when the series is absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics on the API', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z', { METRICS_TOKEN: TOKEN });
    const { units } = h.org;
    // the outbox: two notices on inbox+email (one pending, one dead), one delivered on inbox only, and their deliveries
    const notices: Array<[string, string[], string]> = [['p', ['inbox', 'email'], 'pending'], ['d', ['inbox', 'email'], 'dead'],
      ['ok', ['inbox'], 'delivered']];
    for (const [key, channels, status] of notices) {
      await h.dataSource.query(
        `INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, period, title, body, channels, status, created_at)
         VALUES ($1, 'urge', $2, $3, '2026-03-02', '催办', '请尽快办理', $4, $5, now() - interval '10 minutes')`,
        [key, units.countyA, units.justiceA, channels, status]);
    }
    await h.dataSource.query(`INSERT INTO notification_delivery (notification_id, channel, target, status)
      SELECT id, 'email', 'sfj@example.gov.cn', 'failed' FROM notification WHERE dedup_key = 'd'`);
    await h.dataSource.query(`INSERT INTO beat_run (jurisdiction_id, beat, period, outcome, as_of)
      VALUES ($1, 'daily-assign', '2026-03-02', 'done', now()), ($1, 'daily-assign', 'skip-2026-03-01', 'skipped', now())`,
      [units.countyA]);
    // the queues: one delivery waiting for its backoff, one beat trigger waiting for a worker
    const notifications = h.app.get<Queue>(getQueueToken(QueueName.Notifications));
    await notifications.add('deliver-notification', { notificationId: 'x' }, { delay: 3_600_000, jobId: 'n-x' });
    await h.app.get<Queue>(getQueueToken(QueueName.Cadence)).add('run-beat', { beat: 'daily-assign' });
    // a little traffic to time
    for (let i = 0; i < 3; i++) await h.as('officeA').get('/api/tasks').expect(200);
    await h.as('officeA').post('/api/tasks', {}).expect(400);
  });
  afterAll(() => h?.close());

  it('refuses a scrape without the token, with another scheme or a wrong token, and shows nothing', async () => {
    for (const auth of [undefined, `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Bearer ${h.org.users.admin.token}`]) {
      const req = h.anonymous.get('/metrics');
      const res = await (auth ? req.set('authorization', auth) : req).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.text).not.toContain('duban_');
    }
  });

  it('answers Prometheus text with queue depth, the outbox by channel, beats, calendar and request latency', async () => {
    const res = await h.anonymous.get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.text;
    expect(value(text, 'duban_queue_jobs{queue="notifications",state="delayed"}')).toBe(1);
    expect(value(text, 'duban_queue_jobs{queue="notifications",state="waiting"}')).toBe(0);
    expect(value(text, 'duban_queue_jobs{queue="cadence",state="waiting"}')).toBe(1);
    expect(value(text, 'duban_queue_jobs{queue="cadence",state="failed"}')).toBe(0);
    expect(value(text, 'duban_queue_up{queue="cadence"}')).toBe(1);

    for (const figure of ['notices', 'deliveries', 'oldestPending', 'beats']) {
      expect(value(text, `duban_database_stats_up{figure="${figure}"}`)).toBe(1);
    }
    expect(value(text, 'duban_notifications{channel="inbox",status="pending"}')).toBe(1);
    expect(value(text, 'duban_notifications{channel="email",status="dead"}')).toBe(1);
    expect(value(text, 'duban_notifications{channel="inbox",status="delivered"}')).toBe(1);
    expect(value(text, 'duban_notifications{channel="email",status="delivered"}')).toBeUndefined();
    expect(value(text, 'duban_notification_deliveries{channel="email",status="failed"}')).toBe(1);
    const age = value(text, 'duban_notifications_oldest_pending_age_seconds')!;
    expect(age).toBeGreaterThan(590);
    expect(age).toBeLessThan(3_600);

    expect(value(text, 'duban_beat_runs{beat="daily-assign",outcome="done"}')).toBe(1);
    const lastRun = value(text, 'duban_beat_last_run_timestamp_seconds{beat="daily-assign",outcome="done"}')!;
    expect(Math.abs(lastRun - Date.now() / 1000)).toBeLessThan(120);

    // the clock says 2026-03-02 and the holiday data ends with 2026
    expect(value(text, 'duban_calendar_year_covered{which="current",year="2026"}')).toBe(1);
    expect(value(text, 'duban_calendar_year_covered{which="next",year="2027"}')).toBe(0);
    expect(value(text, 'duban_calendar_uncovered_years')).toBe(1);
    expect(value(text, 'duban_calendar_last_covered_year')).toBe(2026);

    const tasks = 'method="GET",route="/api/tasks",status_class="2xx"';
    expect(value(text, `duban_http_request_duration_seconds_count{${tasks}}`)).toBe(3);
    const sum = value(text, `duban_http_request_duration_seconds_sum{${tasks}}`)!;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(30);
    expect(value(text, `duban_http_request_duration_seconds_bucket{le="+Inf",${tasks}}`)).toBe(3);
    expect(value(text, 'duban_http_request_duration_seconds_count{method="POST",route="/api/tasks",status_class="4xx"}')).toBe(1);
    // raw URLs never become labels
    expect(text).not.toMatch(/route="\/api\/tasks\?/);

    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('reports Redis trouble as duban_queue_up 0 within the timeout, not as empty queues and not as a hung scrape', async () => {
    const notifications = h.app.get<Queue>(getQueueToken(QueueName.Notifications));
    const getJobCounts = notifications.getJobCounts.bind(notifications);
    notifications.getJobCounts = () => new Promise(() => undefined); // a Redis that never answers
    try {
      const started = Date.now();
      const res = await h.anonymous.get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(value(res.text, 'duban_queue_up{queue="notifications"}')).toBe(0);
      expect(value(res.text, 'duban_queue_jobs{queue="notifications",state="waiting"}')).toBeUndefined();
      expect(value(res.text, 'duban_queue_up{queue="cadence"}')).toBe(1);
    } finally {
      notifications.getJobCounts = getJobCounts;
    }
  });
});

describe('GET /metrics while PostgreSQL is slow', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-03-02T02:00:00Z', { METRICS_TOKEN: TOKEN });
  });
  afterAll(() => h?.close());

  it('leaves out a figure PostgreSQL cannot give in time and still reports the others, within seconds', async () => {
    // another session holds notification_delivery: counting it waits until statement_timeout cancels it
    const runner = h.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`LOCK TABLE notification_delivery IN ACCESS EXCLUSIVE MODE`);
      const started = Date.now();
      const res = await h.anonymous.get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200);
      expect(Date.now() - started).toBeLessThan(6_500);
      expect(value(res.text, 'duban_database_stats_up{figure="deliveries"}')).toBe(0);
      expect(res.text).not.toContain('duban_notification_deliveries{');
      expect(value(res.text, 'duban_database_stats_up{figure="notices"}')).toBe(1);
      expect(value(res.text, 'duban_database_stats_up{figure="beats"}')).toBe(1);
      expect(value(res.text, 'duban_notifications_oldest_pending_age_seconds')).toBe(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h?.close());

  it('does not exist, with or without a token', async () => {
    await h.anonymous.get('/metrics').expect(404);
    await h.anonymous.get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(404);
  });
});
