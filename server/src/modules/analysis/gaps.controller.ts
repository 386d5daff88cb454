import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { GapList, IntentDetail } from '#contracts';
import { CurrentUser } from '../access/access.guard';
import { AccessService } from '../access/access.service';
import { Allow, ANALYTICS, Principal } from '../access/roles';
import { AcceptGapBody, GapExportQuery } from './dtos/gap.dto';
import { IntentFilterQuery } from './dtos/intent.dto';
import { GapsService } from './gaps.service';

/** What the bot should learn next (candidate intents by cost), and what a manager or AI trainer does with each. */
@Controller('gaps')
export class GapsController {
  constructor(
    private readonly gaps: GapsService,
    private readonly access: AccessService,
  ) {}

  /** Candidates ranked by cost within the filters, with the formula, their examples, trend and latest conversations. */
  @Allow(...ANALYTICS)
  @Get()
  list(@Query() query: IntentFilterQuery): Promise<GapList> {
    return this.gaps.list(query);
  }

  /** The chosen intents (`ids`, else every kept candidate) with their customers' wordings, as a file for the bot. */
  @Allow(...ANALYTICS)
  @Get('export')
  @ApiOkResponse({ description: 'The file, as a download', content: { 'application/yaml': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } } })
  async export(@Query() query: GapExportQuery, @CurrentUser() p: Principal, @Res() res: Response): Promise<void> {
    const ids = query.ids ? query.ids.split(',').map(Number) : null;
    const file = await this.gaps.export(query.format, ids);
    await this.access.audit(p, 'gaps.export', 'intents', { format: query.format, ids });
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
    res.send(file.body);
  }

  /** Keeps a candidate under a name: it becomes a named intent, leaves the gaps and stays through later runs. */
  @Allow(...ANALYTICS)
  @Post(':id/accept')
  @HttpCode(200)
  async accept(@Param('id', ParseIntPipe) id: number, @Body() body: AcceptGapBody, @CurrentUser() p: Principal): Promise<IntentDetail> {
    const intent = await this.gaps.accept(id, body.label.trim());
    await this.access.audit(p, 'gap.accept', `intent:${id}`, { label: body.label.trim() });
    return intent;
  }

  /** Dismisses a candidate: it leaves the gaps; its messages stay with it. */
  @Allow(...ANALYTICS)
  @Post(':id/dismiss')
  @HttpCode(204)
  async dismiss(@Param('id', ParseIntPipe) id: number, @CurrentUser() p: Principal): Promise<void> {
    await this.gaps.dismiss(id);
    await this.access.audit(p, 'gap.dismiss', `intent:${id}`, {});
  }
}
