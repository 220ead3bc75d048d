import { Injectable, Logger } from '@nestjs/common';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { DataSource } from 'typeorm';
import { AppConfig, BUSINESS_TIME_ZONE } from '@app/config';
import { NotificationDispatcher, noticeCountSql } from '@app/notifications';
import type { BeatName } from '@app/queues';
import { businessDate, Clock } from '../../common/clock';
import { WorkingCalendarService } from '../../calendar/working-calendar.service';
import { CadencePolicyService, type Jurisdiction } from '../cadence-policy.service';
import { issuerOf } from '../cadence-policy';
import { BEAT_KINDS, BEAT_PRODUCERS } from '../beats';
import { planBeat } from '../beat-plan';
import { mapBounded } from '../../common/bounded';
import type { DayCalendar } from '../../calendar/day-calendar';

export interface RunBeatInput {
  beat: BeatName;
  /** the "as of" instant; the clock's now when absent */
  at?: Date;
  jurisdictionId?: string;
}

export interface JurisdictionBeatSummary {
  jurisdictionId: string;
  jurisdiction: string;
  period: string | null;
  skipped: boolean;
  /** due, but run before for this period (nothing was made again) */
  alreadyRun: boolean;
  reason: string | null;
  documents: { created: number; existing: number };
  notifications: { created: number; existing: number };
}

export interface BeatSummary {
  beat: BeatName;
  at: string;
  beijing: string;
  jurisdictions: JurisdictionBeatSummary[];
  documents: { created: number; existing: number };
  notifications: { created: number; existing: number };
}

/**
 * Runs one beat as of an instant for every jurisdiction (or one). Per jurisdiction, one transaction under an advisory
 * lock on (jurisdiction, beat): racing workers queue behind each other and the second finds the period done.
 * Documents, marks and outbox rows commit together; they are dispatched after the commit (inbox-only notices delivered
 * in bulk, the others enqueued). A crash in between leaves them pending for the dispatcher's catch-up.
 */
@Injectable()
export class RunBeatUseCase {
  private readonly logger = new Logger(RunBeatUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: WorkingCalendarService,
    private readonly policies: CadencePolicyService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async execute(input: RunBeatInput): Promise<BeatSummary> {
    const asOf = input.at ?? this.clock.now();
    const date = businessDate(asOf);
    const time = format(new TZDate(asOf.getTime(), BUSINESS_TIME_ZONE), 'HH:mm');
    const jurisdictions = await this.policies.jurisdictions(input.jurisdictionId);
    const calendars = await this.calendars.forJurisdictions(jurisdictions.map((j) => j.id));
    // BEAT_CONCURRENCY at once, each its own transaction: while PostgreSQL works on one, this process renders the
    // documents of another (a province's 111 jurisdictions one after the other left either side idle half the time)
    const out = await mapBounded(jurisdictions, this.config.worker.beatConcurrency, (j) =>
      this.runFor(j, calendars.get(j.id)!, { beat: input.beat, asOf, date, time }));
    const sum = (k: 'documents' | 'notifications', f: 'created' | 'existing') => out.reduce((n, r) => n + r[k][f], 0);
    return { beat: input.beat, at: asOf.toISOString(), beijing: `${date} ${time}`, jurisdictions: out,
      documents: { created: sum('documents', 'created'), existing: sum('documents', 'existing') },
      notifications: { created: sum('notifications', 'created'), existing: sum('notifications', 'existing') } };
  }

  /** One jurisdiction's run: its own transaction and advisory lock, its notices dispatched after its commit. */
  private async runFor(j: Jurisdiction, calendar: DayCalendar,
    run: { beat: BeatName; asOf: Date; date: string; time: string }): Promise<JurisdictionBeatSummary> {
    const { asOf, date, time } = run;
    const plan = planBeat(run.beat, date, time, calendar, j.policy);
    const row: JurisdictionBeatSummary = { jurisdictionId: j.id, jurisdiction: j.name, period: plan.due ? plan.period : null,
      skipped: !plan.due, alreadyRun: false, reason: plan.due ? null : plan.reason, documents: { created: 0, existing: 0 },
      notifications: { created: 0, existing: 0 } };
    if (!plan.due) {
      if (plan.record) {
        await this.dataSource.query(`INSERT INTO beat_run (jurisdiction_id, beat, period, outcome, reason, as_of)
          VALUES ($1, $2, $3, 'skipped', $4, $5) ON CONFLICT DO NOTHING`, [j.id, run.beat, plan.period, plan.reason, asOf]);
      }
      return row;
    }
    const ids = await this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`beat:${j.id}:${run.beat}`]);
      const [done] = await em.query(`SELECT 1 FROM beat_run WHERE jurisdiction_id = $1 AND beat = $2 AND period = $3`,
        [j.id, run.beat, plan.period]);
      const [office] = await em.query(`SELECT name FROM unit WHERE jurisdiction_id = $1 AND kind = 'office' ORDER BY code LIMIT 1`, [j.id]);
      const officeName: string = office?.name ?? `${j.name}法治办`;
      const issuer = issuerOf(j.policy, j.name, office?.name ?? null);
      let created: string[] = [];
      if (!done) {
        const results = await BEAT_PRODUCERS[run.beat](em, { jurisdictionId: j.id, date, asOf, issuer: issuer.name, issuerCode: issuer.code, officeName,
          defaultLeaderId: j.policy.defaultLeaderId ?? null,
          policy: j.policy, calendar, period: plan.period });
        created = results.flatMap((r) => r.notificationIds);
        row.documents.created = results.reduce((n, r) => n + r.created, 0);
        row.notifications.created = created.length;
      } else {
        row.alreadyRun = true;
        row.reason = `${plan.period} 已执行过`;
      }
      // what is there for this period besides what this run wrote
      const [have] = await em.query(
        `SELECT count(*)::int AS documents, coalesce(sum(${noticeCountSql('d.id')}), 0)::int AS notifications
           FROM supervision_document d
          WHERE d.jurisdiction_id = $1 AND d.kind = ANY($2) AND d.period = $3`, [j.id, BEAT_KINDS[run.beat], plan.period]);
      row.documents.existing = have.documents - row.documents.created;
      row.notifications.existing = have.notifications - row.notifications.created;
      if (!done) {
        await em.query(`INSERT INTO beat_run (jurisdiction_id, beat, period, outcome, as_of, summary)
          VALUES ($1, $2, $3, 'done', $4, $5) ON CONFLICT DO NOTHING`, [j.id, run.beat, plan.period, asOf,
          { documents: row.documents.created, notifications: row.notifications.created }]);
      }
      return created;
    });
    if (ids.length) await this.dispatcher.dispatch(ids);
    this.logger.log(`${run.beat} ${j.name} ${plan.period}: ${row.documents.created} document(s), ${ids.length} notification(s)`);
    return row;
  }
}
