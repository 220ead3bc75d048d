import { join } from 'node:path';
import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { ThreadPool, type ThreadPoolOptions } from '@app/sandbox';
import { DomainError } from '../common/domain-error';
import type { SheetRead } from './ledger-excel';

export interface LedgerSheetRequest {
  content: Uint8Array;
  /** the column whose header row marks the ledger sheet */
  headerName: string;
  maxRows: number;
}

/** Provide to change the reader's limits (tests). */
export const LEDGER_SHEET_LIMITS = Symbol('LEDGER_SHEET_LIMITS');
export const DEFAULT_LEDGER_SHEET_LIMITS: ThreadPoolOptions = { size: 1, maxQueue: 2, timeoutMs: 30_000, maxHeapMb: 512 };

const UNREADABLE = '无法读取该文件，请上传 Excel 2007 及以上格式（.xlsx）的文件';

/**
 * Reads uploaded ledger workbooks in worker threads (one at a time, two waiting), at most 30 s and 512 MB each:
 * exceljs holds a workbook whole and works synchronously for seconds on a large one, which on the API's event loop
 * would stall every other user's requests. The row and cell guards of readLedgerSheet still refuse most such files
 * early; these limits are for what gets past them.
 */
@Injectable()
export class LedgerSheetReader implements OnModuleDestroy {
  private readonly threads: ThreadPool<LedgerSheetRequest, SheetRead>;

  constructor(@Optional() @Inject(LEDGER_SHEET_LIMITS) limits?: Partial<ThreadPoolOptions>) {
    this.threads = new ThreadPool(join(__dirname, 'ledger-sheet.worker'), { ...DEFAULT_LEDGER_SHEET_LIMITS, ...limits }, {
      busy: () => new DomainError('unavailable', 'LEDGER_IMPORT_BUSY', '当前正在导入的台账较多，请稍后再试'),
      timeout: (ms) => new DomainError('unprocessable', 'LEDGER_IMPORT_TIMEOUT',
        `表格读取超过 ${ms >= 10_000 ? Math.round(ms / 1000) : ms / 1000} 秒仍未完成，已停止；请删除多余的空行、空列或拆分后再导入`),
      outOfMemory: () => new DomainError('too_large', 'LEDGER_IMPORT_TOO_COMPLEX',
        '表格内容过于庞大或复杂，读取所需内存超过上限，已停止；请删除多余的空行、空列或拆分后再导入'),
      failed: (f) => {
        if (f.code === 'ARCHIVE_TOO_LARGE') return new DomainError('too_large', 'ARCHIVE_TOO_LARGE', f.message, f.details);
        if (f.code === 'ARCHIVE_XML_DOCTYPE') return new DomainError('unprocessable', 'LEDGER_IMPORT_UNSAFE_XML', f.message);
        return new DomainError('invalid', 'LEDGER_IMPORT_UNREADABLE', UNREADABLE);
      },
    });
  }

  read(content: Buffer, headerName: string, maxRows: number): Promise<SheetRead> {
    return this.threads.run({ content, headerName, maxRows });
  }

  onModuleDestroy(): Promise<void> {
    return this.threads.close();
  }
}
