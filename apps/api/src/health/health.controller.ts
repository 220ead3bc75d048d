import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { calendarCoverageWarning, NationalCalendarService, WorkingCalendarService } from '@app/domain';
import { Public } from '../http/current-actor.decorator';
import { HealthResponseDto } from './health.response';
import { RedisPing } from './redis-ping';

/** Each dependency answers within this or counts as down: a load balancer must hear 503 quickly, not wait. */
export const HEALTH_CHECK_TIMEOUT_MS = 1_500;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisPing,
    private readonly national: NationalCalendarService,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: '健康检查：数据库与 Redis（各 1.5 秒内无应答即判为故障，返回 503）；法定节假日未覆盖的年份作为警告（不影响状态），各年来源与差异' })
  @ApiOkResponse({ type: HealthResponseDto }) @ApiServiceUnavailableResponse({ type: HealthResponseDto, description: '有依赖故障' })
  check(): Promise<HealthResponseDto> {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: HEALTH_CHECK_TIMEOUT_MS }),
      async () => {
        const redis = this.indicators.check('redis');
        try {
          await this.redis.ping(HEALTH_CHECK_TIMEOUT_MS);
          return redis.up();
        } catch (err) {
          return redis.down({ message: err instanceof Error ? err.message : String(err) });
        }
      },
      // a gap in the holiday data makes the cadence fall back to Mon–Fri: worth a warning, not an outage. Where each
      // year comes from (chinese-days, or a notice entered on date X by Y), and where an entered year and chinese-days
      // disagree, is detail for the operator.
      async () => {
        const coverage = await this.national.coverage(); // reloads the entered years (keeps the last on a DB error)
        const uncoveredYears = WorkingCalendarService.uncoveredYears(coverage.today);
        const warning = calendarCoverageWarning(uncoveredYears);
        const years = coverage.years.map((y) => ({
          year: y.year, source: y.source,
          ...(y.source === 'notice' ? { appliedAt: y.appliedAt, appliedBy: y.appliedByName } : {}),
          ...(y.differences.length ? { differencesFromChineseDays: y.differences.map((d) => d.date) } : {}),
        }));
        return this.indicators.check('calendar').up({ uncoveredYears, ...(warning ? { warning } : {}), years });
      },
    ]);
  }
}
