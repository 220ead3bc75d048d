import { drawSample } from '@app/domain';
import { startCadence } from './cadence-runner';
import { ApiHarness, startApi } from './harness';

/** 督察抽查 (docs/cadence.md): the month's draw by seed, the results, a failure reopening the task and costing the quarter. */
describe('督察抽查 over HTTP', () => {
  let h: ApiHarness;
  let cadence: Awaited<ReturnType<typeof startCadence>>;
  const done: Record<string, string[]> = { justiceA: [], financeA: [] };
  const seed = 'march-2026-public-draw';
  let check: { id: string; items: Array<{ taskId: string; leadUnit: { name: string }; checklist: string[] }> };

  beforeAll(async () => {
    h = await startApi('2026-03-20T02:00:00Z');
    cadence = await startCadence(h.db.url, 'spot');
    // six tasks completed in March: four led by the justice bureau, two by the finance bureau
    for (const [unit, n] of [['justiceA', 4], ['financeA', 2]] as const) {
      for (let i = 0; i < n; i++) {
        const res = await h.as('officeA').post('/api/tasks', {
          title: `${unit}任务${i + 1}`, description: '按期完成。', planYear: 2026, leadUnitId: h.org.units[unit],
          deadline: '2026-06-30', priority: 'normal',
        }).expect(201);
        const url = `/api/tasks/${res.body.id}`;
        await h.as('officeA').post(`${url}/publish`).expect(200);
        await h.as(unit).post(`${url}/acknowledge`).expect(200);
        await h.as(unit).upload(`${url}/submit`, { note: `完成情况${i + 1}` },
          [{ name: '佐证.pdf', content: Buffer.from('%PDF-1.4\n佐证\n%%EOF') }]).expect(200);
        await h.as('officeA').post(`${url}/approve`).expect(200);
        done[unit].push(res.body.id);
      }
    }
  });
  afterAll(async () => {
    await cadence?.close();
    await h?.close();
  });

  it('draws the month\'s share by its seed, reproducibly, once a month, by the office only', async () => {
    await h.as('justiceA').post('/api/spot-checks/draw', { month: '2026-03', share: 0.5, seed }).expect(403);
    const bad = await h.as('officeA').post('/api/spot-checks/draw', { month: '2026-3' }).expect(400);
    expect(bad.body.message).toContain('抽查月份');

    const res = await h.as('officeA').post('/api/spot-checks/draw', { month: '2026-03', share: 0.5, seed }).expect(201);
    check = res.body;
    expect(res.body).toMatchObject({ month: '2026-03', share: 0.5, seed, population: 6 });
    // anyone holding the seed and the month's completed tasks draws the same three, in the same order
    const all = [...done.justiceA, ...done.financeA];
    expect(res.body.items.map((i: { taskId: string }) => i.taskId)).toEqual(drawSample(seed, all, 0.5));
    expect(drawSample(seed, [...all].reverse(), 0.5)).toEqual(drawSample(seed, all, 0.5));
    expect(drawSample('another-seed', all, 0.5)).not.toEqual(drawSample(seed, all, 0.5));
    expect(res.body.items[0].checklist).toEqual([expect.stringMatching(/^办结说明：完成情况\d$/), '佐证材料：佐证.pdf']);

    const again = await h.as('officeA').post('/api/spot-checks/draw', { month: '2026-03' }).expect(409);
    expect(again.body.code).toBe('SPOT_CHECK_ALREADY_DRAWN');
  });

  it('shows a department only its own tasks\' results, and nothing to other jurisdictions or leaders', async () => {
    const office = await h.as('officeA').get('/api/spot-checks?month=2026-03').expect(200);
    expect(office.body.items).toHaveLength(3);
    const justiceDrawn = check.items.filter((i) => done.justiceA.includes(i.taskId)).map((i) => i.taskId);
    if (justiceDrawn.length) {
      const own = await h.as('justiceA').get('/api/spot-checks?month=2026-03').expect(200);
      expect(own.body.items.map((i: { taskId: string }) => i.taskId)).toEqual(justiceDrawn);
    }
    await h.as('officeB').get('/api/spot-checks?month=2026-03').expect(404);
    await h.as('leaderA').get('/api/spot-checks?month=2026-03').expect(404);
    await h.as('officeA').get('/api/spot-checks?month=2026-02').expect(404);
  });

  it('records 通过 and 不通过; 不通过 reopens the task with the finding and is deducted in the next quarterly review', async () => {
    const [first, second] = check.items;
    const url = (taskId: string) => `/api/spot-checks/${check.id}/items/${taskId}/result`;
    await h.as('justiceA').post(url(first.taskId), { passed: true }).expect(403);
    await h.as('officeB').post(url(first.taskId), { passed: true }).expect(404); // not its jurisdiction's draw
    const passed = await h.as('officeA').post(url(first.taskId), { passed: true }).expect(200);
    expect(passed.body.items[0]).toMatchObject({ result: 'passed', finding: null });
    await h.as('officeA').post(url(first.taskId), { passed: false, finding: '重复' }).expect(409);

    const noFinding = await h.as('officeA').post(url(second.taskId), { passed: false }).expect(400);
    expect(noFinding.body.message).toContain('发现的问题');
    const failed = await h.as('officeA').post(url(second.taskId), { passed: false, finding: '佐证材料与办结说明不符' }).expect(200);
    expect(failed.body.items[1]).toMatchObject({ result: 'failed', finding: '佐证材料与办结说明不符' });

    const task = await h.as('officeA').get(`/api/tasks/${second.taskId}`).expect(200);
    expect(task.body.status).toBe('acknowledged');
    const history = await h.as('officeA').get(`/api/tasks/${second.taskId}/history`).expect(200);
    expect(history.body.at(-1)).toMatchObject({ action: 'reopen', reason: '督察抽查未通过：佐证材料与办结说明不符' });

    await cadence.run('quarterly-review', new Date('2026-04-01T10:30:00+08:00'));
    const review = await h.as('officeA').get('/api/assessments?quarter=2026Q1').expect(200);
    const unit = review.body.items.find((i: { unitName: string }) => i.unitName === second.leadUnit.name);
    expect(unit.lines).toEqual(expect.arrayContaining([expect.objectContaining({ reason: '督察抽查未通过', points: -5 })]));
    const others = review.body.items.filter((i: { unitName: string }) => i.unitName !== second.leadUnit.name);
    for (const o of others) expect(o.lines.map((l: { reason: string }) => l.reason)).not.toContain('督察抽查未通过');
  });
});
