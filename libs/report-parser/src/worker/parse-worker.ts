/* Runs in a worker thread of ParsePool: decode + parse one report per message. */
import { plainFailure, serveInThread } from '@app/sandbox';
import { ReportParseError } from '../errors';
import { parseReport } from '../parse-report';

serveInThread(parseReport, (err) =>
  err instanceof ReportParseError ? { code: err.code, message: err.message } : plainFailure(err));
