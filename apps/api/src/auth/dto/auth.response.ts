import { ApiProperty } from '@nestjs/swagger';
import { USER_ROLES, UserRole } from '@app/database';
import type { Actor } from '@app/domain';

/** The signed-in user as the server scopes every request. */
export class ActorResponseDto implements Actor {
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: USER_ROLES, enumName: 'UserRole' }) role!: UserRole;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() jurisdictionId!: string;
  @ApiProperty({ description: '所属辖区单位的 path' }) jurisdictionPath!: string;
  @ApiProperty({ type: [String], description: '本辖区及其下级辖区' }) jurisdictionIds!: string[];
  @ApiProperty({ type: [String] }) leaderUnitIds!: string[];
}

export class LoginResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty() user!: ActorResponseDto;
}
