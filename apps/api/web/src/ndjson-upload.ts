import { ApiError, failure, renewedAfter } from './api';
import { session } from './session';

export interface UploadProgressHandlers {
  /** bytes of the request body sent so far (XMLHttpRequest upload events; fetch has none) */
  onUpload?: (loaded: number, total: number) => void;
  /** every complete line of an NDJSON answer, as it arrives */
  onLine?: (line: Record<string, unknown>) => void;
}

/**
 * POSTs a form with XMLHttpRequest, asking for an NDJSON answer (`Accept: application/x-ndjson`), and reports the
 * upload's progress and each line as it arrives. Resolves to the last line; an ordinary JSON answer (an error before
 * the stream opened, or a server that does not stream) resolves to that object, or rejects with ApiError when it is
 * an error, like api() does (a session that expired is renewed over the page and the form sent again).
 */
export async function postWithProgress(path: string, form: FormData, handlers: UploadProgressHandlers = {}): Promise<Record<string, unknown>> {
  const answer = await postOnce(path, form, handlers);
  if (!(answer instanceof Refused)) return answer;
  if (await renewedAfter(answer.status, path)) return postWithProgress(path, form, handlers);
  throw failure(answer.status, answer.data, path, true);
}

/** An error answer that did not stream, as the server sent it. */
class Refused {
  constructor(readonly status: number, readonly data: Record<string, unknown>) {}
}

function postOnce(path: string, form: FormData, handlers: UploadProgressHandlers): Promise<Record<string, unknown> | Refused> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    xhr.setRequestHeader('accept', 'application/x-ndjson, application/json');
    if (session.token) xhr.setRequestHeader('authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => handlers.onUpload?.(e.loaded, e.lengthComputable ? e.total : 0);
    let seen = 0;
    let last: Record<string, unknown> | null = null;
    const streaming = () => (xhr.getResponseHeader('content-type') ?? '').includes('ndjson');
    const drain = (final: boolean) => {
      if (!streaming()) return;
      const text = xhr.responseText;
      const end = final ? text.length : text.lastIndexOf('\n') + 1;
      for (const raw of text.slice(seen, end).split('\n')) {
        if (!raw.trim()) continue;
        last = JSON.parse(raw) as Record<string, unknown>;
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
      resolve(xhr.status >= 200 && xhr.status < 300 ? data : new Refused(xhr.status, data));
    };
    xhr.send(form);
  });
}
