import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CustomerFilterQuery, MAX_ID, ScopeQuery } from '../../../common/dtos/filter.dto';
import { BREAKDOWN_REASONS, FLAG_STATUSES } from '#contracts';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));


/** An optional intent id (the conversation's intent). */
const IntentId = () => applyDecorators(IsOptional(), Transform(toInt), IsInt({ message: 'intent must be an intent id' }), Min(1), Max(MAX_ID, { message: 'intent is larger than any id' }));

/** The filters every metric endpoint takes: date range (on the conversation's start), channel, intent, source. */
export class MetricQuery extends CustomerFilterQuery {
  @IntentId()
  intent?: number;
}

/** GET /api/metrics/segments: what splits the conversations into segments. */
export class SegmentQuery extends MetricQuery {
  /** `customers` (new / returning), `channel`, or `meta.<field>` (a metadata field the log carries, e.g. meta.plan). */
  @Matches(/^(customers|channel|meta\.[A-Za-z_][A-Za-z0-9_]{0,63})$/, { message: 'by must be customers, channel or meta.<field> (letters, digits, _)' })
  by: string;
}

export class TimeseriesQuery extends MetricQuery {
  @IsOptional()
  @IsIn(['day', 'week'], { message: 'bucket must be day or week' })
  bucket?: 'day' | 'week';
}

export class FlagQuery extends MetricQuery {
  @IsOptional()
  @IsIn(BREAKDOWN_REASONS, { message: `reason must be one of ${BREAKDOWN_REASONS.join(', ')}` })
  reason?: string;

  @IsOptional()
  @IsIn(['low', 'medium', 'high'])
  severity?: string;

  @IsOptional()
  @IsIn(FLAG_STATUSES, { message: `status must be one of ${FLAG_STATUSES.join(', ')}` })
  status?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  assignee?: string;

  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'conversation must be a conversation id' })
  conversation?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not one this API returned' })
  cursor?: string;
}

export class UpdateFlagBody {
  @IsOptional()
  @IsIn(FLAG_STATUSES, { message: `status must be one of ${FLAG_STATUSES.join(', ')}` })
  status?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  assignee?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  note?: string | null;
}

/** Before and after a bot version went live: `version` (its id), `days` on each side (default 28), and the filters. */
export class CompareQuery extends ScopeQuery {
  @Transform(toInt)
  @IsInt({ message: 'version must be a bot version id' })
  @Min(1)
  @Max(MAX_ID, { message: 'version is larger than any id' })
  version: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;

  @IntentId()
  intent?: number;
}
