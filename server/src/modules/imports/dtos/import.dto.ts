import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MAX_ID } from '../../../common/dtos/filter.dto';
import { FORMATS } from '../formats/format.types';
import type { ImportRunEntity } from '../import-run.entity';
import type { RejectedRowEntity } from '../rejected-row.entity';
import type { ImportRun as ImportRunDto, RejectedRow as RejectedRowDto } from '#contracts';

export type { ImportRun as ImportRunDto, RejectedRow as RejectedRowDto } from '#contracts';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

export class CreateImportBody {
  @IsOptional()
  @IsIn([...FORMATS], { message: `format must be one of ${FORMATS.join(', ')}` })
  format?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.:@-]{1,200}$/, { message: 'source must be 1 to 200 letters, digits or . _ : @ -' })
  source?: string;
}


export class ListImportsQuery {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_ID, { message: 'before is larger than any id' })
  before?: number;
}

export class GetImportQuery {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(MAX_ID, { message: 'rejectedOffset is larger than any id' })
  rejectedOffset?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  rejectedLimit?: number;
}



export function mapImportRun(r: ImportRunEntity): ImportRunDto {
  return {
    id: r.id,
    source: r.source,
    fileName: r.fileName,
    format: r.format,
    status: r.status,
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
    progress: r.bytesTotal ? Math.min(1, r.bytesRead / r.bytesTotal) : null,
    bytesRead: r.bytesRead,
    bytesTotal: r.bytesTotal,
    recordsRead: r.recordsRead,
    messagesInserted: r.messagesInserted,
    messagesDuplicate: r.messagesDuplicate,
    rejectedCount: r.rejectedCount,
    conversationsTouched: r.conversationsTouched,
    redactions: r.redactions ?? {},
    error: r.error,
  };
}

export function mapRejectedRow(r: RejectedRowEntity): RejectedRowDto {
  return { file: r.fileName, line: r.line, location: r.location, field: r.field, reason: r.reason, raw: r.raw };
}

