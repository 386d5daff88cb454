import { Body, Controller, Get, Param, ParseIntPipe, Patch, Query } from '@nestjs/common';
import { FlagQuery, MetricQuery, TimeseriesQuery, UpdateFlagBody } from './dtos/metrics.dto';
import { MetricsService } from './metrics.service';

@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics/overview')
  overview(@Query() q: MetricQuery) {
    return this.metrics.overview(q);
  }

  @Get('metrics/timeseries')
  timeseries(@Query() q: TimeseriesQuery) {
    return this.metrics.timeseries(q);
  }

  @Get('metrics/by-intent')
  byIntent(@Query() q: MetricQuery) {
    return this.metrics.byIntent(q);
  }

  @Get('breakdowns')
  breakdowns(@Query() q: MetricQuery) {
    return this.metrics.breakdowns(q);
  }

  @Get('flows')
  flows(@Query() q: MetricQuery) {
    return this.metrics.flows(q);
  }

  @Get('flags')
  flags(@Query() q: FlagQuery) {
    return this.metrics.flags(q);
  }

  @Patch('flags/:id')
  updateFlag(@Param('id', ParseIntPipe) id: number, @Body() body: UpdateFlagBody) {
    return this.metrics.updateFlag(id, body);
  }
}
