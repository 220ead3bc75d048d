import { groupOf, rowActions } from '../web/src/my-tasks';
import type { Task } from '../web/src/api/types';

const UNIT = 'u-justice';
const task = (patch: Partial<Task>): Task => ({
  leadUnit: { id: UNIT, name: '甲县司法局' }, status: 'acknowledged', returnCount: 0, overdue: false, light: 'green', ...patch,
} as Task);

describe('我的任务 groups and row actions', () => {
  it('puts each open task in the one group of what it needs most', () => {
    expect(groupOf(task({ status: 'assigned', overdue: true, light: 'red' }), UNIT)).toBe('ack');
    expect(groupOf(task({ returnCount: 1, overdue: true }), UNIT)).toBe('returned');
    expect(groupOf(task({ overdue: true, light: 'red' }), UNIT)).toBe('overdue');
    expect(groupOf(task({ light: 'yellow' }), UNIT)).toBe('soon');
    expect(groupOf(task({}), UNIT)).toBe('doing');
    expect(groupOf(task({ status: 'submitted', returnCount: 1 }), UNIT)).toBe('doing');
    // a co-owner does not sign for the lead unit's task
    expect(groupOf(task({ status: 'assigned', leadUnit: { id: 'u-finance', name: '甲县财政局' } }), UNIT)).toBe('doing');
  });

  it('offers the actions the workflow allows the unit', () => {
    expect(rowActions(task({ status: 'assigned' }), UNIT)).toEqual(['acknowledge', 'progress', 'extension_request']);
    expect(rowActions(task({ returnCount: 1 }), UNIT)).toEqual(['progress', 'submit', 'extension_request']);
    expect(rowActions(task({ overdue: true }), UNIT)).toEqual(['progress', 'submit']);
    expect(rowActions(task({ status: 'submitted' }), UNIT)).toEqual(['progress']);
    expect(rowActions(task({ leadUnit: { id: 'u-finance', name: '甲县财政局' } }), UNIT)).toEqual(['progress']);
  });
});
