import { Body, Controller, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { Public } from '../access/roles';
import { HooksService } from './hooks.service';

/**
 * Platforms' webhooks (Chatwoot's `message_created` and `conversation_status_changed`), each for one source, which
 * holds the secret the webhook's URL carries as `?token=`. Payloads are imported within seconds (HooksService).
 */
@Controller('hooks')
export class HooksController {
  constructor(private readonly hooks: HooksService) {}

  /** A Chatwoot webhook (Settings → Integrations → Webhooks, URL `…/api/hooks/chatwoot/<source id>?token=<secret>`). */
  @Public()
  @Post('chatwoot/:sourceId')
  @HttpCode(202)
  @ApiQuery({ name: 'token', required: true, description: "The source's webhookSecret" })
  @ApiBody({ description: "Chatwoot's webhook payload", schema: { type: 'object' } })
  async chatwoot(@Param('sourceId', ParseIntPipe) sourceId: number, @Query('token') token: string | undefined, @Body() body: unknown): Promise<void> {
    await this.hooks.receive('chatwoot', sourceId, token, body);
  }
}
