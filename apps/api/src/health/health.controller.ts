import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { calendarCoverageWarning, Clock, WorkingCalendar } from '@app/domain';
import { Public } from '../http/current-actor.decorator';
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
    private readonly clock: Clock,
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: '存活检查：进程在运行（不检查依赖）' })
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: '健康检查：数据库与 Redis（各 1.5 秒内无应答即判为故障，返回 503）；节假日数据未覆盖的年份作为警告（不影响状态）' })
  check() {
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
      // a gap in the holiday data makes the cadence fall back to Mon–Fri: worth a warning, not an outage
      () => {
        const uncoveredYears = WorkingCalendar.uncoveredYears(this.clock.today());
        const warning = calendarCoverageWarning(uncoveredYears);
        return this.indicators.check('calendar').up(warning ? { uncoveredYears, warning } : { uncoveredYears });
      },
    ]);
  }
}
