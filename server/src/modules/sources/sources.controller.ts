import { Body, Controller, Delete, Get, HttpCode, Logger, Param, ParseIntPipe, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LimitQuery, WaitQuery } from '../../common/dtos/filter.dto';
import { AccessService } from '../access/access.service';
import { Allow, ANALYTICS } from '../access/roles';
import { CurrentUser } from '../access/access.guard';
import type { Principal } from '../access/roles';
import { mapSource, maskSecrets, toNewSource } from './dtos/source.dto';
import { SourcesScheduler } from './sources.scheduler';
import { SourcesService } from './sources.service';
import { Source, SourceInput, SourceList, SourceRunAnswer, SourceRunList } from '#contracts';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse } from '@nestjs/swagger';

/** Scheduled import sources: admins configure and run them; managers see their state (a failing source shows on the dashboard). */
@Controller('sources')
export class SourcesController {
  private readonly logger = new Logger(SourcesController.name);

  constructor(
    private readonly sources: SourcesService,
    private readonly scheduler: SourcesScheduler,
    private readonly access: AccessService,
  ) {}

  @Allow(...ANALYTICS)
  @Get()
  async list(): Promise<SourceList> {
    return { items: (await this.sources.list()).map((s) => mapSource(s, this.scheduler.nextRun(s.id))) };
  }

  @Allow(...ANALYTICS)
  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number): Promise<Source> {
    return mapSource(await this.sources.get(id), this.scheduler.nextRun(id));
  }

  @Allow(...ANALYTICS)
  @Get(':id/runs')
  async runs(@Param('id', ParseIntPipe) id: number, @Query() query: LimitQuery): Promise<SourceRunList> {
    const source = await this.sources.get(id);
    return { items: (await this.sources.runs(id, query.limit ?? 50)).map((r) => ({ ...r, error: maskSecrets(r.error, source.config) })) };
  }

  @Allow('admin')
  @Post()
  @ApiBody({ type: SourceInput })
  async create(@Body() body: Record<string, unknown>, @CurrentUser() who: Principal | undefined): Promise<Source> {
    const source = await this.sources.create(toNewSource(body, 'body'));
    await this.scheduler.refresh(source.id);
    await this.access.audit(who ?? null, 'source.create', source.name, { kind: source.kind, cron: source.cron });
    return mapSource(source, this.scheduler.nextRun(source.id));
  }

  /** Any of the fields; `config`, when sent, replaces the whole configuration. */
  @Allow('admin')
  @Patch(':id')
  @ApiBody({ type: SourceInput, description: 'The fields to change' })
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentUser() who: Principal | undefined): Promise<Source> {
    const current = await this.sources.get(id);
    const merged = { name: current.name, kind: current.kind, config: current.config, cron: current.cron, enabled: current.enabled, format: current.format, retries: current.retries, ...body };
    const source = await this.sources.update(id, toNewSource(merged, 'body'));
    if (!source.enabled) this.sources.cancelRetry(id);
    await this.scheduler.refresh(id);
    await this.access.audit(who ?? null, 'source.update', source.name, { fields: Object.keys(body) });
    return mapSource(source, this.scheduler.nextRun(id));
  }

  @Allow('admin')
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ParseIntPipe) id: number, @CurrentUser() who: Principal | undefined) {
    const source = await this.sources.get(id);
    await this.sources.remove(id);
    await this.scheduler.refresh(id);
    await this.access.audit(who ?? null, 'source.delete', source.name, null);
  }

  /**
   * Runs the source now: 202 at once (its attempts, retries included, show in GET /api/sources/:id/runs), or with
   * `?wait=true` 201 when it is done, with its attempts (`ran: false` when it was already running somewhere).
   */
  @Allow('admin')
  @Post(':id/run')
  @ApiAcceptedResponse({ description: 'Started; its attempts show in GET /api/sources/{id}/runs', type: SourceRunAnswer })
  @ApiCreatedResponse({ description: 'With `?wait=true`: done, with its attempts (`ran: false` when it was already running elsewhere)', type: SourceRunAnswer })
  async run(@Param('id', ParseIntPipe) id: number, @Query() query: WaitQuery, @CurrentUser() who: Principal | undefined, @Res({ passthrough: true }) res: Response): Promise<SourceRunAnswer> {
    const before = await this.sources.get(id);
    await this.access.audit(who ?? null, 'source.run', before.name, { wait: query.wait === 'true' });
    const running = this.sources.run(id, 'manual');
    if (query.wait !== 'true') {
      running.catch((err) => this.logger.error(`source "${before.name}": ${err instanceof Error ? err.message : err}`));
      res.status(202);
      return { started: true, source: mapSource(before, this.scheduler.nextRun(id)) };
    }
    const outcome = await running;
    const attempts = outcome.attempts.map((a) => ({ ...a, error: maskSecrets(a.error, before.config) }));
    return { ...outcome, attempts, source: mapSource(await this.sources.get(id), this.scheduler.nextRun(id)) };
  }
}
