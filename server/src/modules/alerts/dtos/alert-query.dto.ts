import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { LimitQuery } from '../../../common/dtos/filter.dto';

/** GET /api/alerts: `all=false` lists only the alerts no one acknowledged. */
export class AlertListQuery extends LimitQuery {
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'all must be true or false' })
  all?: 'true' | 'false';
}

/** POST /api/alerts/:id/mute: for how many days (1 to 90). */
export class MuteBody {
  @Type(() => Number)
  @IsInt({ message: 'days must be a whole number' })
  @Min(1)
  @Max(90)
  days: number;
}
