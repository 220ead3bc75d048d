import { StderrLogger } from '../stderr-logger';
import type { Command } from 'commander';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@app/config';
import { ensureDatabase, USER_ROLES, UserRole } from '@app/database';
import { UnitsService, UsersService } from '@app/domain';
import { CliModule } from '../cli.module';

interface UserCreateOptions {
  username: string;
  password: string;
  name?: string;
  role: UserRole;
  unit?: string;
}

export function registerUserCommands(program: Command): void {
  program
    .command('user:create')
    .description('create a user; without --unit an admin is put in the built-in system unit')
    .requiredOption('-u, --username <username>', 'login name')
    .requiredOption('-p, --password <password>', 'initial password (at least 8 characters)')
    .option('-n, --name <displayName>', 'display name (defaults to the username)')
    .option('-r, --role <role>', `one of ${USER_ROLES.join(', ')}`, 'admin')
    .option('--unit <code>', 'code of the unit the user belongs to')
    .action(async (opts: UserCreateOptions) => {
      if (!USER_ROLES.includes(opts.role)) throw new Error(`角色必须是 ${USER_ROLES.join('、')} 之一`);
      if (opts.password.length < 8) throw new Error('密码至少 8 个字符');
      await ensureDatabase(AppConfig.fromEnv().databaseUrl);
      const app = await NestFactory.createApplicationContext(CliModule, { logger: new StderrLogger(['error']) });
      try {
        const users = app.get(UsersService);
        let unitId: string;
        if (opts.unit) {
          const unit = await app.get(UnitsService).findByCode(opts.unit);
          if (!unit) throw new Error(`找不到编码为“${opts.unit}”的单位`);
          unitId = unit.id;
        } else if (opts.role === 'admin') {
          unitId = await users.systemUnitId();
        } else {
          throw new Error('非管理员用户必须用 --unit 指定所属单位编码');
        }
        const user = await users.create(null, {
          username: opts.username, password: opts.password, displayName: opts.name ?? opts.username, role: opts.role, unitId,
        });
        process.stdout.write(`${JSON.stringify({ id: user.id, username: user.username, role: user.role, unit: user.unitName })}\n`);
      } finally {
        await app.close();
      }
    });
}
