import type { EntityManager } from 'typeorm';
import type { Actor } from '../organisation/actor';
import { FixedClock } from '../common/clock';
import { NOTICE_EVENTS } from '../supervision/cadence-policy';
import { NOTICE_RULES, noticeBody, TaskNotices } from './task-notices';
import type { TaskEventInput } from './task-store';

const leader = { userId: 'u1', displayName: '王副县长', unitName: '甲县人民政府' } as Actor;
const facts = { code: 'DB-2026-0012', title: '完善行政执法公示制度', deadline: '2026-06-30', lead_name: '甲县司法局',
  old_lead_name: null, co_owner_names: '甲县财政局' };
const now = new Date('2026-03-02T02:05:00Z');

describe('workflow notices', () => {
  it('has a rule for every notifying event, each with a closing line for every recipient it names', () => {
    for (const event of NOTICE_EVENTS) {
      const rule = NOTICE_RULES[event];
      expect(rule.to.length).toBeGreaterThan(0);
      for (const role of rule.to) expect(rule.ask[role]).toEqual(expect.any(String));
    }
  });

  it('a leader\'s 批示 goes to the lead unit and the office, with the instruction and what to do', () => {
    expect(NOTICE_RULES.instruct.to).toEqual(['lead', 'office']);
    const e: TaskEventInput = { taskId: 't', actor: leader, action: 'instruct', reason: '请于月底前完成公示平台建设。' };
    expect(noticeBody(e, NOTICE_RULES.instruct, 'lead', facts, now).split('\n')).toEqual([
      '任务：DB-2026-0012 完善行政执法公示制度',
      '领导批示：甲县人民政府 王副县长，2026-03-02 10:05',
      '牵头单位：甲县司法局；配合单位：甲县财政局',
      '完成时限：2026-06-30',
      '批示内容：请于月底前完成公示平台建设。',
      '请按批示要求抓好落实，并在系统中反馈进展。',
    ]);
    expect(noticeBody(e, NOTICE_RULES.instruct, 'office', facts, now).split('\n').at(-1)).toBe('请跟踪督办批示的落实。');
  });

  it('writes nothing, and asks the database nothing, for progress, a draft\'s edit or a step on a draft', async () => {
    const em = { query: () => { throw new Error('no statement expected'); } } as unknown as EntityManager;
    const sut = new TaskNotices(new FixedClock(now));
    expect(await sut.write(em, '1', { taskId: 't', actor: leader, action: 'progress', reason: '进展' })).toEqual([]);
    expect(await sut.write(em, '2', { taskId: 't', actor: leader, action: 'edit' })).toEqual([]);
    expect(await sut.write(em, '3', { taskId: 't', actor: leader, action: 'cancel', fromStatus: 'draft', toStatus: 'cancelled',
      reason: '不需要' })).toEqual([]);
    expect(await sut.write(em, '4', { taskId: 't', actor: leader, action: 'transfer', fromStatus: 'draft', toStatus: 'draft',
      reason: '换单位' })).toEqual([]);
  });
});
