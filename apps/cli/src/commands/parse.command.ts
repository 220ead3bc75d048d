import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { parseReport } from '@app/report-parser';

export function registerParseCommand(program: Command): void {
  program
    .command('parse <file>')
    .description('parse a rule-of-law report and print its structure as JSON')
    .action((file: string) => {
      const result = parseReport({ bytes: readFileSync(file), fileName: basename(file) });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
}
