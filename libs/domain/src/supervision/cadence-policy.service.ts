import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BeatName } from '@app/queues';
import { CadencePolicy, DEFAULT_POLICY, mergePolicy } from './cadence-policy';

export interface Jurisdiction {
  id: string;
  name: string;
  policy: CadencePolicy;
}

@Injectable()
export class CadencePolicyService {
  constructor(private readonly dataSource: DataSource) {}

  /** Every jurisdiction with its policy (defaults where it has none). */
  async jurisdictions(only?: string): Promise<Jurisdiction[]> {
    const rows: Array<{ id: string; name: string; policy: Partial<CadencePolicy> | null }> = await this.dataSource.query(
      `SELECT u.id, u.name, p.policy FROM unit u LEFT JOIN cadence_policy p ON p.jurisdiction_id = u.id
        WHERE u.kind = 'jurisdiction' AND ($1::uuid IS NULL OR u.id = $1) ORDER BY u.code`, [only ?? null]);
    return rows.map((r) => ({ id: r.id, name: r.name, policy: mergePolicy(r.policy) }));
  }

  async set(jurisdictionId: string, policy: Partial<CadencePolicy>): Promise<void> {
    await this.dataSource.query(`INSERT INTO cadence_policy (jurisdiction_id, policy) VALUES ($1, $2)
      ON CONFLICT (jurisdiction_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()`, [jurisdictionId, policy]);
  }

  /**
   * One cron pattern per beat covering every jurisdiction's time (minute list × hour list, a superset): the run
   * itself asks each jurisdiction's policy whether it is due, so a superset only costs a no-op run.
   */
  async patterns(): Promise<Record<BeatName, string>> {
    const all = await this.jurisdictions();
    const out = {} as Record<BeatName, string>;
    for (const beat of Object.keys(DEFAULT_POLICY.times) as BeatName[]) {
      const times = [DEFAULT_POLICY.times[beat], ...all.map((j) => j.policy.times[beat])];
      const hours = [...new Set(times.map((t) => Number(t.split(':')[0])))].sort((a, b) => a - b);
      const minutes = [...new Set(times.map((t) => Number(t.split(':')[1])))].sort((a, b) => a - b);
      out[beat] = `0 ${minutes.join(',')} ${hours.join(',')} * * *`;
    }
    return out;
  }
}
