import { ApiProperty } from '@nestjs/swagger';
import { USER_ROLES, UserRole } from '@app/database';
import type { UserView } from '@app/domain';

// `implements` the domain's view: a field the domain adds and the DTO lacks fails the build
export class UserResponseDto implements UserView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: USER_ROLES, enumName: 'UserRole' }) role!: UserRole;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: [String], description: '分管领导负责的单位' }) leaderUnitIds!: string[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
