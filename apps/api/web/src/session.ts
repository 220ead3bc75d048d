import { reactive } from 'vue';

import type { Actor } from './api/types';

export type { Actor } from './api/types';
export type Role = Actor['role'];

const TOKEN = 'duban.token';
const USER = 'duban.user';

function readUser(): Actor | null {
  try {
    return JSON.parse(sessionStorage.getItem(USER) ?? 'null') as Actor | null;
  } catch {
    return null;
  }
}

/** The signed-in user; the token lives in sessionStorage, so closing the tab signs out. */
export const session = reactive({
  token: sessionStorage.getItem(TOKEN),
  user: readUser(),
});

export function signIn(token: string, user: Actor): void {
  sessionStorage.setItem(TOKEN, token);
  sessionStorage.setItem(USER, JSON.stringify(user));
  session.token = token;
  session.user = user;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(USER);
  session.token = null;
  session.user = null;
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员', office: '法治办', department: '责任单位', leader: '分管领导',
};

export const isOffice = () => session.user?.role === 'office' || session.user?.role === 'admin';
