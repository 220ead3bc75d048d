import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source';

@Module({
  imports: [TypeOrmModule.forRootAsync({ inject: [AppConfig], useFactory: (c: AppConfig) => dataSourceOptions(c.databaseUrl) })],
})
export class DatabaseModule {}
