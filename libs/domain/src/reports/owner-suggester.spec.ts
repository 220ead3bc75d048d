import { currentSuggestion, DEFAULT_OWNER_RULES, suggestDeadline, suggestOwners, unitsNamed } from './owner-suggester';

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
    expect(suggestDeadline(text, 2026, '2026-01-05').deadline).toBe(deadline);
  });
  it('never suggests a day before today: a late report gets the first year from this one in which the date has not passed', () => {
    // a 2025 report (plan year 2026) imported in December 2026
    expect(suggestDeadline('年底前实现全覆盖', 2026, '2026-12-07')).toEqual({ deadline: '2026-12-31', basis: '时间表述：年内完成' });
    expect(suggestDeadline('6月底前完成全员轮训', 2026, '2026-12-07')).toEqual({ deadline: '2027-06-30',
      basis: '时间表述“6月底前”；2026年的时限已过，顺延至2027年' });
    // a 2024 report (plan year 2025) imported in February 2026: this year's end, not 2025's
    expect(suggestDeadline('健全法律顾问制度', 2025, '2026-02-02').deadline).toBe('2026-12-31');
    expect(suggestDeadline('上半年完成案卷评查', 2025, '2026-02-02').deadline).toBe('2026-06-30');
    // the last day itself is not past
    expect(suggestDeadline('年底前实现全覆盖', 2026, '2026-12-31').deadline).toBe('2026-12-31');
    expect(suggestDeadline('年底前实现全覆盖', 2026, '2027-01-01').deadline).toBe('2027-12-31');
  });
  it('works a stored suggestion out again once its deadline has passed, keeping its owners', () => {
    const stored = suggestOwners('由县司法局牵头，6月底前完成全员轮训。', units, DEFAULT_OWNER_RULES, 2026, '2026-01-05');
    expect(stored.deadline).toBe('2026-06-30');
    expect(currentSuggestion(stored, '由县司法局牵头，6月底前完成全员轮训。', 2026, '2026-03-01')).toBe(stored);
    const later = currentSuggestion(stored, '由县司法局牵头，6月底前完成全员轮训。', 2026, '2026-07-01');
    expect(later).toEqual({ ...stored, deadline: '2027-06-30',
      basis: [...stored.basis.slice(0, -1), '时间表述“6月底前”；2026年的时限已过，顺延至2027年'] });
  });
  it('marks long-running measures for quarterly checks', () => {
    expect(suggestDeadline('常态化开展法治督察', 2026, '2026-01-05').basis).toContain('按季度检查');
  });
});

describe('suggestOwners', () => {
  it('takes the unit named with 牵头 as lead and the one named with 配合 as co-owner', () => {
    const s = suggestOwners('由县司法局牵头，财政局配合，年内建成公共法律服务平台。', units, DEFAULT_OWNER_RULES, 2026, '2026-01-05');
    expect(s).toMatchObject({ leadUnitId: 'sfj', coOwnerUnitIds: ['czj'], deadline: '2026-12-31' });
  });
  it('falls back to keyword rules', () => {
    const s = suggestOwners('深化行政审批制度改革，推进政务服务一网通办。', units, DEFAULT_OWNER_RULES, 2026, '2026-01-05');
    expect(s.leadUnitId).toBe('zw');
    expect(s.basis.join()).toContain('审批');
  });
  it('prefers a jurisdiction rule naming a unit over the built-in ones', () => {
    const s = suggestOwners('加强行政执法监督', units, [{ keywords: ['执法'], unitId: 'xz', role: 'lead' }, ...DEFAULT_OWNER_RULES], 2026, '2026-01-05');
    expect(s.leadUnitId).toBe('xz');
  });
  it('suggests no lead when nothing points to one', () => {
    expect(suggestOwners('营造良好氛围', units, DEFAULT_OWNER_RULES, 2026, '2026-01-05').leadUnitId).toBeNull();
  });
});

describe('unitsNamed', () => {
  it('finds a unit by its full name, else by the short names reports use; two units for one short name are both named', () => {
    expect(unitsNamed('青石县司法局', units).map((u) => u.id)).toEqual(['sfj']);
    expect(unitsNamed('县司法局', units).map((u) => u.id)).toEqual(['sfj']);
    expect(unitsNamed('城关镇', units).map((u) => u.id)).toEqual(['xz']);
    expect(unitsNamed('水利局', units)).toEqual([]);
    const two = [...units, { id: 'kfq', name: '经开区司法局', kind: 'department' }];
    expect(unitsNamed('司法局', two).map((u) => u.id)).toEqual(['sfj', 'kfq']);
    expect(unitsNamed('县司法局', two).map((u) => u.id)).toEqual(['sfj']);
  });
});
