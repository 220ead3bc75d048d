import { applyDecorators } from '@nestjs/common';
import { ApiDefaultResponse, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorBody } from './error-response.filter';

/** The body of every error answer (ErrorResponseFilter). */
export class ErrorResponseDto implements ErrorBody {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'TASK_NOT_FOUND' }) code!: string;
  @ApiProperty({ description: '中文说明' }) message!: string;
  @ApiPropertyOptional({ description: '因错误而异，例如字段校验错误为 { fields }' }) details?: unknown;
  @ApiProperty() requestId!: string;
}

/** On a controller: every failure of its operations answers ErrorResponseDto (4xx, 5xx). */
export const ApiErrorResponses = () => ApiDefaultResponse({ type: ErrorResponseDto, description: '错误（4xx、5xx）' });

/** A file download: the operation answers raw bytes of the given type. */
export const ApiFileResponse = (mimeType: string, description: string) => applyDecorators(
  ApiProduces(mimeType),
  ApiOkResponse({ description, content: { [mimeType]: { schema: { type: 'string', format: 'binary' } } } }),
);
