import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { CurrentUser } from '../access/access.guard';
import { AccessService } from '../access/access.service';
import { Allow, ANALYTICS, Principal, REVIEWERS } from '../access/roles';
import { ConversationsExporter } from './conversations.exporter';
import { ConversationsService, filterOf } from './conversations.service';
import { ExportConversationsQuery, ListConversationsQuery } from './dtos/conversation.dto';
import type { ConversationDetail, ConversationPage } from '#contracts';
import { ApiOkResponse } from '@nestjs/swagger';

@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly service: ConversationsService,
    private readonly exporter: ConversationsExporter,
    private readonly access: AccessService,
  ) {}

  /** Every message of the conversations the filters select, with its analysis: `format=csv` or `format=arrow` (an Arrow IPC file). */
  @Allow(...ANALYTICS)
  @Get('export')
  @ApiOkResponse({ description: 'The file, as a download', content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.apache.arrow.file': { schema: { type: 'string', format: 'binary' } } } })
  async export(@Query() query: ExportConversationsQuery, @CurrentUser() p: Principal, @Res() res: Response): Promise<void> {
    filterOf(query, 1);
    const { format, ...filters } = query;
    await this.access.audit(p, 'conversations.export', 'conversations', { format, filters });
    const stamp = new Date().toISOString().slice(0, 10);
    res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.apache.arrow.file');
    res.setHeader('content-disposition', `attachment; filename="seam-conversations-${stamp}.${format}"`);
    try {
      await this.exporter.export(query, format, res);
    } catch (err) {
      // Half a file has gone out: cut the connection so the download fails instead of looking complete.
      if (!res.headersSent) throw err;
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }

  @Allow(...ANALYTICS)
  @Get()
  list(@Query() query: ListConversationsQuery): Promise<ConversationPage> {
    return this.service.list(query);
  }

  /** Agents open only what the review queue holds or what is assigned to them. */
  @Allow(...REVIEWERS)
  @Get(':id')
  async get(@Param('id') id: string, @CurrentUser() p: Principal): Promise<ConversationDetail> {
    if (p.role === 'agent' && !(await this.access.agentMaySee(id, p.username))) {
      throw new SeamException(SeamErrorCode.Forbidden, 'agents see the conversations of the review queue and those assigned to them');
    }
    return this.service.get(id);
  }
}
