import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_ID, RangeFilterQuery } from '../../../common/dtos/filter.dto';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** The intents pages take the common range filters. */
export class IntentFilterQuery extends RangeFilterQuery {}

export class MapQuery {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20000)
  limit?: number;
}

export class RenameIntentBody {
  /** The manager's name for the intent; null or empty goes back to the generated label. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  label?: string | null;
}

export class MergeIntentBody {
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_ID, { message: 'into is larger than any id' })
  into: number;
}

export class AnalyseBody {
  @IsOptional()
  @IsIn([true, false, 'true', 'false'])
  recluster?: boolean | string;
}

export type { EngineInfo, Intent as IntentDto } from '#contracts';
