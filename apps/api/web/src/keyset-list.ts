import { ref, type Ref } from 'vue';
import type { Router } from 'vue-router';
import { api } from './api';

type Query = Record<string, string | number | boolean | undefined | null>;

/**
 * A keyset-paged API list: `load(true)` starts over, `load(false)` appends the page after `nextCursor`. With
 * `withTotal`, the first page also brings the filtered list's size (共 N 条) for lists whose API can count.
 * Still on api(), not the typed client: the callers' query() is also the URL's filter form (strings, the status list
 * joined with commas), so typing it against the schema means giving each list page a separate API form of its filters.
 */
export function useKeysetList<T>(path: string, query: () => Query, limit: number, opts: { withTotal?: boolean } = {}) {
  const rows = ref([]) as Ref<T[]>;
  const nextCursor = ref<string | null>(null);
  const total = ref<number | null>(null);
  const loading = ref(false);

  async function load(first: boolean): Promise<void> {
    loading.value = true;
    try {
      const page = await api<{ items: T[]; nextCursor: string | null; total?: number }>(path, { query: {
        ...query(), limit, after: first ? undefined : nextCursor.value, withTotal: first && opts.withTotal ? true : undefined } });
      rows.value = first ? page.items : [...rows.value, ...page.items];
      nextCursor.value = page.nextCursor;
      if (first) total.value = page.total ?? null;
    } catch {
      if (first) rows.value = [];
    } finally {
      loading.value = false;
    }
  }

  return { rows, nextCursor, total, loading, load };
}

/** Filters live in the URL, so a filtered list can be linked to and the page reloads from it. */
export function showFilters(router: Router, path: string, query: Query): void {
  const present = Object.entries(query).filter(([, v]) => v !== undefined && v !== null);
  void router.replace({ path, query: Object.fromEntries(present.map(([k, v]) => [k, String(v)])) });
}
