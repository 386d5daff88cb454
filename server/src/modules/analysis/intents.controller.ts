import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { CurrentUser } from '../access/access.guard';
import { AccessService } from '../access/access.service';
import { CachedRead } from '../cache/read-cache';
import { Allow, ANALYTICS, Principal, REVIEWERS } from '../access/roles';
import { AnalysisService } from './analysis.service';
import { IntentFilterQuery, MapQuery, MergeIntentBody, RenameIntentBody } from './dtos/intent.dto';
import { IntentsService } from './intents.service';
import type { BotReadings, IntentDetail, IntentList, IntentMap, SplitResult } from '#contracts';

@Controller('intents')
export class IntentsController {
  constructor(
    private readonly intents: IntentsService,
    private readonly analysis: AnalysisService,
    private readonly access: AccessService,
  ) {}

  /** Agents too, for the review queue's intent filter: without examples, which quote messages they may not open. */
  @Allow(...REVIEWERS)
  @CachedRead()
  @Get()
  async list(@Query() query: IntentFilterQuery, @CurrentUser() p: Principal): Promise<IntentList> {
    const answer = await this.intents.list(query);
    return p.role === 'agent' ? { ...answer, items: answer.items.map((i) => ({ ...i, examples: [] })) } : answer;
  }

  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('map')
  map(@Query() query: MapQuery): Promise<IntentMap> {
    return this.intents.map(query.limit ?? 3000);
  }

  /** The bot's own intents from its logs: how often it was unsure, and where Seam reads the messages otherwise. */
  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('bot-readings')
  botReadings(@Query() query: IntentFilterQuery): Promise<BotReadings> {
    return this.intents.botReadings(query);
  }

  @Allow(...ANALYTICS)
  @CachedRead()
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @Query() query: IntentFilterQuery): Promise<IntentDetail> {
    return this.intents.get(id, query);
  }

  @Allow(...ANALYTICS)
  @Patch(':id')
  async rename(@Param('id', ParseIntPipe) id: number, @Body() body: RenameIntentBody, @CurrentUser() p: Principal): Promise<IntentDetail> {
    const label = body.label?.trim() || null;
    await this.analysis.rename(id, label);
    await this.access.audit(p, 'intent.rename', `intent:${id}`, { label });
    return this.intents.get(id, {});
  }

  @Allow(...ANALYTICS)
  @Post(':id/merge')
  @HttpCode(200)
  async merge(@Param('id', ParseIntPipe) id: number, @Body() body: MergeIntentBody, @CurrentUser() p: Principal): Promise<IntentDetail> {
    await this.analysis.merge(id, body.into);
    await this.access.audit(p, 'intent.merge', `intent:${id}`, { into: body.into });
    return this.intents.get(body.into, {});
  }

  @Allow(...ANALYTICS)
  @Post(':id/split')
  @HttpCode(200)
  async split(@Param('id', ParseIntPipe) id: number, @CurrentUser() p: Principal): Promise<SplitResult> {
    const result = await this.analysis.split(id);
    await this.access.audit(p, 'intent.split', `intent:${id}`);
    return result;
  }
}
