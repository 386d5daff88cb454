import { Body, Controller, Get, Param, ParseIntPipe, Patch, Query } from '@nestjs/common';
import { CurrentUser } from '../access/access.guard';
import { AccessService, DEMO_USER } from '../access/access.service';
import { CachedRead } from '../cache/read-cache';
import { Allow, ANALYTICS, Principal, REVIEWERS } from '../access/roles';
import { CompareQuery, FlagQuery, MetricQuery, SegmentQuery, TimeseriesQuery, UpdateFlagBody } from './dtos/metrics.dto';
import { MetricsService } from './metrics.service';
import type { AssigneeList, Breakdowns, ByIntentList, Flag, FlagPage, Flows, Overview, SegmentList, Timeseries, VersionComparison } from '#contracts';

@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly access: AccessService,
  ) {}

  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('metrics/overview')
  overview(@Query() q: MetricQuery): Promise<Overview> {
    return this.metrics.overview(q);
  }

  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('metrics/timeseries')
  timeseries(@Query() q: TimeseriesQuery): Promise<Timeseries> {
    return this.metrics.timeseries(q);
  }

  /** The same number of days before and after a bot version went live: the rates, and which moved beyond chance. */
  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('metrics/compare')
  compare(@Query() q: CompareQuery): Promise<VersionComparison> {
    return this.metrics.compare(q);
  }

  /** The rates per segment: new and returning customers, channels, or a metadata field of the logs (meta.plan). */
  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('metrics/segments')
  segments(@Query() q: SegmentQuery): Promise<SegmentList> {
    return this.metrics.segments(q);
  }

  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('metrics/by-intent')
  byIntent(@Query() q: MetricQuery): Promise<ByIntentList> {
    return this.metrics.byIntent(q);
  }

  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('breakdowns')
  breakdowns(@Query() q: MetricQuery): Promise<Breakdowns> {
    return this.metrics.breakdowns(q);
  }

  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('flows')
  flows(@Query() q: MetricQuery): Promise<Flows> {
    return this.metrics.flows(q);
  }

  @Allow(...REVIEWERS)
  @Get('flags')
  flags(@Query() q: FlagQuery): Promise<FlagPage> {
    return this.metrics.flags(q);
  }

  /** Who a flag can be assigned to: the active accounts' usernames. */
  @Allow(...REVIEWERS)
  @Get('flags/assignees')
  async assignees(): Promise<AssigneeList> {
    return { items: (await this.access.users()).filter((u) => !u.disabled && u.username !== DEMO_USER).map((u) => ({ username: u.username, role: u.role })) };
  }

  /** Review actions, each in the audit log. */
  @Allow(...REVIEWERS)
  @Patch('flags/:id')
  async updateFlag(@Param('id', ParseIntPipe) id: number, @Body() body: UpdateFlagBody, @CurrentUser() p: Principal): Promise<Flag> {
    const flag = await this.metrics.updateFlag(id, body, p);
    await this.access.audit(p, 'flag.update', `flag:${id}`, { status: body.status, assignee: body.assignee, note: body.note });
    return flag;
  }
}
