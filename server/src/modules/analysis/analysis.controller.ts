import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, ANALYTICS } from '../access/roles';
import { JobsService } from '../jobs/jobs.service';
import { AnalysisService } from './analysis.service';
import { WaitQuery } from '../../common/dtos/filter.dto';
import { AnalyseBody } from './dtos/intent.dto';
import { engineInfo } from './intents.service';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { AnalyseAnswer, AnalysisRun, AnalysisStatus } from '#contracts';

@Controller('analysis')
export class AnalysisController {
  constructor(
    private readonly analysis: AnalysisService,
    private readonly jobs: JobsService,
  ) {}

  /** The latest runs, and which engines produced the numbers shown. */
  @Allow(...ANALYTICS)
  @Get()
  async status(): Promise<AnalysisStatus> {
    const { runs, last } = await this.analysis.status();
    return { engine: engineInfo(last), runs };
  }

  /** Runs the analysis now (incrementally, or `{"recluster": true}`); 202 at once, or 201 with the run when `?wait=true`. */
  @Allow('admin')
  @Post()
  @ApiExtraModels(AnalysisRun, AnalyseAnswer)
  @ApiCreatedResponse({ description: 'With `?wait=true`: the finished run (with workers, `queued` and the run so far)', schema: { oneOf: [{ $ref: getSchemaPath(AnalysisRun) }, { $ref: getSchemaPath(AnalyseAnswer) }] } })
  @ApiAcceptedResponse({ description: 'Scheduled (with workers, queued)', type: AnalyseAnswer })
  async run(@Body() body: AnalyseBody, @Query() query: WaitQuery, @Res({ passthrough: true }) res: Response): Promise<AnalysisRun | AnalyseAnswer> {
    const recluster = body.recluster === true || body.recluster === 'true';
    if (query.wait === 'true') {
      res.status(201);
      return this.analysis.requestAndWait({ recluster });
    }
    if (this.jobs.queued) {
      // With workers, the run happens in one of them: the answer is that it is queued (GET /api/analysis follows it).
      await this.analysis.request({ recluster });
      res.status(202);
      return { scheduled: true, queued: true, recluster };
    }
    this.analysis.schedule({ recluster }).catch(() => undefined);
    res.status(202);
    return { scheduled: true, recluster };
  }
}
