import { Injectable } from '@nestjs/common';
import { TZDate } from '@date-fns/tz';
import { BUSINESS_TIME_ZONE } from '@app/config';
import { BEAT_NAMES, BeatName } from '@app/queues';
import { addDaysToDate, daysBetween } from '../../common/clock';
import { CadencePolicyService } from '../cadence-policy.service';
import { RunBeatUseCase } from './run-beat.use-case';

/** The longest range one run covers (two years and a day: a year's rehearsal with room on both sides). */
export const MAX_CADENCE_RANGE_DAYS = 732;

export interface RunCadenceRangeInput {
  /** Beijing dates, YYYY-MM-DD, both included */
  from: string;
  to: string;
  beats?: readonly BeatName[];
  jurisdictionId?: string;
}

export interface CadenceRangeRun {
  date: string;
  time: string;
  beat: BeatName;
  jurisdictionId: string;
  period: string | null;
  skipped: boolean;
  alreadyRun: boolean;
  reason: string | null;
  documents: number;
  notifications: number;
}

/**
 * Every due beat of every day in a range, in the order the worker would have run them: each jurisdiction's beats at
 * its own policy times, day by day, earliest first (beats at the same time in BEAT_NAMES order). For catching up after
 * an outage by hand and for rehearsing a year; each run is RunBeatUseCase's, so a period already done is not redone.
 */
@Injectable()
export class RunCadenceRangeUseCase {
  constructor(private readonly policies: CadencePolicyService, private readonly runBeat: RunBeatUseCase) {}

  async execute(input: RunCadenceRangeInput, onRun?: (run: CadenceRangeRun) => void): Promise<CadenceRangeRun[]> {
    const days = daysBetween(input.from, input.to);
    if (days < 0) throw new RangeError(`--from ${input.from} 晚于 --to ${input.to}`);
    if (days >= MAX_CADENCE_RANGE_DAYS) throw new RangeError(`日期范围最多 ${MAX_CADENCE_RANGE_DAYS} 天`);
    const beats = input.beats ?? BEAT_NAMES;
    const jurisdictions = await this.policies.jurisdictions(input.jurisdictionId);
    const out: CadenceRangeRun[] = [];
    for (let d = 0; d <= days; d++) {
      const date = addDaysToDate(input.from, d);
      const slots = jurisdictions.flatMap((j) => beats.map((beat) => ({ beat, jurisdictionId: j.id, time: j.policy.times[beat] })))
        .sort((a, b) => a.time.localeCompare(b.time) || BEAT_NAMES.indexOf(a.beat) - BEAT_NAMES.indexOf(b.beat));
      for (const slot of slots) {
        const [h, m] = slot.time.split(':').map(Number);
        const [y, mo, day] = date.split('-').map(Number);
        const at = new Date(new TZDate(y, mo - 1, day, h, m, 0, BUSINESS_TIME_ZONE).getTime());
        const summary = await this.runBeat.execute({ beat: slot.beat, at, jurisdictionId: slot.jurisdictionId });
        const [row] = summary.jurisdictions;
        const run: CadenceRangeRun = { date, time: slot.time, beat: slot.beat, jurisdictionId: slot.jurisdictionId,
          period: row?.period ?? null, skipped: row?.skipped ?? true, alreadyRun: row?.alreadyRun ?? false, reason: row?.reason ?? null,
          documents: summary.documents.created, notifications: summary.notifications.created };
        out.push(run);
        onRun?.(run);
      }
    }
    return out;
  }
}
