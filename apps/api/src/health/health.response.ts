import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import type { HealthCheckResult } from '@nestjs/terminus';

const indicators: ApiPropertyOptions = {
  type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down'] } },
    additionalProperties: true },
  description: '依赖名（database、redis、calendar）→ { status, … }',
};

/** Terminus' answer, 200 when every dependency is up and 503 otherwise (same shape). */
export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: HealthCheckResult['status'];
  @ApiPropertyOptional(indicators) info?: Record<string, unknown>;
  @ApiPropertyOptional(indicators) error?: Record<string, unknown>;
  @ApiProperty(indicators) details!: Record<string, unknown>;
}
