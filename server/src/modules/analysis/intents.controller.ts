import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { AnalysisService } from './analysis.service';
import { IntentFilterQuery, MapQuery, MergeIntentBody, RenameIntentBody } from './dtos/intent.dto';
import { IntentsService } from './intents.service';

@Controller('intents')
export class IntentsController {
  constructor(
    private readonly intents: IntentsService,
    private readonly analysis: AnalysisService,
  ) {}

  @Get()
  list(@Query() query: IntentFilterQuery) {
    return this.intents.list(query);
  }

  @Get('map')
  map(@Query() query: MapQuery) {
    return this.intents.map(query.limit ?? 3000);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @Query() query: IntentFilterQuery) {
    return this.intents.get(id, query);
  }

  @Patch(':id')
  async rename(@Param('id', ParseIntPipe) id: number, @Body() body: RenameIntentBody) {
    await this.analysis.rename(id, body.label?.trim() || null);
    return this.intents.get(id, {});
  }

  @Post(':id/merge')
  @HttpCode(200)
  async merge(@Param('id', ParseIntPipe) id: number, @Body() body: MergeIntentBody) {
    await this.analysis.merge(id, body.into);
    return this.intents.get(body.into, {});
  }

  @Post(':id/split')
  @HttpCode(200)
  split(@Param('id', ParseIntPipe) id: number) {
    return this.analysis.split(id);
  }
}
