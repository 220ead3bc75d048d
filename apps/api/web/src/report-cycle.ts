import type { ReportCycle } from './api/types';

/** 定期报送 as a form edits it: no kind = none. */
export interface CycleModel { kind: ReportCycle['kind'] | ''; day: number }

export const noCycle = (): CycleModel => ({ kind: '', day: 20 });
export const toCycleModel = (c: ReportCycle | null | undefined): CycleModel => (c ? { kind: c.kind, day: c.day } : noCycle());
/** What the API takes: the cycle, or null for none. */
export const fromCycleModel = (m: CycleModel): ReportCycle | null => (m.kind ? { kind: m.kind, day: m.day } : null);
