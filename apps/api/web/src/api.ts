import { ElMessage } from 'element-plus';
import type { ErrorBody } from './api/types';
import { requestRelogin } from './relogin';
import { router } from './router';
import { session, signOut } from './session';

/** The API's error shape: { statusCode, code, message (Chinese), details?, requestId }. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
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
  const data = (answer ?? {}) as Partial<ErrorBody>;
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
