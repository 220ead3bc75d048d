import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { NotificationDispatcher } from '@app/notifications';
import { CadenceSettingsModule, Clock, ClockModule, IdempotencyModule, LeadersModule, LedgerExcelModule, NationalCalendarModule,
  OrganisationModule, ReportsModule, SupervisionModule, TasksModule } from '@app/domain';
import { AuthController } from './auth/auth.controller';
import { LoginLimiter } from './auth/login-limiter';
import { AnnualReviewController } from './accountability/annual-review.controller';
import { DocumentsController } from './documents/documents.controller';
import { HealthModule } from './health/health.module';
import { JurisdictionsController } from './jurisdictions/jurisdictions.controller';
import { LeaderController } from './leader/leader.controller';
import { NationalCalendarController } from './national-calendar/national-calendar.controller';
import { AuthGuard } from './http/auth.guard';
import { ErrorResponseFilter } from './http/error-response.filter';
import { NoticeDispatch } from './notifications/notice-dispatch';
import { NotificationsController } from './notifications/notifications.controller';
import { OpsModule } from './ops/ops.module';
import { ReportsController } from './reports/reports.controller';
import { ReportCalendarController } from './report-calendar/report-calendar.controller';
import { TaskCarryOverController } from './tasks/task-carry-over.controller';
import { TasksController } from './tasks/tasks.controller';
import { TaskGroupsController } from './tasks/task-groups.controller';
import { LedgerExcelController } from './tasks/ledger-excel.controller';
import { UnitsController } from './units/units.controller';
import { UsersController } from './users/users.controller';
import { WebModule } from './web/web.module';
import { SpotChecksController } from './spot-checks/spot-checks.controller';

@Module({})
export class ApiModule {
  static register(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // health probes and Prometheus scrapes every few seconds would bury the requests people make
            autoLogging: { ignore: (req) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? '') },
          },
        }),
        DatabaseModule,
        ClockModule.forRoot(clock),
        JwtModule.register({ global: true, secret: config.auth.jwtSecret,
          signOptions: { expiresIn: config.auth.jwtTtl as `${number}h`, algorithm: 'HS256' } }),
        HealthModule,
        OrganisationModule,
        TasksModule,
        IdempotencyModule,
        LedgerExcelModule,
        ReportsModule,
        SupervisionModule,
        CadenceSettingsModule,
        NationalCalendarModule,
        LeadersModule,
        OpsModule.register(config),
        WebModule,
      ],
      controllers: [AuthController, UnitsController, UsersController, LedgerExcelController, TaskCarryOverController, TasksController, TaskGroupsController, ReportsController,
        DocumentsController, AnnualReviewController, NotificationsController, JurisdictionsController, NationalCalendarController,
        LeaderController, SpotChecksController, ReportCalendarController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        LoginLimiter,
        // the workflow's notices are dispatched from here, on OpsModule's notifications queue (the API sends nothing itself)
        NotificationDispatcher,
        NoticeDispatch,
        { provide: APP_FILTER, useClass: ErrorResponseFilter },
      ],
    };
  }
}
