/* Runs in a worker thread of LedgerSheetReader: checks the archive, then reads the ledger sheet. */
import { ArchiveError, checkZip } from '@app/report-parser/decode/safe-zip';
import { plainFailure, serveInThread } from '@app/sandbox';
import { ledgerHeaderName, readLedgerSheet, type SheetRead } from './ledger-excel';
import type { LedgerSheetRequest } from './ledger-sheet-reader';

async function read({ content, headerName, maxRows }: LedgerSheetRequest): Promise<SheetRead> {
  // exceljs inflates the workbook in memory: a zip bomb or XML entities are refused before it sees the file
  await checkZip(content);
  return readLedgerSheet(Buffer.from(content.buffer, content.byteOffset, content.byteLength),
    (cells) => cells.some((c) => ledgerHeaderName(c.text) === headerName), maxRows);
}

serveInThread(read, (err) => (err instanceof ArchiveError
  ? { code: err.code, message: err.message, details: err.details }
  : { code: 'UNREADABLE', ...plainFailure(err) }));

