import { reactive } from 'vue';
import type { Actor } from './api/types';

/**
 * A session that ends while someone is typing (the token expired, the password was changed elsewhere) is renewed over
 * the page they are on: a dialog asks for the password again and the refused request is sent once more, so nothing
 * typed into the page is lost. Only when they decline does the app sign out and go to the login page.
 */
export const relogin = reactive({ open: false, username: '', displayName: '' });

let pending: Promise<boolean> | null = null;
let settle: ((signedIn: boolean) => void) | null = null;

/** Opens the dialog (once, however many requests were refused); true when the same user has signed in again. */
export function requestRelogin(user: Pick<Actor, 'username' | 'displayName'>): Promise<boolean> {
  if (!pending) {
    relogin.username = user.username;
    relogin.displayName = user.displayName;
    relogin.open = true;
    pending = new Promise((resolve) => { settle = resolve; });
  }
  return pending;
}

export function settleRelogin(signedIn: boolean): void {
  relogin.open = false;
  const done = settle;
  pending = null;
  settle = null;
  done?.(signedIn);
}
