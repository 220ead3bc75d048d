import { ApiError, failure, renewedAfter } from './api';
import type { paths } from './api/schema';
import type { LedgerImportLine } from './api/types';
import { session } from './session';

/** The API's one streamed answer: the ledger import's (its path, so that a change of it in the schema fails here). */
type StreamedPath = Extract<keyof paths, '/api/tasks/import'>;
type Line = LedgerImportLine;
/** its plain JSON answer, from a server that does not stream */
type Plain = paths[StreamedPath]['post']['responses'][200]['content']['application/json'];

export interface UploadProgressHandlers {
  /** bytes of the request body sent so far (XMLHttpRequest upload events; fetch has none) */
  onUpload?: (loaded: number, total: number) => void;
  /** every complete line of an NDJSON answer, as it arrives */
  onLine?: (line: Line) => void;
}

/**
 * POSTs a form with XMLHttpRequest, asking for an NDJSON answer (`Accept: application/x-ndjson`), and reports the
 * upload's progress and each line as it arrives. Resolves to the last line; an ordinary JSON answer (an error before
 * the stream opened, or a server that does not stream) resolves to that object, or rejects with ApiError when it is
 * an error, as answer() does (a session that expired is renewed over the page and the form sent again).
 * Not on the typed client: openapi-fetch sends with fetch, which reports no upload progress, and hands over an answer
 * read whole (or the raw stream); so the request is made here, and what it resolves to is typed from schema.d.ts (the
 * lines are the schema's LedgerImport…LineDto, the plain answer the operation's JSON answer).
 */
export async function postWithProgress(path: StreamedPath, form: FormData, handlers: UploadProgressHandlers = {}): Promise<Line | Plain> {
  const answer = await postOnce(path, form, handlers);
  if (!(answer instanceof Refused)) return answer;
  const apiPath = path.replace(/^\/api/, '');
  if (await renewedAfter(answer.status, apiPath)) return postWithProgress(path, form, handlers);
  throw failure(answer.status, answer.data, apiPath, true);
}

/** An error answer that did not stream, as the server sent it. */
class Refused {
  constructor(readonly status: number, readonly data: Record<string, unknown>) {}
}

function postOnce(path: StreamedPath, form: FormData, handlers: UploadProgressHandlers): Promise<Line | Plain | Refused> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/x-ndjson, application/json');
    if (session.token) xhr.setRequestHeader('authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => handlers.onUpload?.(e.loaded, e.lengthComputable ? e.total : 0);
    let seen = 0;
    let last: Line | null = null;
    const streaming = () => (xhr.getResponseHeader('content-type') ?? '').includes('ndjson');
    const drain = (final: boolean) => {
      if (!streaming()) return;
      const text = xhr.responseText;
      const end = final ? text.length : text.lastIndexOf('\n') + 1;
      for (const raw of text.slice(seen, end).split('\n')) {
        if (!raw.trim()) continue;
        last = JSON.parse(raw) as Line;
        handlers.onLine?.(last);
      }
      seen = Math.max(seen, end);
    };
    xhr.onprogress = () => drain(false);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试'));
    xhr.onload = () => {
      if (streaming()) {
        drain(true);
        if (last) resolve(last);
        else reject(new ApiError(xhr.status, 'HTTP_ERROR', '服务器没有返回结果，请重试'));
        return;
      }
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(xhr.responseText || '{}') as Record<string, unknown>;
      } catch {
        // not JSON: reported by status below
      }
      resolve(xhr.status >= 200 && xhr.status < 300 ? data as Plain : new Refused(xhr.status, data));
    };
    xhr.send(form);
  });
}
