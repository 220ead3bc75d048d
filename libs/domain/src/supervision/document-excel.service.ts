import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { SqlParams } from '../common/sql-params';
import type { Actor } from '../organisation/actor';
import { openReportWorkbook, ReportWorkbook } from './report-workbook';
import type { BulletinSummary } from './bulletin-summary';
import { rankLabel } from './ranking';
import { type BulletinFocus, OVERDUE_DAYS, storedTitle } from './render';
import { documentScopeSql, SupervisionQueriesService } from './supervision-queries.service';
import { quarterName } from './period-names';

export interface BulletinForExport {
  id: string;
  number: string;
  title: string;
  period: string;
  issuedAt: Date;
  /** the jurisdiction's unit name (the bulletin is addressed from it) */
  unitName: string;
  content: {
    month: string;
    /** `due`… and the rates are absent from bulletins issued before the rates counted only the tasks due */
    totals: { total: number; completed: number; onTime: number; overdue: number } & Partial<DueFigures>
      & { completionRate?: number | null; onTimeRate?: number | null };
    units: Array<{ rank: number; tied?: boolean; unitName: string; total: number; completed: number; onTime: number; overdue: number;
      completionRate: number | null; onTimeRate: number | null } & Partial<DueFigures>>;
    overdue: Array<{ unitName: string; code: string; title: string; deadline: string; daysOverdue: number; named: boolean }>;
    /** the tasks the unsigned ladder named in the month; absent from bulletins issued before it */
    unsigned?: Array<{ unitName: string; code: string; title: string; slipNumber: string; slipDate: string; workingDays: number }>;
    /** 定期报送: the tasks chased (催报) in the month; absent from bulletins issued before it */
    missedReports?: Array<{ unitName: string; code: string; title: string; cycle: string; reportDay: string }>;
    /** absent from bulletins issued before it was written */
    summary?: BulletinSummary;
    /** per 工作重点: absent when the county groups no task, and from bulletins issued before */
    focus?: BulletinFocus[];
  };
  /** draft: 待签发 (the office's alone) */
  status: 'draft' | 'issued';
}

/** A bulletin's tasks due by the month's end (docs/cadence.md, 月通报): counted, completed, completed on time. */
interface DueFigures { due: number; dueCompleted: number; dueOnTime: number }

/** One unit's assessment as GET /api/assessments lists it. */
interface AssessmentItem {
  jurisdictionId: string;
  unitName: string;
  number: string;
  rank: number;
  /** the rank is shared (并列) */
  tied: boolean;
  of: number;
  base: number;
  score: number;
  lines: Array<{ reason: string; code: string | null; points: number }>;
}

export interface AssessmentsForExport {
  quarter: string;
  /** per jurisdiction, its units by rank, as GET /api/assessments gives them */
  groups: Array<{ jurisdictionName: string; items: AssessmentItem[] }>;
}

/** 甲县人民政府 → 甲县: the county as a heading names it. */
export const regionName = (name: string) => name.replace(/人民政府$/, '') || name;
const region = regionName;
const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
/** The Beijing calendar day of an instant (China keeps UTC+8 all year). */
const beijingDay = (at: Date) => {
  const d = new Date(new Date(at).getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};
const sumOf = (lines: Array<{ points: number }>, keep: (p: number) => boolean) =>
  lines.filter((l) => keep(l.points)).reduce((n, l) => n + l.points, 0);

/**
 * The bulletins and assessments as .xlsx, in the caller's scope exactly like GET /api/bulletins and /api/assessments.
 * The data is read first (so an empty period is a 404 before any byte is sent), then streamed sheet by sheet.
 */
@Injectable()
export class DocumentExcelService {
  constructor(private readonly dataSource: DataSource, private readonly queries: SupervisionQueriesService) {}

  /** The month's bulletins the caller may read (one per county), newest first; optionally only one county's. */
  async bulletins(actor: Actor, period: string, unitId?: string): Promise<BulletinForExport[]> {
    const p = new SqlParams();
    const where = [`d.kind = 'bulletin'`, `d.period = ${p.add(period)}`, documentScopeSql(actor, p)];
    if (unitId) where.push(`d.unit_id = ${p.add(unitId)}`);
    const rows: BulletinForExport[] = await this.dataSource.query(`SELECT d.id, d.number, d.title, d.period, d.issued_at AS "issuedAt",
        u.name AS "unitName", d.content, d.status
      FROM supervision_document d JOIN unit u ON u.id = d.unit_id
      WHERE ${where.join(' AND ')} ORDER BY d.issued_at DESC, d.id DESC`, p.values);
    if (!rows.length) throw new DomainError('not_found', 'BULLETIN_NOT_FOUND', `${monthLabel(period)}没有可导出的通报（尚未印发或无权查看）`);
    for (const r of rows) r.title = storedTitle(r.title, r.number);
    return rows;
  }

  /** The quarter's assessments the caller may read, grouped by county; 404 when there are none. */
  async assessments(actor: Actor, quarter: string): Promise<AssessmentsForExport> {
    const { items } = await this.queries.assessments(actor, quarter) as { items: AssessmentItem[] };
    if (!items.length) throw new DomainError('not_found', 'ASSESSMENT_NOT_FOUND', `${quarterName(quarter)}没有可导出的考核结果（尚未生成或无权查看）`);
    const ids = [...new Set(items.map((i) => i.jurisdictionId))];
    const names = new Map<string, string>((await this.dataSource.query(`SELECT id, name FROM unit WHERE id = ANY($1::uuid[])`, [ids]))
      .map((u: { id: string; name: string }) => [u.id, u.name]));
    return { quarter, groups: ids.map((id) => ({ jurisdictionName: names.get(id) ?? '', items: items.filter((i) => i.jurisdictionId === id) })) };
  }

  /** Per bulletin: the ranked units under the totals, and the overdue (named) tasks on a sheet of their own. */
  async writeBulletins(bulletins: BulletinForExport[], out: Writable): Promise<void> {
    const book = openReportWorkbook(out);
    for (const b of bulletins) {
      const c = b.content;
      const prefix = bulletins.length > 1 ? region(b.unitName) : '';
      const heading = `${region(b.unitName)}${monthLabel(c.month)}`;
      const units = book.addSheet({
        name: `${prefix}通报`,
        title: `${heading}法治建设任务督办通报`,
        subtitle: `${b.number}　${b.status === 'draft' ? '待签发（草稿）' : `${beijingDay(b.issuedAt)}印发`}`,
        figures: [
          { label: '任务总数', value: c.totals.total }, { label: '已办结', value: c.totals.completed },
          { label: '按期办结', value: c.totals.onTime }, { label: '逾期', value: c.totals.overdue },
          { label: '到期任务', value: c.totals.due ?? '—' },
          { label: '办结率', value: c.totals.completionRate !== undefined ? c.totals.completionRate
            : c.totals.total ? c.totals.completed / c.totals.total : null, format: 'percent' },
          { label: '按期率', value: c.totals.onTimeRate !== undefined ? c.totals.onTimeRate
            : c.totals.completed ? c.totals.onTime / c.totals.completed : null, format: 'percent' },
        ],
        columns: [{ header: '排名', width: 8 }, { header: '单位', width: 28 }, { header: '任务数', width: 10 },
          { header: '到期任务', width: 10 }, { header: '到期已办结', width: 11 }, { header: '其中按期', width: 10 },
          { header: '逾期', width: 10 }, { header: '办结率', width: 11, format: 'percent' }, { header: '按期率', width: 11, format: 'percent' }],
      });
      await units.addRows(c.units.map((u) => [rankLabel(u), u.unitName, u.total, u.due ?? '—', u.dueCompleted ?? '—',
        u.dueOnTime ?? '—', u.overdue, u.completionRate ?? '—', u.onTimeRate ?? '—']));
      await units.finish();

      if (c.focus?.length) {
        const focus = book.addSheet({ name: `${prefix}工作重点`, title: `${heading}各工作重点办理情况`,
          subtitle: `按工作重点顺序，未分组的任务列在最后；办结率口径同各单位（${b.number}）`,
          columns: [{ header: '工作重点', width: 36 }, { header: '任务数', width: 10 }, { header: '到期任务', width: 10 },
            { header: '到期已办结', width: 11 }, { header: '其中按期', width: 10 }, { header: '逾期', width: 10 },
            { header: '办结率', width: 11, format: 'percent' }, { header: '按期率', width: 11, format: 'percent' }] });
        await focus.addRows(c.focus.map((f) => [f.title, f.total, f.due, f.dueCompleted, f.dueOnTime, f.overdue, f.completionRate ?? '—',
          f.onTimeRate ?? '—']));
        await focus.finish();
      }

      const named = c.overdue.filter((o) => o.named).length;
      const overdue = book.addSheet({
        name: `${prefix}逾期任务`,
        title: `${heading}逾期任务清单`,
        subtitle: c.overdue.length ? `共${c.overdue.length}项，其中点名通报${named}项（${b.number}）` : `本月无逾期任务（${b.number}）`,
        columns: [{ header: '序号', width: 7 }, { header: '牵头单位', width: 22 }, { header: '任务编号', width: 14, align: 'center' },
          { header: '任务', width: 50 }, { header: '完成时限', width: 13, format: 'date' }, { header: OVERDUE_DAYS, width: 12 },
          { header: '点名通报', width: 10 }],
      });
      for (let i = 0; i < c.overdue.length; i += 1000) {
        await overdue.addRows(c.overdue.slice(i, i + 1000).map((o, j) => [i + j + 1, o.unitName, o.code, o.title, o.deadline,
          o.daysOverdue, o.named ? '是' : '']));
      }
      await overdue.finish();

      // the unsigned ladder's 点名, when the month has any
      if (c.unsigned?.length) {
        const unsigned = book.addSheet({ name: `${prefix}未签收点名`, title: `${heading}交办单超期未签收任务清单`,
          subtitle: `共${c.unsigned.length}项，均点名通报（${b.number}）`,
          columns: [{ header: '序号', width: 7 }, { header: '牵头单位', width: 22 }, { header: '任务编号', width: 14, align: 'center' },
            { header: '任务', width: 50 }, { header: '交办单文号', width: 26 }, { header: '印发日期', width: 13, format: 'date' },
            { header: '未签收（工作日）', width: 14 }] });
        await unsigned.addRows(c.unsigned.map((o, i) => [i + 1, o.unitName, o.code, o.title, o.slipNumber, o.slipDate, `超过${o.workingDays}`]));
        await unsigned.finish();
      }

      // 定期报送: the units chased in the month for a missed report, when the month has any
      if (c.missedReports?.length) {
        const units = new Set(c.missedReports.map((o) => o.unitName)).size;
        const missed = book.addSheet({ name: `${prefix}未按期报送`, title: `${heading}未按期报送进展任务清单`,
          subtitle: `共${units}个单位、${c.missedReports.length}项，均已催报（${b.number}）`,
          columns: [{ header: '序号', width: 7 }, { header: '牵头单位', width: 22 }, { header: '任务编号', width: 14, align: 'center' },
            { header: '任务', width: 50 }, { header: '报送周期', width: 16 }, { header: '未报送的报送日', width: 15, format: 'date' }] });
        await missed.addRows(c.missedReports.map((o, i) => [i + 1, o.unitName, o.code, o.title, o.cycle, o.reportDay]));
        await missed.finish();
      }

      // the same words as the document and the page
      if (c.summary) {
        const summary = book.addSheet({ name: `${prefix}总体评价`, title: `${heading}总体评价和下一步工作要求`, subtitle: b.number,
          columns: [{ header: '项目', width: 16, align: 'center' }, { header: '内容', width: 100 }] });
        await summary.addRows([['总体评价', c.summary.overall], ['下一步工作要求', c.summary.nextSteps]]);
        await summary.finish();
      }
    }
    await book.finish();
  }

  /** Per county: scores and ranks (base, deductions, additions, score), then every line behind them. */
  async writeAssessments(data: AssessmentsForExport, out: Writable): Promise<void> {
    const book: ReportWorkbook = openReportWorkbook(out);
    for (const g of data.groups) {
      const prefix = data.groups.length > 1 ? region(g.jurisdictionName) : '';
      const heading = `${region(g.jurisdictionName)}${quarterName(data.quarter)}`;
      const scores = g.items.map((i) => i.score);
      const ranks = book.addSheet({
        name: `${prefix}考核结果`,
        title: `${heading}法治建设任务督办考核结果`,
        subtitle: `基础分${g.items[0].base}分，按加减分计算得分（不低于0分），得分相同的单位并列同一名次，按单位名称排序`,
        figures: [
          { label: '参评单位', value: g.items[0].of }, { label: '本表单位', value: g.items.length },
          { label: '平均得分', value: Math.round((scores.reduce((n, s) => n + s, 0) / scores.length) * 10) / 10 },
          { label: '最高分', value: Math.max(...scores) }, { label: '最低分', value: Math.min(...scores) },
        ],
        columns: [{ header: '排名', width: 8 }, { header: '单位', width: 28 }, { header: '基础分', width: 10 },
          { header: '扣分', width: 10 }, { header: '加分', width: 10 }, { header: '得分', width: 10 },
          { header: '考核文号', width: 22, align: 'center' }],
      });
      await ranks.addRows(g.items.map((i) => [rankLabel(i), i.unitName, i.base, sumOf(i.lines, (p) => p < 0), sumOf(i.lines, (p) => p > 0),
        i.score, i.number]));
      await ranks.finish();

      const lines = book.addSheet({
        name: `${prefix}加减分明细`,
        title: `${heading}考核加减分明细`,
        subtitle: '基础分 ± 各项分值 = 得分',
        columns: [{ header: '排名', width: 8 }, { header: '单位', width: 24 }, { header: '序号', width: 7 },
          { header: '事项', width: 24 }, { header: '任务编号', width: 16, align: 'center' }, { header: '分值', width: 9 }],
      });
      await lines.addRows(g.items.flatMap((i) => (i.lines.length
        ? i.lines.map((l, n) => [rankLabel(i), i.unitName, n + 1, l.reason, l.code ?? '', l.points])
        : [[rankLabel(i), i.unitName, '', '本季度无加减分事项', '', 0]])));
      await lines.finish();
    }
    await book.finish();
  }
}
