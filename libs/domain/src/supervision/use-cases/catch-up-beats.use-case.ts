import { Injectable, Logger } from '@nestjs/common';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { DataSource } from 'typeorm';
import { BUSINESS_TIME_ZONE } from '@app/config';
import { BEAT_NAMES, BeatName } from '@app/queues';
import { businessDate, Clock } from '../../common/clock';
import { WorkingCalendarService } from '../../calendar/working-calendar.service';
import { CadencePolicyService } from '../cadence-policy.service';
import { planBeat } from '../beat-plan';
import { RunBeatUseCase } from './run-beat.use-case';

/** How long after a beat's time its own scheduler has to run it before the catch-up does. */
export const CATCH_UP_GRACE_MINUTES = 2;

export interface CaughtUpBeat {
  beat: BeatName;
  jurisdictionId: string;
  period: string;
  documents: number;
  notifications: number;
}

/**
 * Runs, as of now, every beat that is due for a jurisdiction and has no run recorded in `beat_run` for its period:
 * the beats a worker (or Redis, with its schedulers) missed while it was down. One query finds what is missing; each
 * missing beat then runs through RunBeatUseCase, whose advisory lock and `beat_run` check make a race with the
 * scheduler's own trigger, or with another worker's catch-up, produce nothing twice. A beat whose time came less than
 * CATCH_UP_GRACE_MINUTES ago is left to its scheduler.
 */
@Injectable()
export class CatchUpBeatsUseCase {
  private readonly logger = new Logger(CatchUpBeatsUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: WorkingCalendarService,
    private readonly policies: CadencePolicyService,
    private readonly runBeat: RunBeatUseCase,
    private readonly clock: Clock,
  ) {}

  async execute(at: Date = this.clock.now()): Promise<CaughtUpBeat[]> {
    const date = businessDate(at);
    const graced = new Date(at.getTime() - CATCH_UP_GRACE_MINUTES * 60_000);
    // before midnight + grace the beats of today are not late yet
    const time = businessDate(graced) === date ? format(new TZDate(graced.getTime(), BUSINESS_TIME_ZONE), 'HH:mm') : '00:00';
    const jurisdictions = await this.policies.jurisdictions();
    if (!jurisdictions.length) return [];
    const calendars = await this.calendars.forJurisdictions(jurisdictions.map((j) => j.id));
    const due: Array<{ beat: BeatName; jurisdictionId: string; period: string }> = [];
    for (const j of jurisdictions) {
      for (const beat of BEAT_NAMES) {
        const plan = planBeat(beat, date, time, calendars.get(j.id)!, j.policy);
        if (plan.due) due.push({ beat, jurisdictionId: j.id, period: plan.period });
      }
    }
    if (!due.length) return [];
    const done: Array<{ jurisdiction_id: string; beat: string; period: string }> = await this.dataSource.query(
      `SELECT r.jurisdiction_id, r.beat, r.period FROM beat_run r
         JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS d(jurisdiction_id, beat, period)
           ON (r.jurisdiction_id, r.beat, r.period) = (d.jurisdiction_id, d.beat, d.period)`,
      [due.map((d) => d.jurisdictionId), due.map((d) => d.beat), due.map((d) => d.period)]);
    const ran = new Set(done.map((r) => `${r.jurisdiction_id}|${r.beat}|${r.period}`));
    const missed = due.filter((d) => !ran.has(`${d.jurisdictionId}|${d.beat}|${d.period}`));
    const out: CaughtUpBeat[] = [];
    for (const m of missed) { // in BEAT_NAMES order per jurisdiction: slips before reminders, escalation last
      const summary = await this.runBeat.execute({ beat: m.beat, at, jurisdictionId: m.jurisdictionId });
      out.push({ ...m, documents: summary.documents.created, notifications: summary.notifications.created });
    }
    if (out.length) {
      this.logger.warn(`caught up ${out.length} missed beat(s): ${out.map((o) => `${o.beat} ${o.period}`).join(', ')}`);
    }
    return out;
  }
}
