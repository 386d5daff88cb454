import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Allow, ANALYTICS, ImportScope } from '../access/roles';
import { WaitQuery } from '../../common/dtos/filter.dto';
import { CreateImportBody, GetImportQuery, ListImportsQuery } from './dtos/import.dto';
import { ImportsService } from './imports.service';
import { ApiAcceptedResponse, ApiCreatedResponse } from '@nestjs/swagger';
import { ApiUpload } from '../../common/api-upload';
import { FORMATS } from './formats/format.types';
import { ImportRun, ImportRunDetail, ImportRunList } from '#contracts';

@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** Multipart upload (field `file`): 202 with the running import at once, or 201 with its counts when `?wait=true`. */
  @Allow('admin')
  @ImportScope()
  @Post()
  @UseInterceptors(FileInterceptor('file'))
  @ApiUpload('The log file (JSONL, CSV, JSON, Arrow, or a platform export)', {
    format: { description: 'By default detected from the file', enum: FORMATS },
    source: { description: 'The name its conversations are stored under' },
  })
  @ApiAcceptedResponse({ description: 'The import, running', type: ImportRun })
  @ApiCreatedResponse({ description: 'With `?wait=true`: the import, finished, with its counts', type: ImportRun })
  async upload(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: CreateImportBody,
    @Query() query: WaitQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportRun> {
    const wait = query.wait === 'true';
    res.status(wait ? 201 : 202);
    return this.imports.upload(file, body, wait);
  }

  @Allow(...ANALYTICS)
  @Get()
  list(@Query() query: ListImportsQuery): Promise<ImportRunList> {
    return this.imports.list(query.limit ?? 50, query.before);
  }

  @Allow(...ANALYTICS)
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @Query() query: GetImportQuery): Promise<ImportRunDetail> {
    return this.imports.get(id, query.rejectedOffset ?? 0, query.rejectedLimit ?? 100);
  }
}
