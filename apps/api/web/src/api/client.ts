import createClient from 'openapi-fetch';
import { failure, networkFailure, renewedAfter } from '../api';
import { receiveWithProgress, saveBlob } from '../download';
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

/** A list parameter as the API's query DTOs read it: status=assigned,acknowledged (one comma-separated value). */
export const COMMA_LISTS = { array: { style: 'form', explode: false } } as const;

type Result<T> = { data?: T; error?: unknown; response: Response };
type Call<T> = () => Promise<Result<T>>;

/**
 * A call's answer, or an ApiError (shown unless quiet; see failure() in api.ts), so pages handle every failure alike.
 * Given as a function, so that a call refused because the session expired is made once more after the user signs in
 * again over the page (see relogin.ts); a 401 not renewed signs out.
 */
export async function answer<T>(call: Call<T>, quiet?: boolean): Promise<T> {
  return (await succeeded(call, quiet)).data as T;
}

/**
 * Downloads a protected file (the token is a header, so a plain link would not do), showing the bytes received. The
 * call asks for the body unread (parseAs: 'stream'); failures are answer()'s.
 */
export async function download(call: Call<Response['body']>, fileName: string): Promise<void> {
  const { response } = await succeeded(call);
  saveBlob(await receiveWithProgress(response, fileName), fileName);
}

async function succeeded<T>(call: Call<T>, quiet?: boolean): Promise<Result<T>> {
  let result: Result<T>;
  try {
    result = await call();
  } catch {
    throw networkFailure(quiet);
  }
  if (result.response.ok) return result;
  const path = new URL(result.response.url, location.href).pathname.replace(/^\/api/, '');
  if (await renewedAfter(result.response.status, path)) return succeeded(call, quiet);
  throw failure(result.response.status, result.error, path, quiet);
}
