import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { AccessService } from '../access/access.service';
import { CurrentUser } from '../access/access.guard';
import { Allow, ANALYTICS } from '../access/roles';
import type { Principal } from '../access/roles';
import { alertAnswer } from './alert-text';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { changedChannel, channelAnswer, newChannel } from './dtos/alert-channel.dto';
import { AlertListQuery, MuteBody } from './dtos/alert-query.dto';
import { Alert, AlertChannel, AlertChannelInput, AlertDelivery, AlertList } from '#contracts';
import type { DeliveryRow } from './alerts.repository';

function deliveryAnswer(d: DeliveryRow): AlertDelivery {
  return { id: d.id, channelId: d.channelId, kind: d.kind, alerts: d.alertIds.length, status: d.status === 'sending' ? 'pending' : d.status, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt, lastError: d.lastError, createdAt: d.createdAt, sentAt: d.sentAt };
}

/** What changed (managers and admins read, acknowledge and mute alerts). */
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly access: AccessService,
  ) {}

  /** The latest alerts, newest first (`all=false`: those no one acknowledged). */
  @Allow(...ANALYTICS)
  @Get()
  async list(@Query() query: AlertListQuery): Promise<AlertList> {
    const items = await this.repo.alerts({ unacknowledgedOnly: query.all === 'false', limit: query.limit ?? 50 });
    return { items: items.map(alertAnswer), unacknowledged: await this.repo.unacknowledged() };
  }

  @Allow(...ANALYTICS)
  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(@Param('id', ParseIntPipe) id: number, @CurrentUser() who: Principal | undefined): Promise<Alert> {
    const row = await this.repo.acknowledge(id, who?.username ?? 'unknown', Date.now());
    if (!row) throw new SeamException(SeamErrorCode.NotFound, `no alert ${id}`);
    return alertAnswer(row);
  }

  /** No alert of the same subject and kind for `days` days (it is acknowledged too). */
  @Allow(...ANALYTICS)
  @Post(':id/mute')
  @HttpCode(200)
  async mute(@Param('id', ParseIntPipe) id: number, @Body() body: MuteBody, @CurrentUser() who: Principal | undefined): Promise<Alert> {
    const now = Date.now();
    const [row] = await this.repo.alertsById([id]);
    if (!row) throw new SeamException(SeamErrorCode.NotFound, `no alert ${id}`);
    await this.repo.mute(row.key, now + body.days * 86_400_000, who?.username ?? 'unknown', now);
    await this.access.audit(who ?? null, 'alert.mute', row.key, { days: body.days });
    return alertAnswer((await this.repo.acknowledge(id, who?.username ?? 'unknown', now))!);
  }
}

/** Where alerts go: admins configure channels (secrets are never answered) and try them. */
@Controller('alert-channels')
export class AlertChannelsController {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly alerts: AlertsService,
    private readonly access: AccessService,
  ) {}

  private async channel(id: number) {
    const c = await this.repo.channel(id);
    if (!c) throw new SeamException(SeamErrorCode.NotFound, `no alert channel ${id}`);
    return c;
  }

  @Allow('admin')
  @Get()
  async list(): Promise<{ items: AlertChannel[] }> {
    return { items: (await this.repo.channels()).map(channelAnswer) };
  }

  @Allow('admin')
  @Post()
  @ApiBody({ type: AlertChannelInput })
  async create(@Body() body: Record<string, unknown>, @CurrentUser() who: Principal | undefined): Promise<AlertChannel> {
    const input = newChannel(body);
    if (await this.repo.channelByName(input.name)) throw new SeamException(SeamErrorCode.Exists, `an alert channel named "${input.name}" exists`, { field: 'name' });
    const id = await this.repo.createChannel(input, Date.now());
    await this.access.audit(who ?? null, 'alert-channel.create', input.name, { type: input.type });
    return channelAnswer((await this.repo.channel(id))!);
  }

  @Allow('admin')
  @Patch(':id')
  @ApiBody({ type: AlertChannelInput, description: 'The fields to change' })
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentUser() who: Principal | undefined): Promise<AlertChannel> {
    const stored = await this.channel(id);
    const changed = changedChannel(stored, body);
    const other = await this.repo.channelByName(changed.name);
    if (other && other.id !== id) throw new SeamException(SeamErrorCode.Exists, `an alert channel named "${changed.name}" exists`, { field: 'name' });
    await this.repo.updateChannel(id, changed, Date.now());
    await this.access.audit(who ?? null, 'alert-channel.update', changed.name, { fields: Object.keys(body as object) });
    return channelAnswer((await this.repo.channel(id))!);
  }

  @Allow('admin')
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ParseIntPipe) id: number, @CurrentUser() who: Principal | undefined): Promise<void> {
    const c = await this.channel(id);
    await this.repo.deleteChannel(id);
    await this.access.audit(who ?? null, 'alert-channel.delete', c.name, null);
  }

  /** Sends a test message now: the delivery as it went (sent, or failed and why). */
  @Allow('admin')
  @Post(':id/test')
  @HttpCode(200)
  async test(@Param('id', ParseIntPipe) id: number): Promise<AlertDelivery> {
    await this.channel(id);
    return deliveryAnswer(await this.alerts.test(id));
  }

  /** The channel's latest sends, their attempts and errors. */
  @Allow('admin')
  @Get(':id/deliveries')
  async deliveries(@Param('id', ParseIntPipe) id: number): Promise<{ items: AlertDelivery[] }> {
    await this.channel(id);
    return { items: (await this.repo.deliveries(id, 50)).map(deliveryAnswer) };
  }
}
