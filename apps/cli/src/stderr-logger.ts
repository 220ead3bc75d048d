import { ConsoleLogger, LogLevel } from '@nestjs/common';

/**
 * The CLI's Nest logger: every level to stderr, so that a command's stdout carries only what it prints on purpose
 * (JSON a script can parse). Nest's own console logger writes warnings to stdout.
 */
export class StderrLogger extends ConsoleLogger {
  constructor(levels: LogLevel[] = ['error', 'warn']) {
    super({ logLevels: levels });
  }

  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}
