import createClient from 'openapi-fetch';
import { failure, networkFailure } from '../api';
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

/**
 * A call's answer, or the ApiError api() would have thrown for it (shown unless quiet, a 401 signs out), so pages
 * handle both clients' failures alike.
 */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, quiet?: boolean): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw networkFailure(quiet);
  }
  if (result.response.ok) return result.data as T;
  throw failure(result.response.status, result.error, new URL(result.response.url, location.href).pathname.replace(/^\/api/, ''), quiet);
}
