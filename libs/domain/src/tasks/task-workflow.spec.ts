import { daysBetween } from '../common/clock';
import { allowedActions, deadlineState, TASK_TRANSITIONS } from './task-workflow';

describe('the task state machine', () => {
  it('lets only the office publish, approve, return, cancel, reopen and transfer', () => {
    const officeOnly = Object.entries(TASK_TRANSITIONS).filter(([, r]) => r.by === 'office').map(([a]) => a).sort();
    // confirm (复核通过) is the office's too; the leader in charge may also give it (TaskWorkflowService)
    expect(officeOnly).toEqual(['approve', 'cancel', 'confirm', 'publish', 'reopen', 'return', 'transfer']);
    expect(TASK_TRANSITIONS.acknowledge.by).toBe('lead');
    expect(TASK_TRANSITIONS.submit.by).toBe('lead');
  });

  it('requires a reason to return, cancel, reopen and transfer', () => {
    const withReason = Object.entries(TASK_TRANSITIONS).filter(([, r]) => r.reasonRequired).map(([a]) => a).sort();
    expect(withReason).toEqual(['cancel', 'reopen', 'return', 'transfer']);
  });

  it('reopens a closed-out task into work, and a cancelled one to where it was published from', () => {
    const reopen = TASK_TRANSITIONS.reopen.to;
    expect(reopen({ status: 'completed', assignedAt: new Date() })).toBe('acknowledged');
    expect(reopen({ status: 'cancelled', assignedAt: new Date() })).toBe('assigned');
    expect(reopen({ status: 'cancelled', assignedAt: null })).toBe('draft');
  });

  it('offers 复核通过 on a task awaiting review to anyone but its first approver, and no second 审核通过', () => {
    const waiting = { hasPendingExtension: false, deadlinePassed: false, status: 'submitted' as const, awaitingReview: true };
    expect(allowedActions('office', { ...waiting, firstApprovedByViewer: true }).sort()).toEqual(['cancel', 'edit', 'return']);
    expect(allowedActions('office', { ...waiting, firstApprovedByViewer: false }).sort()).toEqual(['cancel', 'confirm', 'edit', 'return']);
    expect(allowedActions('leader', { ...waiting, leaderInCharge: true }).sort()).toEqual(['confirm', 'instruct']);
    expect(allowedActions('leader', { ...waiting, leaderInCharge: false })).toEqual([]);
    expect(allowedActions('lead', waiting)).toEqual(['progress']);
  });

  it('offers each party only its own next steps', () => {
    const base = { hasPendingExtension: false, deadlinePassed: false };
    expect(allowedActions('lead', { ...base, status: 'assigned' }).sort()).toEqual(['acknowledge', 'extension_request', 'progress']);
    expect(allowedActions('co_owner', { ...base, status: 'acknowledged' })).toEqual(['progress']);
    expect(allowedActions('leader', { ...base, status: 'acknowledged' })).toEqual([]);
    expect(allowedActions('office', { ...base, status: 'submitted' }).sort()).toEqual(['approve', 'cancel', 'edit', 'return']);
    expect(allowedActions('office', { ...base, status: 'acknowledged', hasPendingExtension: true }))
      .toContain('extension_decide');
    expect(allowedActions('lead', { ...base, status: 'acknowledged', deadlinePassed: true })).not.toContain('extension_request');
    expect(allowedActions(null, { ...base, status: 'assigned' })).toEqual([]);
  });
});

describe('deadline state', () => {
  const at = (status: any, currentDeadline: string, today: string) => deadlineState({ status, currentDeadline }, today, 7, daysBetween);

  it('is red with the days overdue once the deadline has passed', () => {
    expect(at('acknowledged', '2026-03-01', '2026-03-04')).toEqual({ overdue: true, daysOverdue: 3, light: 'red' });
  });
  it('is yellow up to and including the due-soon window, green beyond it', () => {
    expect(at('assigned', '2026-03-04', '2026-03-04').light).toBe('yellow');
    expect(at('assigned', '2026-03-11', '2026-03-04').light).toBe('yellow');
    expect(at('assigned', '2026-03-12', '2026-03-04').light).toBe('green');
  });
  it('gives drafts and closed tasks no light and never calls them overdue', () => {
    for (const status of ['draft', 'completed', 'cancelled']) {
      expect(at(status, '2020-01-01', '2026-03-04')).toEqual({ overdue: false, daysOverdue: 0, light: null });
    }
    expect(at('submitted', '2026-03-01', '2026-03-04').overdue).toBe(true);
  });
});
