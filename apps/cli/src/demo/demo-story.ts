import { addDaysToDate } from '@app/domain';

/**
 * The demo's hundred days, as data: which tasks exist, and what the office and the departments did on which day.
 * Day 0 is a Monday about a hundred days before "today"; the deadlines are set against day 0 or against today so that
 * every page has something to show whatever day the demo is loaded: one task closed out after a return, one closed late,
 * one overdue and escalated up to 通报, one never signed for, one due within days with an extension asked, two drafts;
 * a task broken down two levels (bureau → townships → village, the village's part running late), two monthly reporting
 * cycles (one kept, one chased), 复核 by the leader in charge, and a 督察抽查 whose failed item reopens a township's task.
 */

export type DemoDeadline = { fromStart: number } | { fromToday: number };

export interface DemoTask {
  key: string;
  /** a measure of the demo report (its index among the measures), or a task typed in by the office */
  measure?: number;
  title?: string;
  lead?: string;
  coOwners?: string[];
  leader?: string;
  deadline: DemoDeadline;
  /** left as a draft, for the bulk 交办 of the ledger */
  draft?: boolean;
}

export const DEMO_SOURCE = '2025年度县委依法治县办法治督察反馈问题';

export const DEMO_TASKS: DemoTask[] = [
  { key: 'training', measure: 0, leader: 'leader1', deadline: { fromStart: 45 } },
  { key: 'stations', measure: 1, leader: 'leader1', deadline: { fromStart: 70 } },
  { key: 'review', measure: 2, leader: 'leader1', deadline: { fromToday: 90 } },
  { key: 'online', measure: 3, leader: 'leader2', deadline: { fromToday: 3 } },
  { key: 'recorder', title: '规范行政执法全过程记录，执法记录仪配备使用率达到100%', lead: 'QS-GAJ', leader: 'leader1',
    deadline: { fromStart: 50 } },
  { key: 'inspections', title: '开展涉企行政检查专项清理，向社会公布检查事项清单', lead: 'QS-SCJ', leader: 'leader2',
    deadline: { fromToday: 30 } },
  { key: 'discretion', title: '完成生态环境领域行政处罚裁量基准修订并公开', lead: 'QS-HBJ', deadline: { fromStart: 60 } },
  { key: 'certificates', title: '清理不动产登记领域证明事项，公布保留事项清单', lead: 'QS-ZRZY', deadline: { fromToday: 45 } },
  { key: 'petitions', title: '推进信访工作法治化，完善依法分类处理信访诉求清单', lead: 'QS-XFJ', coOwners: ['QS-SFJ'],
    leader: 'leader1', deadline: { fromToday: 60 } },
  { key: 'township-review', title: '城关镇重大行政决策事项合法性审查全覆盖', lead: 'QS-CGZ', coOwners: ['QS-SFJ'],
    deadline: { fromStart: 80 } },
  { key: 'counsel', title: '青石镇建立村（社区）法律顾问服务工作台账', lead: 'QS-QSZ', deadline: { fromToday: 100 }, draft: true },
  { key: 'model-village', title: '白河乡开展“民主法治示范村”创建，年内新增一个省级示范村', lead: 'QS-BHX',
    deadline: { fromToday: 120 }, draft: true },
];

/** A sub-task the story breaks a task down into: it becomes a task of its own (`key`) for `lead`. */
export interface DemoSubtask { key: string; title: string; lead: string; deadline: DemoDeadline }

export type DemoAction =
  | { do: 'acknowledge'; task: string }
  | { do: 'break-down'; task: string; by: 'lead' | 'office'; items: DemoSubtask[] }
  | { do: 'report-cycle'; tasks: string[]; cycle: { kind: 'monthly'; day: number } }
  | { do: 'review-before-close' }
  | { do: 'confirm'; task: string; by: string }
  | { do: 'spot-check'; monthOfDay: number; seed: string; fail: Record<string, string> }
  | { do: 'progress'; task: string; by?: string; percent: number; note: string; file?: string }
  | { do: 'submit'; task: string; note: string; file?: string }
  | { do: 'return'; task: string; reason: string }
  | { do: 'approve'; task: string }
  | { do: 'extension'; task: string; days: number; reason: string };

/** `day` counts from day 0; a negative `day` counts back from today. */
export const DEMO_ACTIONS: Array<{ day: number; actions: DemoAction[] }> = [
  { day: 1, actions: ['training', 'stations', 'review', 'online', 'recorder', 'inspections', 'discretion', 'petitions',
    'township-review'].map((task) => ({ do: 'acknowledge', task }) as DemoAction) },
  // 定期报送: two tasks report every month by the 20th; the market bureau does (on the 15th, see DEMO_MONTHLY_REPORTS),
  // the petitions bureau does not, so it is chased (催报) every month and named in the bulletins
  { day: 2, actions: [{ do: 'report-cycle', tasks: ['inspections', 'petitions'], cycle: { kind: 'monthly', day: 20 } }] },
  // 分解落实: the petitions bureau hands parts of its task to two townships; 城关镇 hands its part on to a village
  { day: 5, actions: [{ do: 'break-down', task: 'petitions', by: 'lead', items: [
    { key: 'petitions-cgz', title: '城关镇建立信访诉求分类处理工作台账', lead: 'QS-CGZ', deadline: { fromToday: 30 } },
    { key: 'petitions-qsz', title: '青石镇建立信访诉求分类处理工作台账', lead: 'QS-QSZ', deadline: { fromStart: 50 } },
  ] }] },
  { day: 6, actions: [{ do: 'acknowledge', task: 'petitions-cgz' }, { do: 'acknowledge', task: 'petitions-qsz' }] },
  { day: 9, actions: [{ do: 'break-down', task: 'petitions-cgz', by: 'lead', items: [
    { key: 'petitions-dg', title: '东关村完成村级信访矛盾纠纷排查登记', lead: 'QS-CGZ-DG', deadline: { fromStart: 60 } },
  ] }] },
  { day: 10, actions: [{ do: 'acknowledge', task: 'petitions-dg' }] },
  { day: 8, actions: [
    { do: 'progress', task: 'training', percent: 40, note: '已制定年度执法人员轮训计划，第一期培训于下周开班。' },
    { do: 'progress', task: 'recorder', percent: 30, note: '已完成执法记录仪配备情况摸底，缺口42台，正在采购。' },
    { do: 'progress', task: 'township-review', percent: 20, note: '已梳理镇级重大行政决策事项目录（初稿）。' },
  ] },
  { day: 15, actions: [
    { do: 'progress', task: 'stations', percent: 20, note: '已拟定司法所辅助人员购买服务方案，报县政府审定。' },
    { do: 'progress', task: 'stations', by: 'QS-CZJ', percent: 30, note: '购买服务经费已纳入年度预算调整方案。' },
  ] },
  { day: 28, actions: [
    { do: 'submit', task: 'training', note: '两期轮训已完成，参训执法人员236人次，人均42学时。' },
    { do: 'progress', task: 'discretion', percent: 60, note: '裁量基准修订稿已征求意见，正在合法性审查。' },
  ] },
  { day: 30, actions: [{ do: 'return', task: 'training', reason: '未附培训签到表和考试成绩汇总，请补充佐证材料后再申请办结。' }] },
  { day: 33, actions: [
    { do: 'progress', task: 'training', percent: 100, note: '已补充培训签到表和考试成绩汇总表。', file: '培训签到表.pdf' },
    { do: 'submit', task: 'training', note: '已补充佐证材料，申请办结。', file: '考试成绩汇总.pdf' },
  ] },
  { day: 35, actions: [{ do: 'approve', task: 'training' }] },
  { day: 40, actions: [
    { do: 'progress', task: 'inspections', percent: 40, note: '已清理涉企检查事项58项，拟保留31项。' },
    { do: 'progress', task: 'review', percent: 30, note: '已修订规范性文件合法性审查办法（送审稿）。' },
  ] },
  { day: 30, actions: [{ do: 'progress', task: 'petitions-dg', percent: 50, note: '已完成全村12个村民小组的矛盾纠纷排查，正在登记建档。' }] },
  { day: 45, actions: [{ do: 'submit', task: 'petitions-qsz', note: '镇信访诉求分类处理台账已建立，附台账样表。', file: '台账样表.pdf' }] },
  { day: 47, actions: [{ do: 'approve', task: 'petitions-qsz' }] },
  // from day 50 a second pair of eyes confirms every 销号 (复核): the leader in charge confirms the office's approval
  { day: 50, actions: [{ do: 'review-before-close' }] },
  { day: 52, actions: [{ do: 'submit', task: 'recorder', note: '执法记录仪已全部配发，使用率100%，附配发清单。', file: '配发清单.pdf' }] },
  { day: 54, actions: [{ do: 'approve', task: 'recorder' }] },
  { day: 55, actions: [{ do: 'confirm', task: 'recorder', by: 'leader1' }] },
  // 督察抽查 of the tasks closed in the month of day 47: the township's ledger turns out not to exist and is reopened
  { day: 62, actions: [{ do: 'spot-check', monthOfDay: 47, seed: 'qingshan-demo', fail: {
    'petitions-qsz': '实地核查未见镇信访诉求分类处理台账，仅有样表，与办结说明不符。' } }] },
  { day: 58, actions: [{ do: 'submit', task: 'discretion', note: '裁量基准已经局党组会审议通过，并在门户网站公开。' }] },
  { day: -5, actions: [{ do: 'extension', task: 'online', days: 33, reason: '高频事项全程网办需待市级政务服务平台接口改造完成。' }] },
  { day: -3, actions: [
    { do: 'progress', task: 'petitions', percent: 50, note: '信访诉求分类处理清单已印发，正在组织培训。' },
    { do: 'progress', task: 'review', percent: 50, note: '审查办法已经县政府常务会议审议通过。' },
  ] },
];

/** Tasks that report every month on this day (定期报送 by the 20th, reported on the 15th). */
export const DEMO_MONTHLY_REPORTS: Array<{ task: string; dayOfMonth: string; note: (month: number) => string }> = [
  { task: 'inspections', dayOfMonth: '15', note: (m) => `${m}月份进展：涉企行政检查事项清理按计划推进，本月新增公布检查事项清单一批。` },
];

export function deadlineOf(d: DemoDeadline, start: string, today: string): string {
  return 'fromStart' in d ? addDaysToDate(start, d.fromStart) : addDaysToDate(today, d.fromToday);
}

/** A one-page PDF, enough to stand for a scanned sign-in sheet in the evidence list. */
export function demoPdf(title: string): Buffer {
  const text = `Duban demo evidence: ${title.replace(/[^\x20-\x7e]/g, '')}`.replace(/[()\\]/g, '');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
