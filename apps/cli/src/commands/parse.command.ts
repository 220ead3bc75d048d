import type { Command } from 'commander';

export function registerParseCommand(program: Command): void {
  program
    .command('parse <file>')
    .description('parse a rule-of-law report (.txt, .docx, .pdf, .html) and print its structure as JSON')
    .action(async (file: string) => {
      const { readFileSync } = await import('node:fs');
      const { basename } = await import('node:path');
      const { parseReport, ReportParseError } = await import('@app/report-parser/index.js');
      try {
        const result = await parseReport({ bytes: readFileSync(file), fileName: basename(file) });
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } catch (err) {
        // main.ts prints the message on one line and exits 1
        if (err instanceof ReportParseError) throw new Error(`${basename(file)}: ${err.message} (${err.code})`, { cause: err });
        throw err;
      }
    });
}
