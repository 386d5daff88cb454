import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { engineOf } from '../../database/dialect';
import { CurrentUser } from '../access/access.guard';
import { Principal, Public } from '../access/roles';
import { AlertsRepository } from '../alerts/alerts.repository';
import { SourcesService } from '../sources/sources.service';
import type { Health } from '#contracts';

/**
 * Open, for load balancers and monitoring: 200 while the database answers; `degraded` (still 200, the server
 * itself is fine) when a scheduled source's last run, or an alert channel's last send, failed after its retries, with
 * which and why.
 */
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly sources: SourcesService,
    private readonly alerts: AlertsRepository,
  ) {}

  /** Anyone sees the status and counts; which sources fail, only a signed-in user. */
  @Public()
  @Get()
  async health(@CurrentUser() p: Principal | undefined): Promise<Health> {
    await this.ds.query('SELECT 1');
    const all = await this.sources.list();
    const failing = all.filter((s) => s.consecutiveFailures > 0);
    const sources = { total: all.length, failingCount: failing.length };
    const channels = await this.alerts.channels();
    const failingChannels = channels.filter((c) => c.enabled && c.consecutiveFailures > 0);
    const alertChannels = { total: channels.length, failingCount: failingChannels.length };
    return {
      status: failing.length > 0 || failingChannels.length > 0 ? 'degraded' : 'ok',
      database: engineOf(this.ds),
      sources: p
        ? { ...sources, failing: failing.map((s) => ({ name: s.name, consecutiveFailures: s.consecutiveFailures, lastRunAt: s.lastRunAt, lastSuccessAt: s.lastSuccessAt })) }
        : sources,
      alertChannels: p
        ? { ...alertChannels, failing: failingChannels.map((c) => ({ name: c.name, type: c.type, consecutiveFailures: c.consecutiveFailures, lastError: c.lastError })) }
        : alertChannels,
    };
  }
}
