import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ParsedReport, ParsePool, ReportInput } from '@app/report-parser';

/**
 * Reports are decoded and parsed in worker threads (two, eight more waiting), 20 s and 512 MB each at most: a hostile
 * or huge upload no longer blocks the event loop that answers everyone else (issue 11).
 */
@Injectable()
export class ReportParserService implements OnModuleDestroy {
  private readonly pool = new ParsePool();

  parse(input: ReportInput): Promise<ParsedReport> {
    return this.pool.parse(input);
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}
