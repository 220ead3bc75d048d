import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiHarness, startApi } from './harness';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));

interface Item { id: string; kind: string; parentId: string | null; ordinal: string | null; heading: string; text: string;
  span: { start: number; end: number } | null; children: Item[];
  suggestion: { leadUnitId: string | null; coOwnerUnitIds: string[]; deadline: string; basis: string[] } | null;
  recurrence: Array<{ itemId: string; text: string }> }
interface Link { problemItemId: string; measureItemId: string; status: string; terms: string[] }
interface Report { id: string; text: string; problems: Item[]; measures: Item[]; suggestions: Item[]; links: Link[] }

// a township report whose problems each have 一是/二是 sub-items
const WITH_CHILDREN = `乙县城关镇2025年法治政府建设情况报告
一、工作开展情况
（一）加强学习。组织集中学法四次。
二、存在的问题
（一）法治政府建设基础有待进一步提高。一是部分领导干部法治思维欠缺，依法决策意识不强。二是法治人才队伍建设存在短板，专职法制员配备不足。
（二）综合行政执法改革仍需推进。一是执法力量统筹有待加强。二是基层执法人员业务能力不足。
三、2026年工作计划
（一）深入学习贯彻习近平法治思想，年底前完成领导干部集中学法。
（二）加快推进乡镇综合行政执法队伍建设，6月底前完成执法人员轮训。
`;

describe('merging and splitting report items over HTTP', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('2026-02-02T02:00:00Z');
  });
  afterAll(() => h?.close());

  const importFixture = async (name: string) => (await h.anonymous.post('/api/reports')
    .set('authorization', `Bearer ${h.org.users.officeA.token}`).attach('file', fixture(name), name).expect(201)).body.id as string;
  const load = async (id: string): Promise<Report> => (await h.as('officeA').get(`/api/reports/${id}`).expect(200)).body;
  const everyItem = (items: Item[]): Item[] => items.flatMap((i) => [i, ...everyItem(i.children)]);
  /** parsed, merged or split, an item the office did not edit is exactly the report's characters at its span */
  const expectSpansMatch = (report: Report) => {
    const items = everyItem([...report.problems, ...report.measures, ...report.suggestions]);
    for (const item of items) expect(report.text.slice(item.span!.start, item.span!.end)).toBe(item.text);
    // and the list is in document order
    for (const list of [report.problems, report.measures]) {
      expect(list.map((i) => i.span!.start)).toEqual([...list.map((i) => i.span!.start)].sort((a, b) => a - b));
    }
  };
  const snapshot = async (reportId: string) => h.dataSource.query(
    `SELECT (SELECT json_agg(i ORDER BY i.position) FROM (SELECT id, parent_id, kind, position, heading, text, span_start, span_end,
              suggestion, recurrence FROM report_item WHERE report_id = $1) i) AS items,
            (SELECT json_agg(l ORDER BY l.problem_item_id, l.measure_item_id) FROM report_item_link l WHERE l.report_id = $1) AS links`,
    [reportId]);
  const merge = (reportId: string, itemIds: string[], as: Parameters<ApiHarness['as']>[0] = 'officeA') =>
    h.as(as).post(`/api/reports/${reportId}/items/merge`, { itemIds });
  const split = (reportId: string, itemId: string, at: number, as: Parameters<ApiHarness['as']>[0] = 'officeA') =>
    h.as(as).post(`/api/reports/${reportId}/items/${itemId}/split`, { at });

  let reportId: string;
  let laterReportId: string;

  it('merges neighbouring measures into one item that is exactly their stretch of the report, links and suggestions carried', async () => {
    reportId = await importFixture('jia-justice-2024.txt');
    const before = await load(reportId);
    const [training, staffing, review] = before.measures;
    const [trainingProblem] = before.problems;
    await h.as('officeA').put(`/api/reports/${reportId}/links`,
      { problemItemId: trainingProblem.id, measureItemId: training.id, status: 'confirmed' }).expect(200);

    // in whatever order they are sent, the text follows the report
    const res = await merge(reportId, [staffing.id, training.id]).expect(201);
    const merged: Item = res.body;
    expect(merged.span).toEqual({ start: training.span!.start, end: staffing.span!.end });
    expect(merged.text.indexOf(training.text)).toBe(0);
    expect(merged.text.endsWith(staffing.text)).toBe(true);
    expect(merged).toMatchObject({ kind: 'measure', ordinal: training.ordinal, heading: training.heading, parentId: null });
    // the suggestion is worked out again from the whole text: 县司法局牵头 from the first part, 县财政局配合 from the second
    expect(merged.suggestion).toMatchObject({ leadUnitId: h.org.units.justiceA, deadline: '2025-06-30' });
    expect(merged.suggestion!.coOwnerUnitIds).toEqual([h.org.units.financeA]);

    const after = await load(reportId);
    expectSpansMatch(after);
    expect(after.measures.map((m) => m.id)).toEqual([merged.id, review.id]);
    expect(after.text.slice(merged.span!.start, merged.span!.end)).toBe(merged.text);
    const mine = after.links.filter((l) => l.measureItemId === merged.id);
    expect(mine).toContainEqual(expect.objectContaining({ problemItemId: trainingProblem.id, status: 'confirmed' }));
    expect(new Set(mine.map((l) => l.problemItemId)).size).toBe(mine.length);
    // nothing points at the parts any more
    const ids = new Set(everyItem([...after.problems, ...after.measures]).map((i) => i.id));
    expect(after.links.every((l) => ids.has(l.problemItemId) && ids.has(l.measureItemId))).toBe(true);
    expect(ids.has(training.id) || ids.has(staffing.id)).toBe(false);
  });

  it('splits the merged measure back where the second one began: spans, ordering and the confirmed link on both halves', async () => {
    const before = await load(reportId);
    const [merged, review] = before.measures;
    const original = before.text;
    const secondStarts = merged.text.indexOf('充实基层司法所力量');
    const res = await split(reportId, merged.id, secondStarts).expect(201);
    const [first, second]: Item[] = res.body;
    expect(first.text).toBe(merged.text.slice(0, secondStarts).trim());
    expect(second.text).toBe(merged.text.slice(secondStarts));
    expect(first.span!.start).toBe(merged.span!.start);
    expect(second.span!.end).toBe(merged.span!.end);
    expect(original.slice(second.span!.start, second.span!.end)).toBe(second.text);
    expect(first).toMatchObject({ ordinal: merged.ordinal, heading: merged.heading });
    expect(second.heading).toBe('充实基层司法所力量');
    expect(first.suggestion).toMatchObject({ leadUnitId: h.org.units.justiceA, deadline: '2025-06-30' });
    expect(second.suggestion).toMatchObject({ coOwnerUnitIds: [h.org.units.financeA], deadline: '2025-12-31' });

    const after = await load(reportId);
    expectSpansMatch(after);
    expect(after.measures.map((m) => m.id)).toEqual([first.id, second.id, review.id]);
    const confirmed = after.links.filter((l) => l.status === 'confirmed');
    expect(confirmed.map((l) => l.measureItemId).sort()).toEqual([first.id, second.id].sort());
    // the training suggestion follows the half about training
    const trainingProblem = after.problems[0];
    expect(after.links.find((l) => l.problemItemId === trainingProblem.id && l.measureItemId === first.id)!.terms).toContain('培训');
  });

  it('splits a problem inside its sentence and merges it back with its neighbour: the report text is never changed', async () => {
    const before = await load(reportId);
    const [p1, p2] = before.problems;
    const at = p1.text.indexOf('部分执法人员');
    const [a, b]: Item[] = (await split(reportId, p1.id, at).expect(201)).body;
    expect([a.text, b.text]).toEqual(['行政执法人员培训不够系统，', '部分执法人员对新修订法律法规掌握不熟练。']);
    expect(a.heading).toBe(p1.heading);
    expectSpansMatch(await load(reportId));

    // b and p2 are next to each other ("二是" between them belongs to the merged stretch)
    const merged: Item = (await merge(reportId, [b.id, p2.id]).expect(201)).body;
    expect(merged.text).toBe('部分执法人员对新修订法律法规掌握不熟练。二是乡镇司法所人员力量薄弱，一人所占比偏高。');
    const after = await load(reportId);
    expectSpansMatch(after);
    expect(after.problems.map((p) => p.id)).toEqual([a.id, merged.id, before.problems[2].id]);
  });

  it('refuses mixed kinds, fewer than two items, items with another between them and split points at the edge, changing nothing', async () => {
    const report = await load(reportId);
    const [p1, p2, p3] = report.problems;
    const [m1] = report.measures;
    const unchanged = await snapshot(reportId);

    expect((await merge(reportId, [p1.id, m1.id]).expect(400)).body).toMatchObject({ code: 'REPORT_MERGE_KINDS' });
    const one = (await merge(reportId, [p1.id]).expect(400)).body;
    expect(one).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(one.message).toContain('至少 2 项');
    expect((await merge(reportId, [p1.id, p1.id]).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await merge(reportId, Array.from({ length: 21 }, () => crypto.randomUUID())).expect(400)).body.code)
      .toBe('VALIDATION_FAILED');
    expect((await merge(reportId, [p1.id, 'not-an-id']).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const gap = (await merge(reportId, [p1.id, p3.id]).expect(400)).body;
    expect(gap).toMatchObject({ code: 'REPORT_MERGE_NOT_ADJACENT' });
    expect(gap.message).toContain(p2.heading);
    // an item of another report is not found here, and the rest of the request is not half-done
    expect((await merge(reportId, [p1.id, crypto.randomUUID()]).expect(404)).body.code).toBe('REPORT_ITEM_NOT_FOUND');

    for (const at of [p1.text.length, p1.text.length + 5]) {
      const bad = (await split(reportId, p1.id, at).expect(400)).body;
      expect(bad).toMatchObject({ code: 'REPORT_SPLIT_POINT' });
      expect(bad.message).toContain('两部分都不能为空');
    }
    expect((await split(reportId, p1.id, 0).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await split(reportId, p1.id, -1).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await split(reportId, p1.id, 1.5).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await split(reportId, crypto.randomUUID(), 3).expect(404)).body.code).toBe('REPORT_ITEM_NOT_FOUND');
    await h.as('officeA').post(`/api/reports/${reportId}/items/${p1.id}/split`, { at: 3, extra: true }).expect(400);

    expect(await snapshot(reportId)).toEqual(unchanged);
  });

  it('keeps merge and split to the office of the report’s jurisdiction', async () => {
    const report = await load(reportId);
    const [p1, p2] = report.problems;
    const unchanged = await snapshot(reportId);
    expect((await merge(reportId, [p1.id, p2.id], 'officeB').expect(404)).body.code).toBe('REPORT_NOT_FOUND');
    expect((await split(reportId, p1.id, 3, 'officeB').expect(404)).body.code).toBe('REPORT_NOT_FOUND');
    for (const who of ['justiceA', 'leaderA', 'townA'] as const) {
      expect((await merge(reportId, [p1.id, p2.id], who).expect(403)).body.code).toBe('REPORT_OFFICE_ONLY');
      expect((await split(reportId, p1.id, 3, who).expect(403)).body.code).toBe('REPORT_OFFICE_ONLY');
    }
    await h.anonymous.post(`/api/reports/${reportId}/items/merge`).send({ itemIds: [p1.id, p2.id] }).expect(401);
    expect(await snapshot(reportId)).toEqual(unchanged);
  });

  it('points a later report’s recurring problem at what the earlier item became', async () => {
    laterReportId = await importFixture('jia-justice-2025.txt');
    const later = await load(laterReportId);
    const recurring = later.problems.find((p) => p.recurrence.length)!;
    const earlier = await load(reportId);
    const target = earlier.problems.find((p) => p.id === recurring.recurrence[0].itemId)!;
    const next = earlier.problems[earlier.problems.indexOf(target) + 1];
    const merged: Item = (await merge(reportId, [target.id, next.id]).expect(201)).body;
    const now = (await load(laterReportId)).problems.find((p) => p.id === recurring.id)!;
    expect(now.recurrence.map((r) => r.itemId)).toEqual([merged.id]);
    expect(now.recurrence[0].text).toBe(merged.text);
  });

  it('refuses to merge or split an item a task was made from (409), and changes nothing', async () => {
    const report = await load(reportId);
    const [m1, m2, m3] = report.measures;
    const drafts = await h.as('officeA').post(`/api/reports/${reportId}/drafts`, { items: [{ itemId: m3.id, deadline: '2026-06-30' }] }).expect(201);
    const code = drafts.body.created[0].code;
    const unchanged = await snapshot(reportId);

    const merging = (await merge(reportId, [m2.id, m3.id]).expect(409)).body;
    expect(merging).toMatchObject({ code: 'REPORT_ITEM_HAS_TASK', details: { taskCode: code } });
    expect(merging.message).toBe(`条目“${m3.heading}”已生成任务 ${code}，不能合并`);
    const splitting = (await split(reportId, m3.id, 4).expect(409)).body;
    expect(splitting.message).toContain('不能拆分');
    // cancelling the draft does not free the item: the cancelled task still points at it
    await h.as('officeA').post(`/api/tasks/${drafts.body.created[0].id}/cancel`, { reason: '条目需要重新整理' }).expect(200);
    await split(reportId, m3.id, 4).expect(409);
    expect(await snapshot(reportId)).toEqual(unchanged);
    // the others can still be merged
    await merge(reportId, [m1.id, m2.id]).expect(201);
  });

  it('moves sub-items with their parent: to the merged item, or to the half their words are in', async () => {
    const res = await h.as('officeA').post('/api/reports', { text: WITH_CHILDREN, fileName: '城关镇.txt' }).expect(201);
    const id = res.body.id;
    const before = await load(id);
    const [base, enforcement] = before.problems;
    expect(base.children).toHaveLength(2);

    // between the two sub-items: the first half keeps 一是, the second gets 二是
    const at = base.text.indexOf('二是');
    const [first, second]: Item[] = (await split(id, base.id, at).expect(201)).body;
    expect(first.children.map((c) => c.id)).toEqual([base.children[0].id]);
    expect(second.children.map((c) => c.id)).toEqual([base.children[1].id]);
    expect(second.text.startsWith('二是法治人才队伍')).toBe(true);
    let now = await load(id);
    expectSpansMatch(now);
    expect(now.problems.map((p) => p.id)).toEqual([first.id, second.id, enforcement.id]);

    // inside a sub-item there is no half for it to go to
    const child = enforcement.children[0];
    const inside = (await split(id, enforcement.id, enforcement.text.indexOf(child.text) + 3).expect(400)).body;
    expect(inside).toMatchObject({ code: 'REPORT_SPLIT_INSIDE_CHILD' });
    expect(inside.message).toContain(child.heading);
    // sub-items of different parents are not on one level with a parent
    expect((await merge(id, [second.id, child.id]).expect(400)).body.code).toBe('REPORT_MERGE_LEVELS');

    const merged: Item = (await merge(id, [second.id, enforcement.id]).expect(201)).body;
    expect(merged.children.map((c) => c.id)).toEqual([base.children[1].id, ...enforcement.children.map((c) => c.id)]);
    now = await load(id);
    expectSpansMatch(now);
    expect(now.problems.map((p) => p.id)).toEqual([first.id, merged.id]);

    // two sub-items of one parent merge under it
    const [, e1, e2] = merged.children;
    const kids: Item = (await merge(id, [e1.id, e2.id]).expect(201)).body;
    expect(kids).toMatchObject({ parentId: merged.id, text: '执法力量统筹有待加强。二是基层执法人员业务能力不足。' });
    expectSpansMatch(await load(id));
  });

  it('joins items added or edited by hand with line breaks; the span stays where the report’s parts came from', async () => {
    const report = await load(reportId);
    const last = report.problems[report.problems.length - 1];
    const added: Item = (await h.as('officeA').post(`/api/reports/${reportId}/items`,
      { kind: 'problem', text: '执法案卷评查发现的问题整改不及时。' }).expect(201)).body;
    const merged: Item = (await merge(reportId, [added.id, last.id]).expect(201)).body;
    expect(merged.text).toBe(`${last.text}\n执法案卷评查发现的问题整改不及时。`);
    expect(merged.span).toEqual(last.span);

    // split again: the half that is the report's own gets its characters back, the office's own words get no span
    const [x, y]: Item[] = (await split(reportId, merged.id, merged.text.indexOf('\n')).expect(201)).body;
    expect(x).toMatchObject({ text: last.text, span: last.span });
    expect(y).toMatchObject({ text: '执法案卷评查发现的问题整改不及时。', span: null });
    const after = await load(reportId);
    expect(after.problems.map((p) => p.id).slice(-2)).toEqual([x.id, y.id]);
  });
});
