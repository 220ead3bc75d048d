import { ElMessage } from 'element-plus';
import { receiveWithProgress, saveBlob } from './download';
import { requestRelogin } from './relogin';
import { router } from './router';
import { session, signOut } from './session';

/** The API's error shape: { statusCode, code, message (Chinese), details?, requestId }. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  form?: FormData;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** do not show the error message (the caller shows the failure itself) */
  quiet?: boolean;
}

export function queryString(query: RequestOptions['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {};
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}${queryString(opts.query)}`, { method: opts.method ?? 'GET', headers, body });
  } catch {
    throw networkFailure(opts.quiet);
  }
  if (res.ok) return res;
  if (await renewedAfter(res.status, path)) return send(path, opts);
  throw failure(res.status, await res.json().catch(() => ({})), path, opts.quiet);
}

/**
 * A 401 to a signed-in user (the session expired under them): true once they have signed in again over the page, so
 * the refused request can go out once more (it changed nothing: the server refused it before doing anything).
 */
export async function renewedAfter(status: number, path: string): Promise<boolean> {
  if (status !== 401 || path.startsWith('/auth/login') || !session.user) return false;
  return requestRelogin(session.user);
}

export function networkFailure(quiet?: boolean): ApiError {
  const err = new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  if (!quiet) ElMessage.error(err.message);
  return err;
}

/**
 * The error answer as an ApiError, shown unless quiet; a 401 (but the login's own) that was not renewed signs out and
 * goes to the login page.
 */
export function failure(status: number, answer: unknown, path: string, quiet?: boolean): ApiError {
  const data = (answer ?? {}) as { code?: string; message?: string; details?: unknown };
  const err = new ApiError(status, data.code ?? 'HTTP_ERROR', data.message ?? `请求失败（${status}）`, data.details);
  if (status === 401 && !path.startsWith('/auth/login')) {
    signOut();
    ElMessage.warning(err.message || '登录已失效，请重新登录');
    const redirect = router.currentRoute.value.fullPath;
    void router.push({ path: '/login', query: redirect && redirect !== '/login' ? { redirect } : {} });
    return err;
  }
  if (!quiet) ElMessage.error(err.message);
  return err;
}

export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Downloads a protected file (the token is a header, so a plain link would not do), showing the bytes received. */
export async function download(path: string, fileName: string): Promise<void> {
  const res = await send(path, {});
  saveBlob(await receiveWithProgress(res, fileName), fileName);
}
