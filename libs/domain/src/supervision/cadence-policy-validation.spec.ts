import { calendarYear } from '../calendar/calendar-year';
import type { NationalDays } from '../calendar/national-days';
import { DomainError } from '../common/domain-error';
import { DEFAULT_POLICY } from './cadence-policy';
import { validateCadencePolicy } from './cadence-policy-validation';

describe('validateCadencePolicy', () => {
  const fields = (input: unknown): string[] => {
    try {
      validateCadencePolicy(input);
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      return ((err as DomainError).details!.fields as Array<{ field: string }>).map((f) => f.field);
    }
  };

  it('accepts the defaults as a whole, so a copy of what GET shows can always be saved back', () => {
    expect(validateCadencePolicy(structuredClone(DEFAULT_POLICY))).toEqual(DEFAULT_POLICY);
    expect(fields({})).toEqual([]);
  });

  it('accepts the bounds themselves', () => {
    expect(fields({ times: { escalate: '00:00', 'daily-assign': '23:59' }, chaseAfterWorkingDays: 30, dueSoonWorkingDays: 1,
      staleDays: 90, behindRatio: 0.1, scoring: { base: 1000, overdue: 0, earlyDays: 0 },
      ladder: [{ kind: 'due_soon', offset: -30, to: [], channels: [] }, { kind: 'name', offset: 60, to: ['all'], channels: ['inbox'] }] }))
      .toEqual([]);
  });

  it('takes an issuer of Chinese names, and a default leader by id', () => {
    expect(fields({ issuerName: '青山县全面依法治县委员会办公室', issuerCode: '青法治办', defaultLeaderId: null })).toEqual([]);
    expect(fields({ issuerName: '青山县（自治县）法治办', defaultLeaderId: '5f0c8a52-7d0e-4c1b-9a8e-1b2c3d4e5f60' })).toEqual([]);
    expect(fields({ issuerName: '', issuerCode: 'QFZB', defaultLeaderId: 3 })).toEqual(['issuerName', 'issuerCode', 'defaultLeaderId']);
    expect(fields({ issuerCode: '青' })).toEqual(['issuerCode']);
    expect(fields({ issuerCode: '青法治办督办委员会办公' })).toEqual(['issuerCode']);
  });

  it('takes bulletinReview as true or false only', () => {
    expect(fields({ bulletinReview: true })).toEqual([]);
    expect(fields({ bulletinReview: false })).toEqual([]);
    expect(fields({ bulletinReview: 'true' })).toEqual(['bulletinReview']);
    expect(fields({ bulletinReview: 1 })).toEqual(['bulletinReview']);
  });

  it('takes four quarter weights summing to 1, and names 季度权重 otherwise', () => {
    expect(fields({ annualWeights: [0.1, 0.2, 0.3, 0.4] })).toEqual([]);
    expect(fields({ annualWeights: [0, 0, 0, 1] })).toEqual([]);
    expect(fields({ annualWeights: [0.5, 0.5, 0.5] })).toEqual(['annualWeights']);
    expect(fields({ annualWeights: [0.5, -0.1, 0.3, 0.3] })).toEqual(['annualWeights[1]']);
    expect(fields({ annualWeights: [0.3, 0.3, 0.3, 0.3] })).toEqual(['annualWeights']);
    expect(() => validateCadencePolicy({ annualWeights: [0.3, 0.3, 0.3, 0.3] })).toThrow('季度权重之和应为 1（现为 1.2）');
    expect(() => validateCadencePolicy({ annualWeights: '0.25' })).toThrow('季度权重应为四个数');
  });

  it('names every bad field, in the order given', () => {
    expect(fields({ times: { escalate: '9:00', 'weekly-remind': '09:60' }, behindRatio: 0, ladder: [{ kind: 'urge', offset: 3,
      to: 'unit', channels: ['fax'] }, { kind: 'supervise', offset: 2, to: [], channels: [] }], x: 1 }))
      .toEqual(['times.escalate', 'times.weekly-remind', 'behindRatio', 'ladder[0].to', 'ladder[0].channels[0]',
        'ladder[1].offset', 'x']);
    expect(fields(null)).toEqual(['policy']);
    expect(fields('{}')).toEqual(['policy']);
  });

  it('takes per workflow event a set of channels that keeps the inbox, and nothing else', () => {
    expect(fields({ notices: { submit: ['inbox'], publish: ['inbox', 'webhook'] } })).toEqual([]);
    expect(fields({ notices: { progress: ['inbox'], return: ['email'], cancel: ['inbox', 'fax'], approve: 'inbox' } }))
      .toEqual(['notices.progress', 'notices.return', 'notices.cancel[1]', 'notices.approve']);
    expect(fields({ notices: [] })).toEqual(['notices']);
  });

  it('takes the unsigned ladder as working days after the 签收催办, each step after the one before', () => {
    expect(fields({ unsignedLadder: { supervise: 4, name: 5 } })).toEqual([]);
    expect(fields({ chaseAfterWorkingDays: 8, unsignedLadder: { supervise: 9 } })).toEqual([]); // 点名 by default at 10
    expect(fields({ unsignedLadder: { name: 20 } })).toEqual([]);
    expect(fields({ unsignedLadder: { supervise: 3 } })).toEqual(['unsignedLadder.supervise']); // not after the chase (3)
    expect(fields({ chaseAfterWorkingDays: 5, unsignedLadder: { supervise: 5, name: 5 } }))
      .toEqual(['unsignedLadder.supervise', 'unsignedLadder.name']);
    expect(fields({ unsignedLadder: { supervise: 1.5, name: 61, chase: 3 } }))
      .toEqual(['unsignedLadder.chase', 'unsignedLadder.supervise', 'unsignedLadder.name']);
    expect(fields({ unsignedLadder: 6 })).toEqual(['unsignedLadder']);
    // the message names the field and says what it must be, in Chinese
    expect(() => validateCadencePolicy({ unsignedLadder: { supervise: 2 } })).toThrow('督办节奏设置有误：unsignedLadder.supervise ' +
      '应大于签收催办的工作日数 chaseAfterWorkingDays（3）：未签收的督办在签收催办之后');
  });
});

describe('calendarYear', () => {
  it('lists only the overrides of a year chinese-days does not have, without festival names', () => {
    expect(calendarYear(2031, [{ date: '2031-01-02', isWorking: false }, { date: '2030-12-31', isWorking: false }])).toEqual({
      year: 2031, covered: false, source: null, days: [{ date: '2031-01-02', isWorking: false, source: 'override', name: null, note: null }] });
  });

  it('lets an override win over the national day and keeps the festival name', () => {
    const days = calendarYear(2026, [{ date: '2026-02-28', isWorking: false, note: '不调休' }]).days;
    expect(days.find((d) => d.date === '2026-02-28')).toEqual({ date: '2026-02-28', isWorking: false, source: 'override',
      name: '春节', note: '不调休' });
    expect(days.find((d) => d.date === '2026-02-16')).toEqual({ date: '2026-02-16', isWorking: false, source: 'holiday',
      name: '春节', note: null });
  });

  it('lists an entered notice’s year from the notice, with the jurisdiction’s overrides on top', () => {
    const national: NationalDays = {
      days: new Map([['2027-02-08', { isWorking: false, note: '春节' }], ['2027-02-14', { isWorking: true, note: '春节' }],
        ['2027-02-06', { isWorking: false, note: '春节' }]]),
      years: new Map([[2027, { year: 2027, title: null, appliedAt: '2026-12-06T02:00:00.000Z', appliedByName: '管理员' }]]),
    };
    expect(calendarYear(2027, [{ date: '2027-02-14', isWorking: false, note: '本县不调休' }], national)).toEqual({
      year: 2027, covered: true, source: 'notice', days: [
        { date: '2027-02-08', isWorking: false, source: 'holiday', name: '春节', note: null },
        { date: '2027-02-14', isWorking: false, source: 'override', name: '春节', note: '本县不调休' },
      ] });
  });
});
