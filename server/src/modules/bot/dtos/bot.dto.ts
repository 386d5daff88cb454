import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class BotVersionBody {
  /** The bot's name (default "bot"). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  /** The version's name (default: the next number). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  version?: string;

  /** When the version went live: YYYY-MM-DD (default: today). */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, { message: 'date must be YYYY-MM-DD' })
  date?: string;
}
