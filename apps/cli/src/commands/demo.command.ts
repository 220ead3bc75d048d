import type { Command } from 'commander';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { createDataSource, ensureDatabase, runMigrations, UnitEntity, UnitKind, UserRole } from '@app/database';
import { ReportDraftsService, ReportImportService, ReportsService, TaskWorkflowService, UnitsService, UsersService } from '@app/domain';
import { CliModule } from '../cli.module';
import { DEMO_REPORT } from '../demo/demo-report';

export const DEMO_PASSWORD = 'duban-demo';

const UNITS: Array<[code: string, name: string, kind: UnitKind, user: string | null]> = [
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
];
const LEADERS: Array<[username: string, name: string, units: string[]]> = [
  ['leader1', '王副县长', ['QS-SFJ', 'QS-GAJ', 'QS-XFJ']],
  ['leader2', '李副县长', ['QS-ZWFW', 'QS-CZJ', 'QS-SCJ']],
];

/** One command for a walk-through: a county, its office, departments and townships, users per role, one report. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo:seed')
    .description(`load a demo county (青山县) with users per role (password ${DEMO_PASSWORD}) and one imported report`)
    .action(async () => {
      const config = AppConfig.fromEnv();
      await ensureDatabase(config.databaseUrl);
      const ds = await createDataSource(config.databaseUrl).initialize();
      await runMigrations(ds).finally(() => ds.destroy());
      const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
      try {
        const db = app.get(DataSource);
        if (await db.getRepository(UnitEntity).existsBy({ code: 'QS' })) {
          process.stdout.write('演示数据已存在（青山县），未重复导入。\n');
          return;
        }
        const units = app.get(UnitsService);
        const users = app.get(UsersService);
        const county = await units.create(null, { code: 'QS', name: '青山县人民政府', kind: 'jurisdiction' });
        const ids: Record<string, string> = {};
        for (const [code, name, kind, username] of UNITS) {
          ids[code] = (await units.create(null, { code, name, kind, parentId: county.id,
            emails: [`${code.toLowerCase()}@qingshan.example.gov.cn`] })).id;
          if (username) {
            const role: UserRole = kind === 'office' ? 'office' : 'department';
            await users.create(null, { username, displayName: `${name.replace('青山县', '')}联络员`, password: DEMO_PASSWORD, role,
              unitId: ids[code] });
          }
        }
        for (const [username, name, inCharge] of LEADERS) {
          const leader = await users.create(null, { username, displayName: name, password: DEMO_PASSWORD, role: 'leader',
            unitId: county.id });
          await db.query(`INSERT INTO leader_unit (user_id, unit_id) SELECT $1, unnest($2::uuid[])`,
            [leader.id, inCharge.map((c) => ids[c])]);
        }
        const office = (await users.loadActor((await users.verifyCredentials('fzb', DEMO_PASSWORD))))!;
        const imported = await app.get(ReportImportService).import(office, {
          bytes: Buffer.from(DEMO_REPORT, 'utf8'), fileName: '青山县司法局2025年法治政府建设情况报告.txt', mimeType: 'text/plain' });
        const report = await app.get(ReportsService).get(office, imported.id);
        const year = new Date().getFullYear();
        const drafts = await app.get(ReportDraftsService).createDrafts(office, imported.id, report.measures
          .filter((m) => m.suggestion?.leadUnitId)
          .map((m, i) => ({ itemId: m.id, deadline: `${year + (i % 2)}-12-31`, responsibleLeaderId: undefined })));
        // half of them published, so every page has something to show
        const workflow = app.get(TaskWorkflowService);
        await workflow.publishMany(office, drafts.created.slice(0, Math.ceil(drafts.created.length / 2)).map((t) => t.id));
        process.stdout.write(`${JSON.stringify({
          county: county.name, units: UNITS.length, users: [...UNITS.map((u) => u[3]), ...LEADERS.map((l) => l[0])],
          password: DEMO_PASSWORD, report: imported.title, tasks: drafts.created.length,
        })}\n`);
      } finally {
        await app.close();
      }
    });
}
