import { Body, Controller, Get, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { Actor, UsersService } from '@app/domain';
import { TokenClaims } from '../http/auth.guard';
import { ApiErrorResponses } from '../http/api-responses';
import { CurrentActor, Public } from '../http/current-actor.decorator';
import { ActorResponseDto, LoginResponseDto } from './dto/auth.response';
import { LoginDto } from './dto/login.dto';
import { LoginLimitInterceptor } from './login-limit.interceptor';

@ApiTags('auth')
@ApiErrorResponses()
@Controller('auth')
export class AuthController {
  constructor(private readonly users: UsersService, private readonly jwt: JwtService) {}

  @Public()
  @UseInterceptors(LoginLimitInterceptor)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '登录，返回 Bearer 令牌' })
  @ApiOkResponse({ type: LoginResponseDto })
  async login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    const { userId, tokenVersion } = await this.users.verifyCredentials(dto.username, dto.password);
    const claims: TokenClaims = { sub: userId, ver: tokenVersion };
    const accessToken = await this.jwt.signAsync(claims);
    const actor = (await this.users.loadActor(userId, tokenVersion))!;
    return { accessToken, tokenType: 'Bearer', user: actor };
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: ActorResponseDto })
  me(@CurrentActor() actor: Actor): ActorResponseDto {
    return actor;
  }
}
