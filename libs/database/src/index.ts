export * from './data-source';
export * from './database.module';
export * from './migrate';
export * from './preflight';
export * from './entities/unit.entity';
export * from './entities/user.entity';
export * from './entities/task.entity';
export * from './entities/task-activity.entity';
