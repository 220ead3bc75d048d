import { types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { UnitEntity } from './entities/unit.entity';
import { LeaderUnitEntity, UserEntity } from './entities/user.entity';
import { TaskCodeCounterEntity, TaskCoOwnerEntity, TaskEntity } from './entities/task.entity';
import { EvidenceChunkEntity, EvidenceFileEntity, TaskEventEntity, TaskExtensionEntity, TaskProgressEntity } from './entities/task-activity.entity';
import { CreateLedger1763800000000 } from './migrations/1763800000000-CreateLedger';
import { CreateReports1763850000000 } from './migrations/1763850000000-CreateReports';
import { OwnerRuleEntity, ReportEntity, ReportItemEntity, ReportItemLinkEntity } from './entities/report.entity';
import { CreateCadence1763900000000 } from './migrations/1763900000000-CreateCadence';
import { DeliveryLease1764000000000 } from './migrations/1764000000000-DeliveryLease';
import { LedgerImportKey1764100000000 } from './migrations/1764100000000-LedgerImportKey';
import { TaskUpdatedIndex1764300000000 } from './migrations/1764300000000-TaskUpdatedIndex';
import { UserTokenVersion1764400000000 } from './migrations/1764400000000-UserTokenVersion';
import { DeliveryRefused1764450000000 } from './migrations/1764450000000-DeliveryRefused';
import { IdempotencyKeys1764500000000 } from './migrations/1764500000000-IdempotencyKeys';
import { EvidenceChunks1764500000001 } from './migrations/1764500000001-EvidenceChunks';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { NationalCalendarDayEntity, NationalCalendarYearEntity } from './entities/national-calendar.entity';
import { NationalCalendar1764600000000 } from './migrations/1764600000000-NationalCalendar';
import { BeatRunEntity, CadencePolicyEntity, DocumentCounterEntity, SupervisionDocumentEntity, SupervisionMarkEntity,
  WorkingDayOverrideEntity } from './entities/cadence.entity';
import { NotificationDeliveryEntity, NotificationEntity } from './entities/notification.entity';
import { NotificationTask1764710000001 } from './migrations/1764710000001-NotificationTask';
import { TaskGroupEntity } from './entities/task-group.entity';
import { TaskGroups1765000000000 } from './migrations/1765000000000-TaskGroups';
import { UnsignedSupervise1765050000000 } from './migrations/1765050000000-UnsignedSupervise';
import { BulletinReview1765200000000 } from './migrations/1765200000000-BulletinReview';
import { TaskCarryOver1765400000000 } from './migrations/1765400000000-TaskCarryOver';
import { TaskReview1765500000000 } from './migrations/1765500000000-TaskReview';
import { SpotChecks1765500000001 } from './migrations/1765500000001-SpotChecks';
import { TaskSubtasks1765600000000 } from './migrations/1765600000000-TaskSubtasks';
import { NotificationDocumentIndex1765700000000 } from './migrations/1765700000000-NotificationDocumentIndex';
import { TaskJurisdictionOpenDeadlineIndex1765900000000 } from './migrations/1765900000000-TaskJurisdictionOpenDeadlineIndex';
import { ReportCycles1765300000000 } from './migrations/1765300000000-ReportCycles';
import { AccountabilityRecords1765100000000 } from './migrations/1765100000000-AccountabilityRecords';
import { UnitJurisdictionIndex1766000000000 } from './migrations/1766000000000-UnitJurisdictionIndex';
import { SupervisionMarkRestrictByTrigger1766100000000 } from './migrations/1766100000000-SupervisionMarkRestrictByTrigger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// Explicit arrays, not globs: the build output must not depend on file layout.
export const ENTITIES = [UnitEntity, UserEntity, LeaderUnitEntity, TaskEntity, TaskCoOwnerEntity, TaskCodeCounterEntity,
  TaskProgressEntity, TaskExtensionEntity, EvidenceFileEntity, EvidenceChunkEntity, TaskEventEntity,
  ReportEntity, ReportItemEntity, ReportItemLinkEntity, OwnerRuleEntity, IdempotencyKeyEntity, NationalCalendarYearEntity,
  NationalCalendarDayEntity, WorkingDayOverrideEntity, CadencePolicyEntity, BeatRunEntity, DocumentCounterEntity,
  SupervisionDocumentEntity, SupervisionMarkEntity, NotificationEntity, NotificationDeliveryEntity, TaskGroupEntity];
export const MIGRATIONS = [CreateLedger1763800000000, CreateReports1763850000000, CreateCadence1763900000000,
  DeliveryLease1764000000000, LedgerImportKey1764100000000, TaskUpdatedIndex1764300000000,
  UserTokenVersion1764400000000, DeliveryRefused1764450000000, IdempotencyKeys1764500000000,
  EvidenceChunks1764500000001, NationalCalendar1764600000000, NotificationTask1764710000001, TaskGroups1765000000000,
  UnsignedSupervise1765050000000, AccountabilityRecords1765100000000,
  BulletinReview1765200000000, ReportCycles1765300000000, TaskCarryOver1765400000000,
  TaskReview1765500000000, SpotChecks1765500000001, TaskSubtasks1765600000000, NotificationDocumentIndex1765700000000,
  TaskJurisdictionOpenDeadlineIndex1765900000000, UnitJurisdictionIndex1766000000000,
  SupervisionMarkRestrictByTrigger1766100000000];

// `date` columns are calendar days in Asia/Shanghai; keep them as 'YYYY-MM-DD' instead of local-midnight Dates.
types.setTypeParser(types.builtins.DATE, (v) => v);

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    // small pool: 8 → 32 connections gained only 17% on this machine kind
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  };
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}
