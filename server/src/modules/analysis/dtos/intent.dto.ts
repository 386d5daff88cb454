import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

export class IntentFilterQuery {
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD) or an ISO 8601 date-time' })
  from?: string;

  @IsOptional()
  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD) or an ISO 8601 date-time' })
  to?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  channel?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  source?: string;
}

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
  into: number;
}

export class AnalyseBody {
  @IsOptional()
  @IsIn([true, false, 'true', 'false'])
  recluster?: boolean | string;
}

export class WaitQuery {
  @IsOptional()
  @IsIn(['true', 'false'])
  wait?: 'true' | 'false';
}

export interface EngineInfo {
  embedding: string;
  embeddingModel: string;
  sentiment: string;
  sentimentModel: string;
  analysedAt: string | null;
}

export interface IntentDto {
  id: number;
  label: string;
  generatedLabel: string;
  renamed: boolean;
  keywords: string[];
  examples: string[];
  messages: number;
  conversations: number;
  share: number;
  sentiment: number | null;
  escalationRate: number | null;
  trend: { day: string; messages: number }[];
  x: number | null;
  y: number | null;
}
