#!/usr/bin/env node
// The Dockerfile's build, without a Docker engine: every stage's WORKDIR, ENV, COPY (from the build context, which
// .dockerignore filters, or --from an earlier stage) and RUN, in order, each stage in a clean directory of its own;
// then the final stage's CMD (the API), the compose file's migrate and worker commands, and the image's HEALTHCHECK,
// against the local PostgreSQL and Redis. What only a Docker host can check: the base image itself (its Node,
// Debian and user `node`), USER, EXPOSE and the compose networking.
//   node .ci/docker-build.mjs [--keep]      (NODE_BIN_DIR=<dir with node 24> runs RUN steps and the service on it)
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const repo = join(dirname(new URL(import.meta.url).pathname), '..');
const work = mkdtempSync(join(tmpdir(), 'duban-docker-'));
const nodeDir = process.env.NODE_BIN_DIR ?? dirname(process.execPath);
const PATH = `${nodeDir}:${process.env.PATH}`;
const say = (m) => process.stdout.write(`[docker-build] ${m}\n`);

// the build context: the files git tracks, minus what .dockerignore names (top-level names and globs of one level)
const context = join(work, 'context');
const ignore = readFileSync(join(repo, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const ignored = (path) => ignore.some((p) => path === p || path.startsWith(`${p}/`) ||
  (p.includes('*') && new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`).test(path)));
for (const file of execFileSync('git', ['ls-files'], { cwd: repo, encoding: 'utf8' }).split('\n').filter(Boolean)) {
  if (ignored(file)) continue;
  mkdirSync(dirname(join(context, file)), { recursive: true });
  cpSync(join(repo, file), join(context, file));
}

// the Dockerfile, line continuations joined
const lines = readFileSync(join(repo, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ').split('\n')
  .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const stages = [];
let stage;
for (const line of lines) {
  const [, op, rest] = /^(\w+)\s+(.*)$/.exec(line);
  switch (op.toUpperCase()) {
    case 'FROM': {
      const name = /\bAS\s+(\S+)/i.exec(rest)?.[1] ?? String(stages.length);
      stage = { name, image: rest.split(/\s+/)[0], root: join(work, `stage-${stages.length}-${name}`), cwd: '/', env: {}, cmd: null, health: null };
      mkdirSync(stage.root, { recursive: true });
      stages.push(stage);
      say(`stage ${name} (${stage.image})`);
      break;
    }
    case 'WORKDIR':
      stage.cwd = rest;
      mkdirSync(join(stage.root, rest), { recursive: true });
      break;
    case 'ENV':
      for (const [, k, v] of rest.matchAll(/(\w+)=(\S+)/g)) stage.env[k] = v;
      break;
    case 'COPY': {
      const from = /--from=(\S+)/.exec(rest)?.[1];
      const args = rest.replace(/--\S+/g, '').trim().split(/\s+/);
      const dest = args.pop();
      const source = from ? stages.find((s) => s.name === from) : null;
      for (const src of args) {
        const base = source ? join(source.root, src.startsWith('/') ? src : join(source.cwd, src)) : join(context, src);
        const target = join(stage.root, dest.startsWith('/') ? dest : join(stage.cwd, dest));
        const into = dest.endsWith('/') || src === '.' ? join(target, src === '.' ? '' : src.split('/').pop()) : target;
        cpSync(base, into, { recursive: true });
      }
      say(`COPY ${rest}`);
      break;
    }
    case 'RUN': {
      say(`RUN ${rest}`);
      const started = Date.now();
      execFileSync('sh', ['-c', rest], { cwd: join(stage.root, stage.cwd), stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, ...stage.env, PATH } });
      say(`  ${((Date.now() - started) / 1000).toFixed(0)} s`);
      break;
    }
    case 'CMD':
      stage.cmd = JSON.parse(rest);
      break;
    case 'HEALTHCHECK':
      stage.health = JSON.parse(rest.slice(rest.indexOf('CMD') + 3).trim());
      break;
    default: // USER, EXPOSE: only a Docker engine can act on them
      say(`(${op} ${rest}: not emulated)`);
  }
}

// start what the image starts, as the compose file does: migrate, then the API (the image's CMD) and the worker
const image = stages[stages.length - 1];
const app = join(image.root, image.cwd);
const free = () => new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const [apiPort, workerPort] = [await free(), await free()];
const db = `duban_docker_${Date.now().toString(36)}`;
const compose = readFileSync(join(repo, 'docker-compose.yml'), 'utf8');
const commandOf = (service) => JSON.parse(new RegExp(`\\n  ${service}:[\\s\\S]*?\\n    command: (\\[.*\\])`).exec(compose)[1]);
const env = { PATH, ...image.env, DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`, REDIS_URL: 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: db, JWT_SECRET: 'docker-build-check-secret-0123456789abcdef', ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'docker-build-check', PORT: String(apiPort), WORKER_PORT: String(workerPort), MIGRATE_ON_BOOT: 'false' };
const children = [];
const run = (argv) => {
  const child = spawn(argv[0] === 'node' ? join(nodeDir, 'node') : argv[0], argv.slice(1), { cwd: app, env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
};
const poll = async (url, what) => {
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return say(`${what}: ${url} answers 200`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not become healthy at ${url}`);
};
let failed = false;
try {
  const migrate = commandOf('migrate');
  say(`migrate: ${migrate.join(' ')}`);
  execFileSync(join(nodeDir, 'node'), migrate.slice(1), { cwd: app, env, stdio: ['ignore', 'ignore', 'inherit'] });
  say(`api (the image's CMD): ${image.cmd.join(' ')}`);
  run(image.cmd);
  const worker = commandOf('worker');
  say(`worker: ${worker.join(' ')}`);
  run(worker);
  await poll(`http://127.0.0.1:${apiPort}/health`, 'api');
  await poll(`http://127.0.0.1:${workerPort}/health`, 'worker');
  execFileSync(join(nodeDir, 'node'), image.health.slice(1), { cwd: app, env, stdio: 'inherit' });
  say('the image HEALTHCHECK passes');
  const login = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'docker-build-check' }) });
  if (login.status !== 200) throw new Error(`the first admin cannot log in: HTTP ${login.status}`);
  const page = await fetch(`http://127.0.0.1:${apiPort}/`).then((r) => r.text());
  if (!page.includes('<div id="app">')) throw new Error('the web pages are not served');
  say('the first admin logs in and the web pages are served');
} catch (err) {
  failed = true;
  console.error(`[docker-build] FAILED: ${err.message}`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
  execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qc', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`], { stdio: 'ignore' });
  if (!process.argv.includes('--keep')) execFileSync('rm', ['-rf', work]);
  else say(`kept ${work}`);
}
process.exit(failed ? 1 : 0);
