import createClient from 'openapi-fetch';
import { failure, networkFailure, renewedAfter } from '../api';
import { session } from '../session';
import type { paths } from './schema';

/**
 * The typed client: paths, parameters and answers are checked by vue-tsc against the schema generated from the
 * server's DTOs. Same origin as the pages; the token is read per request (it changes at sign-in and sign-out).
 */
export const client = createClient<paths>();
client.use({
  onRequest({ request }) {
    if (session.token) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
});

type Call<T> = () => Promise<{ data?: T; error?: unknown; response: Response }>;

/**
 * A call's answer, or the ApiError api() would have thrown for it (shown unless quiet), so pages handle both clients'
 * failures alike. Given as a function, so that a call refused because the session expired is made once more after the
 * user signs in again over the page (see relogin.ts); a 401 not renewed signs out.
 */
export async function answer<T>(call: Call<T>, quiet?: boolean): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call();
  } catch {
    throw networkFailure(quiet);
  }
  if (result.response.ok) return result.data as T;
  const path = new URL(result.response.url, location.href).pathname.replace(/^\/api/, '');
  if (await renewedAfter(result.response.status, path)) return answer(call, quiet);
  throw failure(result.response.status, result.error, path, quiet);
}
