import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { UnitsService } from './units.service';
import { UsersService } from './users.service';

@Module({ providers: [PasswordHasher, UnitsService, UsersService], exports: [UnitsService, UsersService] })
export class OrganisationModule {}
