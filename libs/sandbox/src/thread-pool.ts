import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * Runs work on untrusted files (report parsing, Excel reading) in worker threads, off the caller's event loop: one
 * job takes at most `timeoutMs` and `maxHeapMb` of one worker (which is then replaced), so a hostile or huge file
 * cannot stall the requests of other users. Jobs beyond the workers wait in a bounded queue; past it the pool
 * refuses at once.
 */
export interface ThreadPoolOptions {
  size: number;
  maxQueue: number;
  timeoutMs: number;
  /** V8 old generation of each worker; a job past it ends with `errors.outOfMemory()` */
  maxHeapMb: number;
}

/** What a worker answers for a failed job: enough to rebuild the caller's own error type. */
export interface ThreadJobFailure {
  code?: string;
  message: string;
  details?: Record<string, unknown>;
}

/** The caller's errors for the pool's own refusals, and for failures reported by the worker. */
export interface ThreadPoolErrors {
  busy(): Error;
  timeout(timeoutMs: number): Error;
  outOfMemory(): Error;
  failed(failure: ThreadJobFailure): Error;
}

export interface ThreadRequest<I> {
  id: number;
  input: I;
}

export type ThreadReply<O> =
  | { id: number; output: O; failure?: undefined }
  | { id: number; output?: undefined; failure: ThreadJobFailure };

interface Job<I, O> {
  id: number;
  input: I;
  resolve: (r: O) => void;
  reject: (e: Error) => void;
}

interface Slot<I, O> {
  worker: Worker;
  job: Job<I, O> | null;
  timer: NodeJS.Timeout | null;
}

export class ThreadPool<I, O> {
  private readonly slots: Slot<I, O>[] = [];
  private readonly queue: Job<I, O>[] = [];
  private nextId = 1;
  private closed = false;

  /** `script`: the worker module's path without extension (the compiled .js, else the .ts source under jest) */
  constructor(
    private readonly script: string,
    private readonly options: ThreadPoolOptions,
    private readonly errors: ThreadPoolErrors,
  ) {}

  run(input: I): Promise<O> {
    if (this.closed) return Promise.reject(new Error('ThreadPool is closed'));
    return new Promise<O>((resolve, reject) => {
      const job: Job<I, O> = { id: this.nextId++, input, resolve, reject };
      const idle = this.idleSlot();
      if (idle) return this.start(idle, job);
      if (this.queue.length >= this.options.maxQueue) return reject(this.errors.busy());
      this.queue.push(job);
    });
  }

  /** Ends the workers; queued and running jobs are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('ThreadPool closed'));
    await Promise.all(this.slots.splice(0).map((slot) => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.job?.reject(new Error('ThreadPool closed'));
      return slot.worker.terminate();
    }));
  }

  private idleSlot(): Slot<I, O> | null {
    const idle = this.slots.find((s) => !s.job);
    if (idle) return idle;
    if (this.slots.length < this.options.size) {
      const slot: Slot<I, O> = { worker: this.spawn(), job: null, timer: null };
      this.slots.push(slot);
      this.listen(slot);
      return slot;
    }
    return null;
  }

  private start(slot: Slot<I, O>, job: Job<I, O>): void {
    slot.job = job;
    slot.worker.ref(); // a running job keeps the process alive until it answers
    slot.timer = setTimeout(() => this.replace(slot, this.errors.timeout(this.options.timeoutMs)), this.options.timeoutMs);
    slot.worker.postMessage({ id: job.id, input: job.input } satisfies ThreadRequest<I>);
  }

  private listen(slot: Slot<I, O>): void {
    const { worker } = slot;
    worker.on('message', (reply: ThreadReply<O>) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      this.finish(slot);
      if (reply.failure) job.reject(this.errors.failed(reply.failure));
      else job.resolve(reply.output);
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      this.replace(slot, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? this.errors.outOfMemory() : err);
    });
    worker.on('exit', () => {
      if (slot.worker === worker && !this.closed) this.replace(slot, new Error('worker thread exited'));
    });
  }

  /** The slot's job ends with `err`; its worker is ended and a fresh one takes its place. */
  private replace(slot: Slot<I, O>, err: Error): void {
    const job = slot.job;
    const old = slot.worker;
    this.finish(slot, false);
    slot.worker = this.spawn();
    this.listen(slot);
    void old.terminate();
    job?.reject(err);
    this.next(slot);
  }

  private finish(slot: Slot<I, O>, next = true): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
    if (next) this.next(slot);
  }

  private next(slot: Slot<I, O>): void {
    const job = this.queue.shift();
    if (job && !this.closed) this.start(slot, job);
  }

  private spawn(): Worker {
    const options = {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    };
    const compiled = `${this.script}.js`;
    const worker = existsSync(compiled)
      ? new Worker(compiled, options)
      // from TypeScript sources (jest): compile on require with swc, as jest does
      : new Worker(TS_BOOTSTRAP(`${this.script}.ts`), { ...options, eval: true });
    worker.unref(); // an idle pool does not keep a process (CLI, tests) alive
    return worker;
  }
}

// the repository's .swcrc (found from the working directory, the repository root under jest) maps @app/* as the build does
const TS_BOOTSTRAP = (file: string) => `
require('pirates').addHook((code, filename) => require('@swc/core').transformSync(code, {
  filename, swcrc: true, sourceMaps: false,
}).code, { exts: ['.ts'] });
require(${JSON.stringify(file)});
`;
