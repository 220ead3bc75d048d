import { StderrLogger } from '../stderr-logger';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { createDataSource, ensureDatabase, runMigrations, UnitKind, UserRole } from '@app/database';
import {
  Actor, addDaysToDate, BreakDownTaskUseCase, bufferedUpload, businessDate, CadencePolicyService, daysBetween, DraftTasksUseCase,
  FixedClock, ImportReportUseCase, OrganisationModule, ReportsModule, ReportsService, RunBeatUseCase, SpotChecksService,
  SupervisionModule, TaskLedgerWritesService, TasksModule, TaskWorkflowService, UnitsService, UsersService,
} from '@app/domain';
import { BEAT_NAMES } from '@app/queues';
import { DEMO_REPORT } from '../demo/demo-report';
import { DEMO_ACTIONS, DEMO_MONTHLY_REPORTS, DEMO_SOURCE, DEMO_TASKS, DemoAction, deadlineOf, demoPdf } from '../demo/demo-story';
import { CadenceCliModule } from './cadence.command';

export const DEMO_PASSWORD = 'duban-demo';

/** The county's units; a fifth field names a parent other than the county (a village under its township). */
const UNITS: Array<[code: string, name: string, kind: UnitKind, user: string | null, parent?: string]> = [
  ['QS-FZB', '青山县委依法治县办', 'office', 'fzb'],
  ['QS-SFJ', '青山县司法局', 'department', 'sfj'],
  ['QS-CZJ', '青山县财政局', 'department', 'czj'],
  ['QS-ZWFW', '青山县政务服务管理局', 'department', 'zwfw'],
  ['QS-GAJ', '青山县公安局', 'department', 'gaj'],
  ['QS-SCJ', '青山县市场监督管理局', 'department', 'scj'],
  ['QS-HBJ', '青山县生态环境局', 'department', 'hbj'],
  ['QS-ZRZY', '青山县自然资源局', 'department', 'zrzy'],
  ['QS-XFJ', '青山县信访局', 'department', 'xfj'],
  ['QS-CGZ', '青山县城关镇', 'township', 'cgz'],
  ['QS-QSZ', '青山县青石镇', 'township', 'qsz'],
  ['QS-BHX', '青山县白河乡', 'township', 'bhx'],
  ['QS-CGZ-DG', '青山县城关镇东关村', 'department', 'dgc', 'QS-CGZ'],
];
const LEADERS: Array<[username: string, name: string, units: string[]]> = [
  ['leader1', '王副县长', ['QS-SFJ', 'QS-GAJ', 'QS-XFJ']],
  ['leader2', '李副县长', ['QS-ZWFW', 'QS-CZJ', 'QS-SCJ']],
];

/** The domain and the cadence (the CLI's beat code path) on a clock the demo moves forward day by day. */
@Module({})
class DemoModule {
  static register(config: AppConfig, clock: FixedClock): DynamicModule {
    return {
      module: DemoModule,
      imports: [CadenceCliModule.register(config, clock), OrganisationModule, TasksModule, ReportsModule, SupervisionModule],
    };
  }
}

/** Beijing wall-clock time on a business date, as an instant. */
const beijing = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/**
 * One command for a walk-through: a county, its office, departments and townships, users per role, one imported
 * report, and about a hundred days of work played forward (sign-fors, progress, a return, close-outs, an extension
 * request, and every beat of the cadence each day), so the ledger, the dashboard, the documents, the bulletins, the
 * assessment and every inbox have something real to show.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo:seed')
    .description(`load a demo county (青山县) with users per role (password ${DEMO_PASSWORD}), a report and 100 days of work`)
    .option('--today <date>', 'play the story up to this date (YYYY-MM-DD) instead of today')
    .action(async (opts: { today?: string }) => {
      const today = opts.today ?? businessDate(new Date());
      if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`--today 应为 YYYY-MM-DD：${today}`);
      const config = AppConfig.fromEnv();
      await ensureDatabase(config.databaseUrl);
      const ds = await createDataSource(config.databaseUrl).initialize();
      await runMigrations(ds).finally(() => ds.destroy());
      // day 0 is the Monday about a hundred days back: the story crosses at least three month ends and one quarter end
      const back = addDaysToDate(today, -100);
      const start = addDaysToDate(back, -((new Date(`${back}T00:00:00Z`).getUTCDay() + 6) % 7));
      const clock = new FixedClock(beijing(start, '10:00'));
      const app = await NestFactory.createApplicationContext(DemoModule.register(config, clock), { logger: new StderrLogger() });
      try {
        if (await app.get(UnitsService).findByCode('QS')) {
          process.stdout.write('演示数据已存在（青山县），未重复导入。\n');
          return;
        }
        const summary = await seed(app, clock, start, today);
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      } finally {
        await app.close();
      }
    });
}

async function seed(app: INestApplicationContext, clock: FixedClock, start: string, today: string) {
  const units = app.get(UnitsService);
  const users = app.get(UsersService);
  // the city above the county: its office follows 青山县's tasks read-only (nested jurisdictions)
  const city = await units.create(null, { code: 'QZ', name: '青州市人民政府', kind: 'jurisdiction' });
  const cityOffice = await units.create(null, { code: 'QZ-FZB', name: '青州市委依法治市办', kind: 'office', parentId: city.id });
  await users.create(null, { username: 'szfzb', displayName: '市委依法治市办联络员', password: DEMO_PASSWORD, role: 'office',
    unitId: cityOffice.id });
  const county = await units.create(null, { code: 'QS', name: '青山县人民政府', kind: 'jurisdiction', parentId: city.id });
  const ids: Record<string, string> = {};
  const actors: Record<string, Actor> = {};
  const actorOf = async (username: string) => {
    const { userId, tokenVersion } = await users.verifyCredentials(username, DEMO_PASSWORD);
    return (await users.loadActor(userId, tokenVersion))!;
  };
  for (const [code, name, kind, username, parent] of UNITS) {
    ids[code] = (await units.create(null, { code, name, kind, parentId: parent ? ids[parent] : county.id,
      emails: [`${code.toLowerCase()}@qingshan.example.gov.cn`] })).id;
    if (username) {
      const role: UserRole = kind === 'office' ? 'office' : 'department';
      // 县司法局联络员, 县委依法治县办联络员; a township's own name (城关镇联络员)
      const short = kind === 'township' || parent ? name.replace(/^青山县/, '') : name.replace(/^青山县/, '县');
      await users.create(null, { username, displayName: `${short}联络员`, password: DEMO_PASSWORD, role,
        unitId: ids[code] });
      actors[code] = await actorOf(username);
    }
  }
  const leaderIds: Record<string, string> = {};
  for (const [username, name, inCharge] of LEADERS) {
    const leader = await users.create(null, { username, displayName: name, password: DEMO_PASSWORD, role: 'leader',
      unitId: county.id });
    leaderIds[username] = leader.id;
    await users.setLeaderUnits(null, leader.id, inCharge.map((c) => ids[c]));
  }
  const office = actors['QS-FZB'];

  // day 0: the report comes in, its measures become drafts, the office adds its own findings and publishes
  const imported = await app.get(ImportReportUseCase).execute({ actor: office, upload: {
    bytes: Buffer.from(DEMO_REPORT, 'utf8'), fileName: '青山县司法局2025年法治政府建设情况报告.txt', mimeType: 'text/plain' } });
  const report = await app.get(ReportsService).get(office, imported.id);
  const planYear = Number(start.slice(0, 4));
  const taskIds: Record<string, string> = {};
  const leadOf: Record<string, string> = {};
  const fromReport = DEMO_TASKS.filter((t) => t.measure !== undefined);
  const drafts = await app.get(DraftTasksUseCase).execute({ actor: office, reportId: imported.id, items: fromReport.map((t) => ({
    itemId: report.measures[t.measure!].id, deadline: deadlineOf(t.deadline, start, today),
    responsibleLeaderId: t.leader ? leaderIds[t.leader] : undefined })) });
  fromReport.forEach((t, i) => {
    taskIds[t.key] = drafts.created[i].id;
    leadOf[t.key] = drafts.created[i].leadUnit.id;
  });
  const ledger = app.get(TaskLedgerWritesService);
  for (const t of DEMO_TASKS.filter((x) => x.title)) {
    const task = await ledger.create(office, { title: t.title!, planYear, leadUnitId: ids[t.lead!],
      coOwnerUnitIds: (t.coOwners ?? []).map((c) => ids[c]), responsibleLeaderId: t.leader ? leaderIds[t.leader] : null,
      deadline: deadlineOf(t.deadline, start, today), source: DEMO_SOURCE });
    taskIds[t.key] = task.id;
    leadOf[t.key] = ids[t.lead!];
  }
  const workflow = app.get(TaskWorkflowService);
  const breakDown = app.get(BreakDownTaskUseCase);
  const spotChecks = app.get(SpotChecksService);
  const ds = app.get(DataSource);
  await workflow.publishMany(office, DEMO_TASKS.filter((t) => !t.draft).map((t) => taskIds[t.key]));

  const leaders: Record<string, Actor> = {};
  for (const username of Object.keys(leaderIds)) leaders[username] = await actorOf(username);
  const unitActor = (unitId: string) => Object.values(actors).find((a) => a.unitId === unitId)!;
  const percentOf: Record<string, number> = {};
  const act = async (a: DemoAction, date: string): Promise<unknown> => {
    const files = (name?: string) => (name ? [bufferedUpload(name, 'application/pdf', demoPdf(name))] : undefined);
    if (!('task' in a)) return actOnMany(a);
    const lead = unitActor(leadOf[a.task]);
    const id = taskIds[a.task];
    switch (a.do) {
      case 'acknowledge': return workflow.transition(lead, id, 'acknowledge');
      case 'progress':
        if (!a.by) percentOf[a.task] = a.percent;
        return workflow.postProgress(a.by ? actors[a.by] : lead, id, { note: a.note, percent: a.percent, files: files(a.file) });
      case 'break-down': {
        const parent = await ds.transaction((em) => breakDown.execute(a.by === 'lead' ? lead : office, id, a.items.map((i) => ({
          title: i.title, leadUnitId: ids[i.lead], deadline: deadlineOf(i.deadline, start, today) })), em));
        a.items.forEach((item) => {
          taskIds[item.key] = parent.children!.items.find((c) => c.title === item.title)!.id;
          leadOf[item.key] = ids[item.lead];
        });
        return parent;
      }
      case 'confirm': return workflow.transition(leaders[a.by], id, 'confirm');
      case 'submit': return workflow.transition(lead, id, 'submit', { note: a.note, files: files(a.file) });
      case 'return': return workflow.transition(office, id, 'return', { reason: a.reason });
      case 'approve': return workflow.transition(office, id, 'approve');
      case 'extension': return workflow.requestExtension(lead, id, { newDeadline: addDaysToDate(date, a.days), reason: a.reason });
    }
  };

  const actOnMany = async (a: Exclude<DemoAction, { task: string }>) => {
    switch (a.do) {
      case 'report-cycle': return ledger.setReportCycle(office, a.tasks.map((k) => taskIds[k]), a.cycle);
      case 'review-before-close': return app.get(CadencePolicyService).set(county.id, { reviewBeforeClose: true });
      case 'spot-check': {
        const check = await spotChecks.draw(office, { month: addDaysToDate(start, a.monthOfDay).slice(0, 7), share: 1, seed: a.seed });
        const keyOf = (taskId: string) => Object.keys(taskIds).find((k) => taskIds[k] === taskId)!;
        for (const item of check.items) {
          const finding = a.fail[keyOf(item.taskId)];
          await spotChecks.record(office, check.id, item.taskId, !finding, finding);
        }
        return check;
      }
    }
  };
  const monthlyReports = (date: string) => DEMO_MONTHLY_REPORTS.filter((r) => date.slice(8) === r.dayOfMonth).map(async (r) => {
    percentOf[r.task] = Math.min(90, (percentOf[r.task] ?? 0) + 10);
    await workflow.postProgress(unitActor(leadOf[r.task]), taskIds[r.task],
      { note: r.note(Number(date.slice(5, 7))), percent: percentOf[r.task] });
  });

  // then every day up to yesterday: the beats at 10:30, what people did in the afternoon; today's beats are the worker's
  const beats = app.get(RunBeatUseCase);
  const days = daysBetween(start, today);
  let documents = 0;
  for (let day = 0; day < days; day++) {
    const date = addDaysToDate(start, day);
    const at = beijing(date, '10:30');
    clock.set(at);
    for (const beat of BEAT_NAMES) {
      const summary = await beats.execute({ beat, at });
      documents += summary.jurisdictions.reduce((n, j) => n + j.documents.created, 0);
    }
    clock.set(beijing(date, '15:00'));
    for (const entry of DEMO_ACTIONS.filter((e) => (e.day >= 0 ? e.day : days + e.day) === day)) {
      for (const a of entry.actions) await act(a, date);
    }
    if (day > 2) await Promise.all(monthlyReports(date));
  }
  return {
    county: county.name, city: city.name, units: UNITS.length, users: [...UNITS.map((u) => u[3]), 'szfzb', ...LEADERS.map((l) => l[0])],
    password: DEMO_PASSWORD, report: imported.title, tasks: DEMO_TASKS.length,
    subtasks: DEMO_ACTIONS.flatMap((e) => e.actions).reduce((n, a) => n + (a.do === 'break-down' ? a.items.length : 0), 0), from: start, to: today, documents,
  };
}
