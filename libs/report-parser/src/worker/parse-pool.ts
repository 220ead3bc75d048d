import { join } from 'node:path';
import { ThreadPool } from '@app/sandbox';
import { ReportParseError, type ReportParseErrorCode } from '../errors';
import type { ParsedReport, ReportInput } from '../types';

/**
 * Decodes and parses reports in worker threads (libs/sandbox): a hostile or huge upload takes at most `timeoutMs` and
 * `maxHeapMb` of one worker, and other requests keep being answered. Past the workers and the queue: PARSE_BUSY.
 */
export interface ParsePoolOptions {
  size: number;
  maxQueue: number;
  timeoutMs: number;
  /** V8 old generation of each worker; a parse past it ends as PARSE_TOO_COMPLEX */
  maxHeapMb: number;
}

export const DEFAULT_PARSE_POOL: ParsePoolOptions = { size: 2, maxQueue: 8, timeoutMs: 20_000, maxHeapMb: 512 };

export class ParsePool {
  private readonly threads: ThreadPool<ReportInput, ParsedReport>;

  constructor(options: Partial<ParsePoolOptions> = {}) {
    this.threads = new ThreadPool(join(__dirname, 'parse-worker'), { ...DEFAULT_PARSE_POOL, ...options }, {
      busy: () => new ReportParseError('PARSE_BUSY', '当前导入的报告较多，请稍后再试'),
      timeout: (ms) => new ReportParseError('PARSE_TIMEOUT',
        `报告解析超过 ${Math.round(ms / 1000)} 秒仍未完成，已停止；请检查文件是否异常，或拆分后再上传`),
      outOfMemory: () => new ReportParseError('PARSE_TOO_COMPLEX', '报告内容过于庞大或复杂，解析所需内存超过上限，已停止'),
      failed: (f) => (f.code ? new ReportParseError(f.code as ReportParseErrorCode, f.message) : new Error(f.message)),
    });
  }

  parse(input: ReportInput): Promise<ParsedReport> {
    return this.threads.run(input);
  }

  /** Ends the workers; queued and running jobs are refused. */
  close(): Promise<void> {
    return this.threads.close();
  }
}
