import { closestNamedUnit, currentSuggestion, DEFAULT_OWNER_RULES, nameCore, suggestDeadline, suggestOwners, unitsNamed } from './owner-suggester';

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

describe('suggestOwners with a county\'s departments: the most specific name wins', () => {
  // a county's units in code order, as ownerContext lists them
  const county = [
    { id: 'zfb', name: '青石县人民政府办公室', kind: 'department' },
    { id: 'fzb', name: '青石县委全面依法治县委员会办公室', kind: 'office' },
    { id: 'sfj', name: '青石县司法局', kind: 'department' },
    { id: 'zhzf', name: '青石县综合行政执法局', kind: 'department' },
    { id: 'scj', name: '青石县市场监督管理局', kind: 'department' },
    { id: 'sthj', name: '青石县生态环境分局', kind: 'department' },
    { id: 'zrzy', name: '青石县自然资源局', kind: 'department' },
    { id: 'gaj', name: '青石县公安局', kind: 'department' },
    { id: 'czj', name: '青石县财政局', kind: 'department' },
    { id: 'zwfw', name: '青石县政务服务中心', kind: 'department' },
    { id: 'xcb', name: '青石县委宣传部', kind: 'department' },
    { id: 'cgz', name: '青石县城关镇', kind: 'township' },
  ];
  const suggest = (text: string) => suggestOwners(text, county, DEFAULT_OWNER_RULES, 2026, '2026-01-05');

  it('reads what a department\'s name says it does', () => {
    expect(county.map((u) => nameCore(u.name))).toEqual(['人民政府', '全面依法治县委员会', '司法', '综合行政执法',
      '市场监督管理', '生态环境', '自然资源', '公安', '财政', '政务服务', '宣传', '城关镇']);
    // the government's own office is never suggested for what its name says
    expect(closestNamedUnit('报请县人民政府审定', county)).toBeNull();
  });

  it('gives 综合行政执法 to the 综合行政执法局, not to the 司法局 the keyword 执法 points at, saying why', () => {
    const s = suggest('深化综合行政执法体制改革，年底前完成乡镇执法队伍整合。');
    expect(s.leadUnitId).toBe('zhzf');
    expect(s.basis[0]).toBe('措施提到“综合行政执法”，与“青石县综合行政执法局”名称最接近');
    // 执法 once more outside the name (执法队伍): the 司法局 still only co-owns
    expect(s.coOwnerUnitIds).toEqual(['sfj']);
    expect(closestNamedUnit('深化综合行政执法体制改革', county)?.unit.id).toBe('zhzf');
  });

  it('says nothing more for a keyword found only inside the name', () => {
    const s = suggest('推进综合行政执法规范化建设。');
    expect(s).toMatchObject({ leadUnitId: 'zhzf', coOwnerUnitIds: [] });
  });

  it.each([
    ['加强市场监督管理领域行政执法，规范涉企检查。', 'scj', '市场监督管理'],
    ['开展自然资源执法专项行动，严查违法占地。', 'zrzy', '自然资源'],
    ['强化生态环境执法，6月底前完成排污许可清理。', 'sthj', '生态环境'],
  ])('%s → the department named, the 司法局 co-owning for 执法', (text, unit, core) => {
    const s = suggest(text);
    expect(s.leadUnitId).toBe(unit);
    expect(s.coOwnerUnitIds).toContain('sfj');
    expect(s.basis[0]).toContain(`措施提到“${core}”`);
  });

  it('keeps the generic rule where no name is more specific than its keyword', () => {
    // 行政执法 without 综合: no department's name in the text
    expect(suggest('全面落实行政执法三项制度，年底前完成行政执法案卷评查。')).toMatchObject({ leadUnitId: 'sfj',
      basis: expect.arrayContaining(['关键词“执法” → 青石县司法局']) });
    // 财政 is no more specific than 执法: the rule decides, the 财政局 co-owns by its own rule
    const finance = suggest('开展财政执法人员专题培训。');
    expect(finance).toMatchObject({ leadUnitId: 'sfj', coOwnerUnitIds: ['czj'] });
    // 法治宣传 is more specific than the 宣传 of the 宣传部's name
    expect(suggest('深入开展法治宣传教育。')).toMatchObject({ leadUnitId: 'sfj', basis: expect.arrayContaining(['关键词“法治宣传” → 青石县司法局']) });
    // the same unit either way: 政务服务 names the 政务服务中心 and is the rule's keyword
    expect(suggest('推进政务服务一网通办。').leadUnitId).toBe('zwfw');
  });

  it('leaves a unit named with 牵头 and the jurisdiction\'s own rules first', () => {
    expect(suggest('由县司法局牵头，推进综合行政执法规范化建设。').leadUnitId).toBe('sfj');
    const own = suggestOwners('深化综合行政执法体制改革', county, [{ keywords: ['执法'], unitId: 'gaj', role: 'lead' }, ...DEFAULT_OWNER_RULES],
      2026, '2026-01-05');
    expect(own.leadUnitId).toBe('gaj');
  });

  it('names a department by its name alone when no rule points anywhere, and never a township or the office', () => {
    expect(suggest('加强自然资源领域信用体系建设。')).toMatchObject({ leadUnitId: 'zrzy',
      basis: ['措施提到“自然资源”，与“青石县自然资源局”名称最接近', '未写明时限，默认计划年度年底'] });
    expect(suggest('城关镇开展法律进乡村活动。').leadUnitId).toBeNull();
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
