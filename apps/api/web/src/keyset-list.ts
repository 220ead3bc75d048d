import { ref, type Ref } from 'vue';
import type { Router } from 'vue-router';

/** What a list endpoint pages by (its answers, TaskPage, DocumentPage …, have this shape). */
interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/** The page a list asks its endpoint for, beside its filters: where to start, how many, and the total with the first. */
export interface PageRequest {
  after?: string;
  limit: number;
  withTotal?: boolean;
}

/**
 * A keyset-paged API list: `load(true)` starts over, `load(false)` appends the page after `nextCursor`. The caller
 * fetches a page through the typed client (answer(), so failures are shown), adding its filters to the request. With
 * `withTotal`, the first page also brings the filtered list's size (共 N 条) for lists whose API can count.
 */
export function useKeysetList<T>(fetchPage: (page: PageRequest) => Promise<KeysetPage<T>>, limit: number, opts: { withTotal?: boolean } = {}) {
  const rows = ref([]) as Ref<T[]>;
  const nextCursor = ref<string | null>(null);
  const total = ref<number | null>(null);
  const loading = ref(false);

  async function load(first: boolean): Promise<void> {
    loading.value = true;
    try {
      const page = await fetchPage({ limit, after: first ? undefined : nextCursor.value ?? undefined,
        withTotal: first && opts.withTotal ? true : undefined });
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
export function showFilters(router: Router, path: string, query: Record<string, string | number | boolean | undefined | null>): void {
  const present = Object.entries(query).filter(([, v]) => v !== undefined && v !== null);
  void router.replace({ path, query: Object.fromEntries(present.map(([k, v]) => [k, String(v)])) });
}
