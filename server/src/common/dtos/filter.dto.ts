import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** The largest id a table holds (a 32-bit integer column); larger numbers are refused as input, not sent to the database. */
export const MAX_ID = 2_147_483_647;

export const DATE_OR_DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Where conversations come from: a channel, a source. */
export class ScopeQuery {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  channel?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  source?: string;
}

/** The filters every list and metric takes: date range (a date alone covers its whole day as an end), channel, source. */
export class RangeFilterQuery extends ScopeQuery {
  @IsOptional()
  @Matches(DATE_OR_DATETIME, { message: 'from must be a date (YYYY-MM-DD) or an ISO 8601 date-time' })
  from?: string;

  @IsOptional()
  @Matches(DATE_OR_DATETIME, { message: 'to must be a date (YYYY-MM-DD) or an ISO 8601 date-time' })
  to?: string;
}

/** The range and scope, and which customers: new or returning (docs/metrics.md, Segments), or by a field their logs carry. */
export class CustomerFilterQuery extends RangeFilterQuery {
  /** `new`: new customers' first contacts; `returning`: customers' later ones. */
  @IsOptional()
  @IsIn(['new', 'returning'], { message: 'segment must be new or returning' })
  segment?: 'new' | 'returning';

  /** `field:value`: conversations whose metadata (or first customer message's) has this value, e.g. `plan:gold`. */
  @IsOptional()
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}:[^\u0000]{1,200}$/, { message: 'meta must be field:value (a field of letters, digits or _)' })
  meta?: string;
}

/** How many rows a list answers (1 to 500). */
export class LimitQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** `wait=true`: answer when the work (an import, an analysis, a source run) is done, instead of 202 at once. */
export class WaitQuery {
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'wait must be true or false' })
  wait?: 'true' | 'false';
}
