import 'reflect-metadata';
import { Command } from 'commander';
import { registerParseCommand } from './commands/parse.command';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerUserCommands } from './commands/user.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerCadenceCommand } from './commands/cadence.command';

// Command modules bootstrap Nest only inside their actions, so `parse` prints its JSON without touching a database.
async function main(): Promise<void> {
  const program = new Command('duban').description('duban command line').showHelpAfterError();
  registerParseCommand(program);
  registerMigrateCommand(program);
  registerUserCommands(program);
  registerDemoCommand(program);
  registerCadenceCommand(program);
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
