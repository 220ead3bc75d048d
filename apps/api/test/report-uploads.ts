import type { ApiHarness } from './harness';

/** What the report endpoints answer, as far as the import tests of each file format look at it. */
export interface UploadedItem { id: string; text: string; heading: string; span: { start: number; end: number } | null; children: UploadedItem[] }
export interface UploadedReport { text: string; sourceType: string; problems: UploadedItem[]; measures: UploadedItem[]; suggestions: UploadedItem[] }

/** POST /api/reports as the office user of the harness's organisation. */
export const uploadReport = (h: ApiHarness, name: string, content: Buffer) =>
  h.anonymous.post('/api/reports').set('authorization', `Bearer ${h.org.users.officeA.token}`).attach('file', content, name);

const everyItem = (items: UploadedItem[]): UploadedItem[] => items.flatMap((i) => [i, ...everyItem(i.children)]);

/** Every item, nested ones too, is exactly the stored text its span points at. */
export function expectSpansMatch(report: UploadedReport): void {
  const items = everyItem([...report.problems, ...report.measures, ...report.suggestions]);
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) expect(report.text.slice(item.span!.start, item.span!.end)).toBe(item.text);
}

export const reportCount = async (h: ApiHarness): Promise<number> =>
  (await h.dataSource.query('SELECT count(*)::int AS n FROM report'))[0].n as number;
