import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Allow, ANALYTICS, ImportScope } from '../access/roles';
import { WaitQuery } from '../../common/dtos/filter.dto';
import { CreateImportBody, GetImportQuery, ListImportsQuery } from './dtos/import.dto';
import { ImportsService } from './imports.service';

@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** Multipart upload (field `file`): 202 with the running import at once, or 201 with its counts when `?wait=true`. */
  @Allow('admin')
  @ImportScope()
  @Post()
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: CreateImportBody,
    @Query() query: WaitQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const wait = query.wait === 'true';
    res.status(wait ? 201 : 202);
    return this.imports.upload(file, body, wait);
  }

  @Allow(...ANALYTICS)
  @Get()
  list(@Query() query: ListImportsQuery) {
    return this.imports.list(query.limit ?? 50, query.before);
  }

  @Allow(...ANALYTICS)
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @Query() query: GetImportQuery) {
    return this.imports.get(id, query.rejectedOffset ?? 0, query.rejectedLimit ?? 100);
  }
}
