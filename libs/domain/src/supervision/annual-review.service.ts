import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import type { Actor } from '../organisation/actor';
import { type AccountabilityRecordView, AccountabilityService } from './accountability.service';
import { type CadencePolicy, mergePolicy } from './cadence-policy';
import { competitionRanks } from './ranking';

/** 一季度…四季度, as the table's columns and the notes name them. */
export const QUARTER_WORDS = ['一', '二', '三', '四'] as const;

export interface AnnualLine {
  /** 1–4 */
  quarter: number;
  reason: string;
  code: string | null;
  points: number;
}

export interface AnnualUnitResult {
  unitId: string;
  unitName: string;
  /** the four quarters' scores as issued; null where the unit has no assessment of that quarter */
  quarters: Array<number | null>;
  /** Σ weight × score ÷ Σ weight over the quarters the unit was assessed in, unrounded; null when that weight is 0 */
  score: number | null;
  /** competition rank over every unit of the jurisdiction with a score (并列: 1, 2, 2, 4); null without a score */
  rank: number | null;
  tied: boolean;
  /** every addition and deduction of the year, quarter by quarter */
  lines: AnnualLine[];
  /** how the score was reached when not over the four quarters (a quarter missing), in words */
  note: string | null;
  /** the year's 问责 records of the unit, withdrawn ones left out */
  accountability: AccountabilityRecordView[];
}

export interface AnnualReview {
  year: number;
  jurisdictionId: string;
  jurisdictionName: string;
  weights: number[];
  /** the quarters with at least one assessment in the jurisdiction (1–4) */
  assessedQuarters: number[];
  /** units ranked in the jurisdiction (whatever the caller sees of them) */
  of: number;
  /** the year's notes for everyone: quarters not assessed yet */
  note: string | null;
  units: AnnualUnitResult[];
}

interface AnnualRow {
  unitId: string;
  unitName: string;
  quarters: Array<{ q: number; score: number; lines: Array<{ reason: string; code: string | null; points: number }> | null }> | null;
  /** numeric as text: exact */
  score: string | null;
}

const forbidden = () => new DomainError('forbidden', 'ANNUAL_REVIEW_FORBIDDEN', '无权查看该辖区的年度考核');
const quarterList = (qs: number[]) => qs.map((q) => QUARTER_WORDS[q - 1]).join('、');

/**
 * 年度考核: per unit, the four quarters' scores from the issued assessments, the year's score weighted by the
 * jurisdiction's `annualWeights`, every line of the year and the year's 问责 records, ranked with ties sharing the rank.
 */
@Injectable()
export class AnnualReviewService {
  constructor(private readonly dataSource: DataSource, private readonly accountability: AccountabilityService) {}

  /**
   * The office sees its jurisdiction (a city office any below it, by `jurisdictionId`), the admin the one asked for,
   * a department its own row, a leader the rows of the units in charge; ranks are always over the whole jurisdiction.
   */
  async annual(actor: Actor, year: number, jurisdictionId?: string): Promise<AnnualReview> {
    const id = this.jurisdictionOf(actor, jurisdictionId);
    const [jurisdiction]: Array<{ name: string; policy: Partial<CadencePolicy> | null }> = await this.dataSource.query(
      `SELECT u.name, p.policy FROM unit u LEFT JOIN cadence_policy p ON p.jurisdiction_id = u.id
        WHERE u.id = $1 AND u.kind = 'jurisdiction'`, [id]);
    if (!jurisdiction) throw new DomainError('not_found', 'JURISDICTION_NOT_FOUND', '辖区不存在');
    const weights = mergePolicy(jurisdiction.policy).annualWeights;

    // the year's assessments, one row per unit; numeric keeps Σ w·s / Σ w exact (a repeating decimal to 10 places)
    const rows: AnnualRow[] = await this.dataSource.query(`
      SELECT d.unit_id AS "unitId", u.name AS "unitName",
             json_agg(json_build_object('q', w.q, 'score', d.content->'score', 'lines', d.content->'lines') ORDER BY w.q) AS quarters,
             round(sum(w.weight * (d.content->>'score')::numeric) / NULLIF(sum(w.weight), 0), 10)::text AS score
        FROM unnest($3::numeric[]) WITH ORDINALITY AS w(weight, q)
        JOIN supervision_document d ON d.kind = 'assessment' AND d.jurisdiction_id = $1 AND d.period = $2 || 'Q' || w.q
        JOIN unit u ON u.id = d.unit_id
       GROUP BY d.unit_id, u.name`, [id, String(year), weights.map(String)]);
    const allRecords = await this.accountability.ofYear(id, year);

    const assessed = [...new Set(rows.flatMap((r) => (r.quarters ?? []).map((q) => q.q)))].sort();
    const results: AnnualUnitResult[] = rows.map((r) => this.unitResult(r, assessed, weights));
    // a unit with a 问责 record but no assessment this year is listed too, unranked
    for (const rec of allRecords) {
      if (!results.some((u) => u.unitId === rec.unitId)) {
        results.push({ unitId: rec.unitId, unitName: rec.unitName, quarters: [null, null, null, null], score: null, rank: null,
          tied: false, lines: [], note: '本年度未参加季度考核', accountability: [] });
      }
    }
    for (const u of results) u.accountability = allRecords.filter((rec) => rec.unitId === u.unitId);

    results.sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || a.unitName.localeCompare(b.unitName, 'zh'));
    const scored = results.filter((u) => u.score !== null);
    competitionRanks(scored, (a, b) => a.score === b.score).forEach((r, i) => Object.assign(scored[i], r));

    const notYet = [1, 2, 3, 4].filter((q) => !assessed.includes(q));
    return {
      year, jurisdictionId: id, jurisdictionName: jurisdiction.name, weights, assessedQuarters: assessed, of: scored.length,
      note: !assessed.length ? null : notYet.length ? `${quarterList(notYet)}季度尚无考核结果，年度得分按已考核季度的权重折算` : null,
      units: results.filter((u) => this.sees(actor, u.unitId)),
    };
  }

  private unitResult(r: AnnualRow, assessed: number[], weights: number[]): AnnualUnitResult {
    const quarters: Array<number | null> = [null, null, null, null];
    const lines: AnnualLine[] = [];
    for (const q of r.quarters ?? []) {
      quarters[q.q - 1] = q.score;
      for (const l of q.lines ?? []) lines.push({ quarter: q.q, reason: l.reason, code: l.code, points: l.points });
    }
    const own = [1, 2, 3, 4].filter((q) => quarters[q - 1] !== null);
    const missing = assessed.filter((q) => quarters[q - 1] === null);
    const weight = own.reduce((n, q) => n + weights[q - 1], 0);
    let note: string | null = null;
    if (r.score === null) note = `已考核的${quarterList(own)}季度权重合计为0，不计年度得分`;
    else if (missing.length) {
      note = `缺${quarterList(missing)}季度考核结果，年度得分按${quarterList(own)}季度的权重（合计${Math.round(weight * 1e6) / 1e6}）折算`;
    }
    return { unitId: r.unitId, unitName: r.unitName, quarters, score: r.score === null ? null : Number(r.score), rank: null,
      tied: false, lines, note, accountability: [] };
  }

  private jurisdictionOf(actor: Actor, asked?: string): string {
    if (actor.role === 'admin') {
      if (!asked) throw new DomainError('invalid', 'JURISDICTION_REQUIRED', '请选择辖区', { field: 'jurisdictionId' });
      return asked;
    }
    const own = actor.role === 'office' ? actor.jurisdictionIds : [actor.jurisdictionId];
    if (asked && !own.includes(asked)) throw forbidden();
    return asked ?? actor.jurisdictionId;
  }

  private sees(actor: Actor, unitId: string): boolean {
    switch (actor.role) {
      case 'admin':
      case 'office':
        return true;
      case 'department':
        return unitId === actor.unitId;
      case 'leader':
        return actor.leaderUnitIds.includes(unitId);
    }
  }
}
