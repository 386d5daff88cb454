import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { GAP_EXPORT_FORMATS } from '../gaps.service';

export class AcceptGapBody {
  /** The name the intent keeps (and the bot's intent will be named after). */
  @IsString()
  @IsNotEmpty({ message: 'label must name the intent' })
  @MaxLength(300)
  label: string;
}

export class GapExportQuery {
  /** rasa (nlu.yml), dialogflow (CSV intent, training_phrase) or csv (intent, example, messages). */
  @IsIn([...GAP_EXPORT_FORMATS], { message: `format must be one of ${GAP_EXPORT_FORMATS.join(', ')}` })
  format: 'rasa' | 'dialogflow' | 'csv';

  /** Intent ids, comma-separated; by default every candidate a manager kept. */
  @IsOptional()
  @Matches(/^\d{1,9}(,\d{1,9}){0,199}$/, { message: 'ids must be intent ids separated by commas' })
  ids?: string;
}
