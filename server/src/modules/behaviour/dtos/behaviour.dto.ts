import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isTimeZone } from '../../../../../analytics/src/behaviour/when';
import { MAX_ID } from '../../../common/dtos/filter.dto';
import { MetricQuery } from '../../metrics/dtos/metrics.dto';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

@ValidatorConstraint({ name: 'timeZone' })
class TimeZoneName implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value.length <= 64 && isTimeZone(value);
  }
  defaultMessage(): string {
    return 'tz must be a time zone (an IANA name such as Europe/Berlin, or UTC)';
  }
}

/** The behaviour views' filters: the metrics' (range, channel, intent, source, segment, meta), CSV. */
export class BehaviourQuery extends MetricQuery {
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class WhenQuery extends BehaviourQuery {
  /** The grid's time zone (default SEAM_TIME_ZONE, else the server's). */
  @IsOptional()
  @Validate(TimeZoneName)
  tz?: string;
}

export class NextQuery extends BehaviourQuery {
  /** The intent whose next contacts to show; `none` for conversations without an intent. */
  @Transform(({ value }) => (value === 'none' ? 0 : toInt({ value })))
  @IsInt({ message: 'of must be an intent id, or none' })
  @Min(0)
  @Max(MAX_ID)
  of: number;
}
