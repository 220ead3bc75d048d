/* Runs in a worker thread of ParsePool: decode + parse one report per message, answer with the result or the error. */
import { parentPort } from 'node:worker_threads';
import { ReportParseError } from '../errors';
import { parseReport } from '../parse-report';
import type { ParseReply, ParseRequest } from './parse-pool';

parentPort!.on('message', (req: ParseRequest) => {
  parseReport(req.input).then(
    (report) => parentPort!.postMessage({ id: req.id, report } satisfies ParseReply),
    (err: unknown) => parentPort!.postMessage({
      id: req.id,
      error: err instanceof ReportParseError
        ? { parseCode: err.code, message: err.message }
        : { message: err instanceof Error ? err.message : String(err) },
    } satisfies ParseReply),
  );
});
