import { DEFAULT_OWNER_RULES, suggestDeadline, suggestOwners } from './owner-suggester';

const units = [
  { id: 'sfj', name: '青石县司法局', kind: 'department' },
  { id: 'czj', name: '青石县财政局', kind: 'department' },
  { id: 'zw', name: '青石县政务服务管理局', kind: 'department' },
  { id: 'xz', name: '青石县城关镇', kind: 'township' },
];

describe('suggestDeadline', () => {
  it.each([
    ['6月底前完成全员轮训', '2026-06-30'],
    ['十月底前建成平台', '2026-10-31'],
    ['第三季度完成清理', '2026-09-30'],
    ['上半年完成案卷评查', '2026-06-30'],
    ['年底前实现全覆盖', '2026-12-31'],
    ['长期坚持学法制度', '2026-12-31'],
    ['健全法律顾问制度', '2026-12-31'],
  ])('%s → %s', (text, deadline) => {
    expect(suggestDeadline(text, 2026).deadline).toBe(deadline);
  });
  it('marks long-running measures for quarterly checks', () => {
    expect(suggestDeadline('常态化开展法治督察', 2026).basis).toContain('按季度检查');
  });
});

describe('suggestOwners', () => {
  it('takes the unit named with 牵头 as lead and the one named with 配合 as co-owner', () => {
    const s = suggestOwners('由县司法局牵头，财政局配合，年内建成公共法律服务平台。', units, DEFAULT_OWNER_RULES, 2026);
    expect(s).toMatchObject({ leadUnitId: 'sfj', coOwnerUnitIds: ['czj'], deadline: '2026-12-31' });
  });
  it('falls back to keyword rules', () => {
    const s = suggestOwners('深化行政审批制度改革，推进政务服务一网通办。', units, DEFAULT_OWNER_RULES, 2026);
    expect(s.leadUnitId).toBe('zw');
    expect(s.basis.join()).toContain('审批');
  });
  it('prefers a jurisdiction rule naming a unit over the built-in ones', () => {
    const s = suggestOwners('加强行政执法监督', units, [{ keywords: ['执法'], unitId: 'xz', role: 'lead' }, ...DEFAULT_OWNER_RULES], 2026);
    expect(s.leadUnitId).toBe('xz');
  });
  it('suggests no lead when nothing points to one', () => {
    expect(suggestOwners('营造良好氛围', units, DEFAULT_OWNER_RULES, 2026).leadUnitId).toBeNull();
  });
});
