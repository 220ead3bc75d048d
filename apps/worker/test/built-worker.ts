import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/** What the fault suites run the built worker with (`npm run build:server`; `npm run test:faults` builds it). */
export const WORKER_MAIN = join(__dirname, '..', '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it holds; returns how long that took, throws after `ms`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
  return Date.now() - started;
}

/** The built worker as a child process on `env` alone; its stdout and stderr go to `output`. */
export function spawnWorker(env: Record<string, string>, output: (text: string) => void): ChildProcess {
  const child = spawn(process.execPath, [WORKER_MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => output(String(d)));
  child.stderr!.on('data', (d) => output(String(d)));
  return child;
}

/** Resolves with the signal that ended the child, or its exit code. */
export function exited(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve) => {
    if (child.exitCode !== null || child.signalCode) resolve(String(child.signalCode ?? child.exitCode));
    else child.once('exit', (code, signal) => resolve(String(signal ?? code)));
  });
}

export interface CountingWebhook {
  server: Server;
  /** the URL a unit's `generic` webhook points at */
  url: string;
  /** deliveries seen, by the X-Duban-Delivery header (the notice's id) */
  received: Map<string, number>;
  /** how long each answer (200) waits; change it between steps */
  delayMs: number;
  close(): Promise<void>;
}

/** A loopback webhook receiver that counts each notice it is sent. */
export async function countingWebhook(delayMs = 0): Promise<CountingWebhook> {
  const hook: CountingWebhook = {
    server: createServer((req, res) => {
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['x-duban-delivery']);
        hook.received.set(id, (hook.received.get(id) ?? 0) + 1);
        setTimeout(() => res.writeHead(200).end('ok'), hook.delayMs);
      });
    }),
    url: '',
    received: new Map(),
    delayMs,
    close: () => new Promise<void>((r) => hook.server.close(() => r())),
  };
  hook.server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((r) => hook.server.listen(0, '127.0.0.1', () => r()));
  hook.url = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}/hook`;
  return hook;
}

/** `n` pending 催办 notices in the outbox, spread over `units` in turn; returns their ids. */
export async function insertOutbox(ds: DataSource, jurisdiction: string, units: string[], n: number, label: string): Promise<string[]> {
  await ds.query(`INSERT INTO notification (dedup_key, kind, jurisdiction_id, recipient_unit_id, period, title, body, created_at)
    SELECT 'urge|${label}|' || g, 'urge', $1, ($2::uuid[])[1 + g % cardinality($2::uuid[])], '2026-01-05',
           '催办单 ${label} 第' || g || '号', '请抓紧办理。', now() + g * interval '1 microsecond'
      FROM generate_series(1, ${n}) g`, [jurisdiction, units]);
  return (await ds.query(`SELECT id FROM notification WHERE dedup_key LIKE $1`, [`urge|${label}|%`])).map((r: { id: string }) => r.id);
}

/**
 * Waits until every unit notice (`recipient_user_id IS NULL`: a leader's goes only to the inbox) is delivered and the
 * receiver has each, then asserts each arrived exactly once, nothing else arrived, and each has one sent inbox and one
 * sent webhook delivery row; returns the notices' ids.
 */
export async function expectEachDeliveredOnce(ds: DataSource, hook: CountingWebhook, expected: number, timeoutMs: number): Promise<string[]> {
  const ids = (await ds.query(`SELECT id FROM notification WHERE recipient_user_id IS NULL`)).map((r: { id: string }) => r.id) as string[];
  expect(ids.length).toBe(expected);
  await waitFor('every notice delivered', async () => (await ds.query(`SELECT count(*)::int AS n FROM notification
    WHERE status <> 'delivered'`))[0].n === 0 && ids.every((id) => hook.received.has(id)), timeoutMs);
  await sleep(500); // a duplicate would arrive after the last first delivery
  expect(ids.filter((id) => hook.received.get(id) !== 1)).toEqual([]);
  expect([...hook.received.keys()].filter((id) => !ids.includes(id))).toEqual([]);
  expect(await ds.query(`SELECT d.channel, d.status, count(*)::int AS n FROM notification_delivery d JOIN notification n
    ON n.id = d.notification_id WHERE n.recipient_user_id IS NULL GROUP BY 1, 2 ORDER BY 1, 2`))
    .toEqual([{ channel: 'generic', status: 'sent', n: expected }, { channel: 'inbox', status: 'sent', n: expected }]);
  return ids;
}
