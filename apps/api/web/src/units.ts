import { ref } from 'vue';
import { answer, client } from './api/client';
import type { Unit, User } from './api/types';

const units = ref<Unit[]>([]);
let loading: Promise<void> | null = null;

/** Units of the caller's jurisdiction, read once per page load. */
export function useUnits() {
  loading ??= answer(() => client.GET('/api/units'), true).then((list) => { units.value = list; }).catch(() => { loading = null; });
  return { units, ready: loading, assignable: () => units.value.filter((u) => u.kind !== 'jurisdiction') };
}

export async function loadLeaders(): Promise<User[]> {
  const users = await answer(() => client.GET('/api/users'), true).catch(() => [] as User[]);
  return users.filter((u) => u.role === 'leader');
}
