import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type request from 'supertest';
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

const RACE_REPORT = (tag: string) => `甲县司法局2025年法治政府建设情况报告（${tag}）
二、存在的问题
一是行政执法人员培训不够系统。二是乡镇司法所人员力量薄弱。
三、2026年工作打算
（一）加强执法人员培训。由县司法局牵头，6月底前制定执法人员年度轮训计划。
（二）充实基层司法所力量。县财政局配合，年底前为乡镇司法所补充辅助人员。
`;

// a township's reports two years running, for adding, editing and deleting items
const TOWN_2024 = `甲县城关镇2024年法治政府建设情况报告
一、工作开展情况
（一）加强学习。组织集中学法四次。
二、存在的问题
一是基层执法人员业务能力不足，执法证件管理不规范。二是法治宣传形式单一。
三、2025年工作计划
（一）开展执法人员轮训。年底前完成。
`;
const TOWN_2025 = `甲县城关镇2025年法治政府建设情况报告
一、工作开展情况
（一）加强学习。组织集中学法四次。由县司法局牵头开展旁听庭审活动。
二、存在的问题
一是行政执法人员培训不够系统，部分执法人员对新修订法律法规掌握不熟练。二是乡镇司法所经费保障不足，办公条件较差。三是行政规范性文件合法性审查把关不严。
三、2026年工作计划
（一）加强执法人员培训。由县司法局牵头，6月底前制定执法人员年度轮训计划。
（二）严格合法性审查。健全行政规范性文件合法性审查机制。
`;

describe('curating report items over HTTP', () => {
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
    // (a 2024 report read in 2026: the plan year 2025's June has passed, so this year's)
    expect(merged.suggestion).toMatchObject({ leadUnitId: h.org.units.justiceA, deadline: '2026-06-30' });
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
    expect(first.suggestion).toMatchObject({ leadUnitId: h.org.units.justiceA, deadline: '2026-06-30' });
    expect(second.suggestion).toMatchObject({ coOwnerUnitIds: [h.org.units.financeA], deadline: '2026-12-31' });

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

  describe('adding, editing and deleting items', () => {
    let earlier: Report;
    let current: Report;
    const item = (r: Report, id: string) => everyItem([...r.problems, ...r.measures, ...r.suggestions]).find((i) => i.id === id)!;
    const linksOf = (r: Report, id: string) => r.links.filter((l) => l.problemItemId === id || l.measureItemId === id);
    const patch = (id: string, itemId: string, body: object, as: Parameters<ApiHarness['as']>[0] = 'officeA') =>
      h.as(as).patch(`/api/reports/${id}/items/${itemId}`, body);
    const add = (id: string, body: object) => h.as('officeA').post(`/api/reports/${id}/items`, body);

    beforeAll(async () => {
      earlier = await load((await h.as('officeA').post('/api/reports', { text: TOWN_2024 }).expect(201)).body.id);
      current = await load((await h.as('officeA').post('/api/reports', { text: TOWN_2025 }).expect(201)).body.id);
      expect(current.problems).toHaveLength(3);
      expect(current.measures).toHaveLength(2);
    });

    it('adds an item picked from the report text where its words are, and one typed by hand last; both get suggestions and links', async () => {
      // a selection with the line break after it: the span is the words
      const words = '由县司法局牵头开展旁听庭审活动。';
      const start = current.text.indexOf(words);
      const picked: Item = (await add(current.id, { kind: 'measure', text: words, span: { start, end: start + words.length + 1 } })
        .expect(201)).body;
      expect(picked).toMatchObject({ kind: 'measure', text: words, span: { start, end: start + words.length }, manual: true, ordinal: null });
      expect(picked.suggestion).toMatchObject({ leadUnitId: h.org.units.justiceA, deadline: '2026-12-31' });

      const typed: Item = (await add(current.id, { kind: 'measure', text: '配齐行政规范性文件合法性审查人员，年底前完成。' }).expect(201)).body;
      expect(typed.span).toBeNull();
      const now = await load(current.id);
      expect(now.measures.map((m) => m.id)).toEqual([picked.id, current.measures[0].id, current.measures[1].id, typed.id]);
      expect(now.text.slice(picked.span!.start, picked.span!.end)).toBe(picked.text);
      // the typed one is suggested for the problem it shares words with
      expect(linksOf(now, typed.id)).toContainEqual(expect.objectContaining({ problemItemId: current.problems[2].id, status: 'suggested' }));
      current = now;
    });

    it('refuses a span outside the report text, changing nothing', async () => {
      const unchanged = await snapshot(current.id);
      for (const span of [{ start: 5, end: 5 }, { start: 5, end: current.text.length + 1 }]) {
        const bad = (await add(current.id, { kind: 'problem', text: '越界', span }).expect(400)).body;
        expect(bad).toMatchObject({ code: 'REPORT_ITEM_SPAN', message: `原文位置不正确：起点须小于终点，且都在 0 到 ${current.text.length} 之间` });
      }
      expect((await add(current.id, { kind: 'problem', text: '越界', span: { start: -1, end: 3 } }).expect(400)).body.code)
        .toBe('VALIDATION_FAILED');
      expect((await add(current.id, { kind: 'problem', text: '越界', span: { start: 0, end: 3, extra: 1 } }).expect(400)).body.code)
        .toBe('VALIDATION_FAILED');
      expect(await snapshot(current.id)).toEqual(unchanged);
    });

    it('works out suggestions and suggested links again when a text is edited; confirmed and rejected links stay', async () => {
      const [training] = current.measures.filter((m) => m.ordinal);
      const [p1, p2, p3] = current.problems;
      expect(training.suggestion).toMatchObject({ leadUnitId: h.org.units.justiceA, deadline: '2026-06-30' });
      await h.as('officeA').put(`/api/reports/${current.id}/links`, { problemItemId: p1.id, measureItemId: training.id, status: 'rejected' })
        .expect(200);
      await h.as('officeA').put(`/api/reports/${current.id}/links`, { problemItemId: p3.id, measureItemId: training.id, status: 'confirmed' })
        .expect(200);

      const text = '保障乡镇司法所经费。由县财政局牵头，第三季度前完成乡镇司法所经费核定，改善办公条件。';
      const edited: Item = (await patch(current.id, training.id, { text: `  ${text}\n` }).expect(200)).body;
      expect(edited).toMatchObject({ text, heading: '保障乡镇司法所经费', span: training.span, ordinal: training.ordinal });
      expect(edited.suggestion).toMatchObject({ leadUnitId: h.org.units.financeA, deadline: '2026-09-30' });

      const now = await load(current.id);
      const links = linksOf(now, training.id);
      expect(links).toContainEqual(expect.objectContaining({ problemItemId: p1.id, status: 'rejected' }));
      expect(links).toContainEqual(expect.objectContaining({ problemItemId: p3.id, status: 'confirmed' }));
      // a new suggestion from the new words; none left from the old ones
      const suggested = links.filter((l) => l.status === 'suggested');
      expect(suggested.map((l) => l.problemItemId)).toEqual([p2.id]);
      expect(suggested[0].terms).toContain('经费');
      current = now;
    });

    it('finds a problem again in an earlier report once its text says so, and follows an edit of the earlier one', async () => {
      const p3 = current.problems[2];
      expect(p3.recurrence).toEqual([]);
      const again: Item = (await patch(current.id, p3.id, { text: '基层执法人员业务能力不足，执法证件管理混乱。' }).expect(200)).body;
      expect(again.recurrence.map((r) => r.itemId)).toEqual([earlier.problems[0].id]);

      await patch(earlier.id, earlier.problems[0].id, { text: '基层执法人员业务能力不足，执法证件管理不规范，培训不够。' }).expect(200);
      const now = await load(current.id);
      expect(item(now, p3.id).recurrence).toEqual([expect.objectContaining({ itemId: earlier.problems[0].id,
        text: '基层执法人员业务能力不足，执法证件管理不规范，培训不够。' })]);
      current = now;
    });

    it('changes a top-level item’s kind with its suggestions and links started afresh; not a sub-item’s alone', async () => {
      const p2 = current.problems[1];
      expect(linksOf(current, p2.id).length).toBeGreaterThan(0);
      const moved: Item = (await patch(current.id, p2.id, { kind: 'measure' }).expect(200)).body;
      expect(moved).toMatchObject({ kind: 'measure', text: p2.text, recurrence: [] });
      expect(moved.suggestion).toMatchObject({ deadline: '2026-12-31' });
      const now = await load(current.id);
      expect(now.problems.map((p) => p.id)).not.toContain(p2.id);
      expect(now.measures.map((m) => m.id)).toContain(p2.id);
      expect(linksOf(now, p2.id).every((l) => l.measureItemId === p2.id)).toBe(true);

      const child: Item = (await add(current.id, { kind: 'problem', text: '个别执法证件过期未换。', parentId: now.problems[0].id })
        .expect(201)).body;
      const refused = (await patch(current.id, child.id, { kind: 'measure' }).expect(400)).body;
      expect(refused).toMatchObject({ code: 'REPORT_ITEM_CHILD_KIND', message: '小项随所属大项归类，不能单独修改类别' });
      expect(item(await load(current.id), child.id).kind).toBe('problem');
      current = await load(current.id);
    });

    it('deletes an item with its links, and an earlier problem stops being named as one', async () => {
      const typed = current.measures[current.measures.length - 1];
      await h.as('officeA').put(`/api/reports/${current.id}/links`,
        { problemItemId: current.problems[0].id, measureItemId: typed.id, status: 'confirmed' }).expect(200);
      await h.as('officeA').delete(`/api/reports/${current.id}/items/${typed.id}`).expect(204);
      let now = await load(current.id);
      expect(now.measures.map((m) => m.id)).not.toContain(typed.id);
      expect(linksOf(now, typed.id)).toEqual([]);

      const recurring = now.problems.find((p) => p.recurrence.length)!;
      expect(recurring.recurrence.map((r) => r.itemId)).toEqual([earlier.problems[0].id]);
      await h.as('officeA').delete(`/api/reports/${earlier.id}/items/${earlier.problems[0].id}`).expect(204);
      now = await load(current.id);
      expect(item(now, recurring.id).recurrence).toEqual([]);
      await h.as('officeA').delete(`/api/reports/${current.id}/items/${typed.id}`).expect(404);
      current = now;
    });

    it('refuses to edit or delete an item a task was made from (409), and keeps items to the office of the report', async () => {
      const target = current.measures.find((m) => m.ordinal === '（二）')!;
      const drafts = await h.as('officeA').post(`/api/reports/${current.id}/drafts`, { items: [{ itemId: target.id }] }).expect(201);
      const code = drafts.body.created[0].code;
      const unchanged = await snapshot(current.id);

      const editing = (await patch(current.id, target.id, { text: '改写的举措。' }).expect(409)).body;
      expect(editing).toMatchObject({ code: 'REPORT_ITEM_HAS_TASK', details: { taskCode: code },
        message: `条目“${target.heading}”已生成任务 ${code}，不能修改` });
      const deleting = (await h.as('officeA').delete(`/api/reports/${current.id}/items/${target.id}`).expect(409)).body;
      expect(deleting.message).toBe(`条目“${target.heading}”已生成任务 ${code}，不能删除`);

      const other = current.measures[0];
      expect((await patch(current.id, other.id, { text: '越权修改。' }, 'officeB').expect(404)).body.code).toBe('REPORT_NOT_FOUND');
      expect((await patch(current.id, other.id, { text: '越权修改。' }, 'justiceA').expect(403)).body.code).toBe('REPORT_OFFICE_ONLY');
      await h.as('officeB').delete(`/api/reports/${current.id}/items/${other.id}`).expect(404);
      await h.as('justiceA').post(`/api/reports/${current.id}/items`, { kind: 'problem', text: '越权添加。' }).expect(403);
      const blank = (await patch(current.id, other.id, { text: ' \n ' }).expect(400)).body;
      expect(blank).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求参数有误：text 不能为空' });
      expect((await patch(current.id, other.id, { kind: 'task' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect(await snapshot(current.id)).toEqual(unchanged);
    });
  });

  // a draft and a change of its item at the same moment: one takes the report's lock first, the other then sees its result
  it('lets drafting race a merge, split, edit or delete of the same item: one wins, the other gets a clean 409', async () => {
    for (let round = 0; round < 3; round++) {
      const contenders: Array<[string, (r: Report) => request.Test]> = [
        ['删除', (r) => h.as('officeA').delete(`/api/reports/${r.id}/items/${r.measures[0].id}`)],
        ['合并', (r) => merge(r.id, [r.measures[0].id, r.measures[1].id])],
        ['拆分', (r) => split(r.id, r.measures[0].id, r.measures[0].text.indexOf('由'))],
        ['修改', (r) => h.as('officeA').patch(`/api/reports/${r.id}/items/${r.measures[0].id}`, { text: '加强执法人员培训，年底前完成。' })],
      ];
      for (const [action, other] of contenders) {
        const res = await h.as('officeA').post('/api/reports', { text: RACE_REPORT(`${round}${action}`) }).expect(201);
        const report = await load(res.body.id);
        const target = report.measures[0];
        const [drafting, changing] = await Promise.all([
          h.as('officeA').post(`/api/reports/${report.id}/drafts`, { items: [{ itemId: target.id, leadUnitId: h.org.units.justiceA }] }),
          other(report),
        ]);
        const tasks: Array<{ report_item_id: string; description: string }> = await h.dataSource.query(
          `SELECT report_item_id, description FROM task WHERE report_id = $1`, [report.id]);
        const items = everyItem((await load(report.id)).measures).map((i) => i.id);
        if (drafting.status === 201 && changing.status === 409) {
          // the draft was first: the item stays as the task found it
          expect(changing.body).toMatchObject({ code: 'REPORT_ITEM_HAS_TASK', details: { taskCode: drafting.body.created[0].code } });
          expect(changing.body.message).toBe(`条目“加强执法人员培训”已生成任务 ${drafting.body.created[0].code}，不能${action}`);
          expect(tasks).toEqual([expect.objectContaining({ report_item_id: target.id, description: target.text })]);
        } else if (drafting.status === 201) {
          // an edit first is no conflict: the draft is made from the edited text
          expect(action).toBe('修改');
          expect(changing.status).toBe(200);
          expect(tasks).toEqual([{ report_item_id: target.id, description: '加强执法人员培训，年底前完成。' }]);
        } else {
          // the item was merged, split or deleted first: nothing to draft from any more
          expect(drafting.status).toBe(409);
          expect(drafting.body).toMatchObject({ code: 'REPORT_ITEM_CHANGED', message: '条目刚被合并、拆分或删除，请刷新页面后重试' });
          expect(changing.status).toBeLessThan(300);
          expect(tasks).toHaveLength(0);
          expect(items).not.toContain(target.id);
        }
      }
    }
  });
});
