import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ReportParseError, type ReportParseErrorCode } from '../errors';
import type { ParsedReport, ReportInput } from '../types';

/**
 * Decodes and parses reports in worker threads, off the caller's event loop: a hostile or huge upload takes at most
 * `timeoutMs` and `maxHeapMb` of one worker (which is then replaced), and other requests keep being answered.
 * Jobs beyond the workers wait in a bounded queue; past it the pool refuses at once (PARSE_BUSY).
 */
export interface ParsePoolOptions {
  size: number;
  maxQueue: number;
  timeoutMs: number;
  /** V8 old generation of each worker; a parse past it ends as PARSE_TOO_COMPLEX */
  maxHeapMb: number;
}

export const DEFAULT_PARSE_POOL: ParsePoolOptions = { size: 2, maxQueue: 8, timeoutMs: 20_000, maxHeapMb: 512 };

export interface ParseRequest {
  id: number;
  input: ReportInput;
}

export type ParseReply =
  | { id: number; report: ParsedReport; error?: undefined }
  | { id: number; report?: undefined; error: { parseCode?: ReportParseErrorCode; message: string } };

interface Job {
  id: number;
  input: ReportInput;
  resolve: (r: ParsedReport) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export class ParsePool {
  private readonly options: ParsePoolOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: Partial<ParsePoolOptions> = {}) {
    this.options = { ...DEFAULT_PARSE_POOL, ...options };
  }

  parse(input: ReportInput): Promise<ParsedReport> {
    if (this.closed) return Promise.reject(new Error('ParsePool is closed'));
    return new Promise<ParsedReport>((resolve, reject) => {
      const job: Job = { id: this.nextId++, input, resolve, reject };
      const idle = this.idleSlot();
      if (idle) return this.run(idle, job);
      if (this.queue.length >= this.options.maxQueue) {
        return reject(new ReportParseError('PARSE_BUSY', '当前导入的报告较多，请稍后再试'));
      }
      this.queue.push(job);
    });
  }

  /** Ends the workers; queued and running jobs are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('ParsePool closed'));
    await Promise.all(this.slots.splice(0).map((slot) => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.job?.reject(new Error('ParsePool closed'));
      return slot.worker.terminate();
    }));
  }

  private idleSlot(): Slot | null {
    const idle = this.slots.find((s) => !s.job);
    if (idle) return idle;
    if (this.slots.length < this.options.size) {
      const slot: Slot = { worker: this.spawn(), job: null, timer: null };
      this.slots.push(slot);
      this.listen(slot);
      return slot;
    }
    return null;
  }

  private run(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref(); // a running parse keeps the process alive until it answers
    slot.timer = setTimeout(() => {
      this.replace(slot, new ReportParseError('PARSE_TIMEOUT',
        `报告解析超过 ${Math.round(this.options.timeoutMs / 1000)} 秒仍未完成，已停止；请检查文件是否异常，或拆分后再上传`));
    }, this.options.timeoutMs);
    slot.worker.postMessage({ id: job.id, input: job.input } satisfies ParseRequest);
  }

  private listen(slot: Slot): void {
    const { worker } = slot;
    worker.on('message', (reply: ParseReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      this.finish(slot);
      if (reply.report) job.resolve(reply.report);
      else if (reply.error.parseCode) job.reject(new ReportParseError(reply.error.parseCode, reply.error.message));
      else job.reject(new Error(reply.error.message));
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      this.replace(slot, err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new ReportParseError('PARSE_TOO_COMPLEX', '报告内容过于庞大或复杂，解析所需内存超过上限，已停止')
        : err);
    });
    worker.on('exit', () => {
      if (slot.worker === worker && !this.closed) this.replace(slot, new Error('parse worker exited'));
    });
  }

  /** The slot's job ends with `err`; its worker is ended and a fresh one takes its place. */
  private replace(slot: Slot, err: Error): void {
    const job = slot.job;
    const old = slot.worker;
    this.finish(slot, false);
    slot.worker = this.spawn();
    this.listen(slot);
    void old.terminate();
    job?.reject(err);
    this.next(slot);
  }

  private finish(slot: Slot, next = true): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
    if (next) this.next(slot);
  }

  private next(slot: Slot): void {
    const job = this.queue.shift();
    if (job && !this.closed) this.run(slot, job);
  }

  private spawn(): Worker {
    const options = {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    };
    const compiled = join(__dirname, 'parse-worker.js');
    const worker = existsSync(compiled)
      ? new Worker(compiled, options)
      // from TypeScript sources (jest): compile on require with swc, as jest does
      : new Worker(TS_BOOTSTRAP(join(__dirname, 'parse-worker.ts')), { ...options, eval: true });
    worker.unref(); // an idle pool does not keep a process (CLI, tests) alive
    return worker;
  }
}

const TS_BOOTSTRAP = (file: string) => `
require('pirates').addHook((code, filename) => require('@swc/core').transformSync(code, {
  filename, swcrc: false, module: { type: 'commonjs' },
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
}).code, { exts: ['.ts'] });
require(${JSON.stringify(file)});
`;
