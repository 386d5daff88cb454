import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, ANALYTICS } from '../access/roles';
import { CachedRead } from '../cache/read-cache';
import { BehaviourService, CsvFile } from './behaviour.service';
import { BehaviourQuery, NextQuery, WhenQuery } from './dtos/behaviour.dto';
import { EffortAnswer, JourneyFlow, NextAfterAnswer, WhenAnswer } from '#contracts';

/** With `format=csv`, the view as a CSV download; else its JSON. */
function answer<T>(res: Response, format: string | undefined, value: T, file: (v: T) => CsvFile): T | string {
  if (format !== 'csv') return value;
  const { name, body } = file(value);
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}"`);
  return body;
}

/** Customers' behaviour across contacts: journeys, when they come, and their effort (docs/metrics.md). */
@Controller('behaviour')
@ApiProduces('application/json', 'text/csv')
export class BehaviourController {
  constructor(private readonly behaviour: BehaviourService) {}

  /** The flow of customers' journeys: from their first contact's intent to the next ones', with shares and gaps. */
  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('journeys')
  @ApiOkResponse({ type: JourneyFlow, description: 'JSON, or with format=csv a CSV download' })
  async journeys(@Query() q: BehaviourQuery, @Res({ passthrough: true }) res: Response): Promise<JourneyFlow | string> {
    return answer(res, q.format, await this.behaviour.journeys(q, { every: q.format === 'csv' }), (v) => this.behaviour.journeysCsv(v));
  }

  /** What customers contact about next after a contact about one intent (`of`). */
  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('journeys/next')
  @ApiOkResponse({ type: NextAfterAnswer, description: 'JSON, or with format=csv a CSV download' })
  async next(@Query() q: NextQuery, @Res({ passthrough: true }) res: Response): Promise<NextAfterAnswer | string> {
    return answer(res, q.format, await this.behaviour.next(q), (v) => this.behaviour.nextCsv(v));
  }

  /** Conversations by weekday × hour in a time zone, with escalation and deflection, and first replies after handoffs by hour. */
  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('when')
  @ApiOkResponse({ type: WhenAnswer, description: 'JSON, or with format=csv a CSV download' })
  async when(@Query() q: WhenQuery, @Res({ passthrough: true }) res: Response): Promise<WhenAnswer | string> {
    return answer(res, q.format, await this.behaviour.when(q), (v) => this.behaviour.whenCsv(v));
  }

  /** Customers' effort per intent and channel (turns, duration, contacts per resolved issue), and who spends the most. */
  @Allow(...ANALYTICS)
  @CachedRead()
  @Get('effort')
  @ApiOkResponse({ type: EffortAnswer, description: 'JSON, or with format=csv a CSV download' })
  async effort(@Query() q: BehaviourQuery, @Res({ passthrough: true }) res: Response): Promise<EffortAnswer | string> {
    return answer(res, q.format, await this.behaviour.effort(q), (v) => this.behaviour.effortCsv(v));
  }
}
