import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

export const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException({ code: 'INVALID_ID', message: 'ID 格式不正确' }),
});
