import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  centroidOf,
  clusterKeywords,
  DEFAULT_LEXICAL,
  deserializeLexical,
  embedLexical,
  fitLexical,
  HUMAN_REQUEST_EXAMPLES,
  humanRequestPrototypes,
  kmeans,
  needsRefit,
  semanticSignals,
  sentimentTrajectory,
  serializeLexical,
} from '../../../../analytics/src';
import { conversationIntent, frequentExamples, intentKey, intentLabel, messageIntent, resolveMerged } from '../../../../analytics/src/intents/assign';
import { BOT_LOW_CONFIDENCE } from '#contracts';
import { textHash } from '../../../../analytics/src/intents/candidates';
import { phraseLabel } from '../../../../analytics/src/intents/label';
import { isAlive, PROCESS_NAME } from '../../common/process-name';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROWS_PER_TRANSACTION } from '../../database/transaction';
import { DataVersion } from '../cache/read-cache';
import { JobsService, QUEUES } from '../jobs/jobs.service';
import { AnalysisThread } from './analysis-thread';
import { EmbeddingEngine, SentimentEngine } from '../models/engines';
import { ModelsService } from '../models/models.service';
import { AnalysisRunsRepository } from './analysis-runs.repository';
import { AnalysisRunRow, DistinctText, SpaceRow } from './analysis-rows';
import { ConversationAnalysisRepository } from './conversation-analysis.repository';
import { IntentDiscovery } from './intent-discovery';
import { IntentRecognition } from './intent-recognition';
import { IntentsRepository } from './intents.repository';
import { VectorsRepository } from './vectors.repository';

export interface AnalyseOptions {
  /** Cluster everything again instead of adding new messages to the intents there are. */
  recluster?: boolean;
  /** Score and embed the new messages in parts that any worker takes from the queue (SEAM_JOBS=queue). */
  distributed?: boolean;
  /** The queue job this run is (with workers), released if the run falls silent. */
  jobId?: string;
  onProgress?: (run: Partial<AnalysisRunRow>) => void;
  /** Called when another process's run is in progress and this one waits for it to end. */
  onWaiting?: (other: AnalysisRunRow) => void;
}

const PAGE = 5000;
const PART_POLL_MS = 500;
/** How often a run waiting for another process's run looks again. */
const TURN_POLL_MS = 1000;
/** A running analysis says it is alive this often; every process with workers looks for silent ones this often. */
const HEARTBEAT_MS = 30_000;
const SWEEP_MS = 60_000;
/** Texts per call to the embedding engine. */
const EMBED_BATCH = 256;
/** Conversations whose semantic signals are computed and written together. */
const SIGNAL_CONVERSATIONS = 2000;
/** The lexical space is fitted again (and everything re-embedded) once the corpus has grown this much. */
const REFIT_GROWTH = 3;
const LEXICAL_FIT_SAMPLE = 50_000;
const LEXICAL_MODEL_ID = 'seam-lexical-v1';

/**
 * The analysis job: sentiment for every new customer message, vectors for every new distinct text (cached per
 * embedding space), intents (new texts join the intents there are; a full re-cluster keeps intent ids by overlap,
 * and merges and renames made by managers), a 2-D map, and per-conversation intent and sentiment trajectory.
 * One run at a time per process; a run after an import only does what is new.
 */
@Injectable()
export class AnalysisService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AnalysisService.name);
  private current: Promise<AnalysisRunRow> | null = null;
  private next: Promise<AnalysisRunRow> | null = null;
  private starting: Promise<unknown> | null = null;
  private readonly afterRun: ((run: AnalysisRunRow) => Promise<unknown>)[] = [];
  private readonly afterIntentEdit: (() => Promise<unknown>)[] = [];
  private sweeper: NodeJS.Timeout | undefined;
  /** Set when Seam stops: a run waiting for another process's gives up. */
  private closing = false;
  /** Where the server's runs happen, off the thread that answers requests (SeamConfig.analysisInThread). */
  private readonly thread: AnalysisThread | null;

  /** A worker's engines, loaded once for all the parts it takes. */
  private workerEngines: Promise<{ sentiment: SentimentEngine; transformer: EmbeddingEngine | null }> | null = null;

  constructor(
    private readonly runs: AnalysisRunsRepository,
    private readonly vectors: VectorsRepository,
    private readonly intents: IntentsRepository,
    private readonly recognition: IntentRecognition,
    private readonly discovery: IntentDiscovery,
    private readonly conversations: ConversationAnalysisRepository,
    private readonly models: ModelsService,
    private readonly jobs: JobsService,
    private readonly version: DataVersion,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {
    this.thread = config.analysisInThread ? new AnalysisThread(config) : null;
  }

  /**
   * Every process looks for runs whose process died (on this host: its pid is gone; anywhere: its heartbeat is older
   * than SEAM_STALE_ANALYSIS_SECONDS) at start and then each minute. A run of another live process is never failed.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.insideThread) return;
    await this.sweepSilentRuns();
    this.sweeper = setInterval(() => {
      this.sweepSilentRuns().catch((err: Error) => this.logger.error(`looking for silent analysis runs: ${err.message}`));
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  /**
   * Fails the runs whose process is gone: on this host, its pid is no longer alive; anywhere, its heartbeat is
   * older than SEAM_STALE_ANALYSIS_SECONDS (killed, out of memory, its machine gone). With workers their queue job
   * fails too, and the queue retries it on a live worker; without this the job would hold the queue until it
   * expires hours later. What the dead run stored stays: the next run analyses only what is still new. A run that
   * was only slow finds out at its next heartbeat and stops.
   */
  async sweepSilentRuns(): Promise<number[]> {
    const silentFor = Math.round(this.config.staleAnalysisMs / 1000);
    // Read first: the processes waiting for their turn ask every second, and a write each time would contend.
    const running = await this.runs.runningRun();
    if (!running || ((running.heartbeatAt ?? running.startedAt) >= Date.now() - this.config.staleAnalysisMs && (!running.owner || isAlive(running.owner)))) return [];
    const gone = running.owner && !isAlive(running.owner) ? [running.id] : [];
    const failed = await this.runs.failSilentRuns(Date.now() - this.config.staleAnalysisMs, `its process stopped (no heartbeat for ${silentFor} s, or its pid is gone); the next run analyses what it left`, gone);
    for (const run of failed) {
      this.logger.warn(`analysis ${run.id} (process ${run.owner ?? 'unknown'}) stopped before the end: failed${run.jobId ? ', and its job given back to the queue' : ''}`);
      if (run.jobId && this.jobs.queued) await this.jobs.fail(QUEUES.analyse, run.jobId, `analysis ${run.id} fell silent`);
    }
    if (failed.length > 0 && this.jobs.queued) await this.jobs.requestAnalysis();
    return failed.map((r) => r.id);
  }

  /** The last runs (newest first) and the engines of the last completed one, for GET /api/analysis. */
  async status(): Promise<{ runs: AnalysisRunRow[]; last: AnalysisRunRow | null }> {
    const [runs, last] = await Promise.all([this.runs.latestRuns(10), this.runs.lastCompletedRun()]);
    return { runs, last };
  }

  /** An analysis of what is new: run here, or (SEAM_JOBS=queue) a job for the workers. */
  request(options: { recluster?: boolean } = {}): Promise<unknown> {
    return this.jobs.queued ? this.jobs.requestAnalysis(options.recluster) : this.schedule(options);
  }

  /**
   * Requests a run and answers it once it has ended: here, or with workers (SEAM_JOBS=queue) when the worker
   * that took the job has finished it (the run that job made, or failed: the queue retries it).
   */
  async requestAndWait(options: { recluster?: boolean } = {}): Promise<AnalysisRunRow | { queued: true; jobState: string | null; run: AnalysisRunRow | null }> {
    if (!this.jobs.queued) return this.schedule(options);
    const job = await this.jobs.requestAnalysis(options.recluster);
    const jobState = job ? await this.jobs.settled(QUEUES.analyse, job) : null;
    const run = job ? await this.runs.runOfJob(job) : null;
    return run && jobState === 'completed' ? run : { queued: true, jobState, run };
  }

  /** Work that belongs to every run and needs its results (the metrics and flags); awaited before the run resolves. */
  onRunCompleted(hook: (run: AnalysisRunRow) => Promise<unknown>): void {
    this.afterRun.push(hook);
  }

  /** Work that follows a manager's merge or split (the metrics by intent); awaited before the edit answers. */
  onIntentsEdited(hook: () => Promise<unknown>): void {
    this.afterIntentEdit.push(hook);
  }

  /** A run in progress finishes before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    while (this.current || this.next || this.starting) await (this.next ?? this.current ?? this.starting)?.catch(() => undefined);
    await this.thread?.stop();
  }

  /** Schedules a run when customer messages are waiting for one. */
  scheduleIfPending(): void {
    this.starting = this.runs
      .pendingCustomerMessages('', 1)
      .then((pending) => (pending.length > 0 ? this.request() : undefined))
      .catch((err) => this.logger.error(`analysis at start failed: ${(err as Error).message}`))
      .finally(() => (this.starting = null));
  }

  /** Starts a run, or (when one is running) one more after it, shared by every caller meanwhile: it covers all that came in. */
  schedule(options: AnalyseOptions = {}): Promise<AnalysisRunRow> {
    if (!this.current) {
      this.current = this.analyse(options).finally(() => {
        this.current = null;
      });
      return this.current;
    }
    this.next ??= this.current
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.schedule(options);
      });
    return this.next;
  }

  /** The server's runs go to the analysis thread (AnalysisThread); everyone else's run here. */
  private analyse(options: AnalyseOptions): Promise<AnalysisRunRow> {
    if (this.thread && !options.distributed) return this.thread.run({ recluster: options.recluster, jobId: options.jobId }, options.onProgress);
    return this.analyseHere(options);
  }

  private async analyseHere(options: AnalyseOptions): Promise<AnalysisRunRow> {
    const transformer = await this.models.transformerEmbedding();
    const sentiment = await this.models.sentiment();
    const runId = await this.takeTurn(
      {
        embeddingEngine: transformer ? 'transformer' : 'lexical',
        embeddingModel: transformer ? transformer.modelId : LEXICAL_MODEL_ID,
        sentimentEngine: sentiment.engine,
        sentimentModel: sentiment.modelId,
        jobId: options.jobId ?? null,
      },
      options,
    );
    const startedAt = Date.now();
    // Alive while it awaits (a long synchronous step, such as clustering, is covered by SEAM_STALE_ANALYSIS_SECONDS).
    const heartbeat = setInterval(() => void this.runs.heartbeat(runId).catch(() => undefined), HEARTBEAT_MS);
    heartbeat.unref();
    const progress = async (stage: string, fraction: number, extra: Partial<AnalysisRunRow> = {}) => {
      if (!(await this.runs.heartbeat(runId, { stage, progress: fraction, ...extra }))) {
        throw new Error(`analysis ${runId} was taken as dead by another process (silent for SEAM_STALE_ANALYSIS_SECONDS) and stops here`);
      }
      options.onProgress?.({ id: runId, stage, progress: fraction, ...extra });
    };
    try {
      const { analysed, conversations } = options.distributed ? await this.scoreByWorkers(runId, transformer, progress) : await this.scoreNewMessages(runId, sentiment, progress);
      const all = await this.vectors.distinctTexts();
      const space = await this.embeddingSpace(transformer, all, options.recluster ?? false);
      const { texts, vectors, embedded, hits } = await this.vectorsFor(space, all, (done) => progress('embedding', 0.3 + 0.4 * done));
      await progress('clustering', 0.7, { textsEmbedded: embedded, cacheHits: hits, messagesAnalysed: analysed });
      const { intents, reclustered, changed } = await this.discovery.assign(space, texts, vectors, options.recluster ?? false);
      await progress('signals', 0.85, { intents, reclustered });
      const signalled = space.engine === 'transformer' ? await this.semanticSignals(space, texts, vectors) : [];
      await progress('conversations', 0.9);
      // The conversations of texts that changed intent or act (a new bot version moves old messages too) are summarised again.
      const moved = reclustered ? [] : await this.conversations.conversationsOfTexts(changed);
      await this.summariseConversations(reclustered ? null : [...new Set([...conversations, ...signalled, ...moved])], runId);
      await this.runs.updateRun(runId, { status: 'completed', finishedAt: Date.now(), progress: 1, stage: 'done' });
      await this.version.bump();
      const [run] = await this.runs.latestRuns(1);
      for (const hook of this.afterRun) await hook(run);
      this.logger.log(
        `analysis ${runId}: ${analysed} new messages, ${embedded} texts embedded (${hits} cached), ${intents} intents${reclustered ? ' (re-clustered)' : ''}, ` +
          `${run.embeddingEngine} vectors, ${run.sentimentEngine} sentiment, in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
      );
      return run;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.error(`analysis ${runId} failed: ${message}`);
      await this.runs.updateRun(runId, { status: 'failed', finishedAt: Date.now(), error: message });
      throw err;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Starts this process's run once no other runs on the database (one at a time across processes), waiting for the
   * one that does; a dead one's run is failed while it waits (sweepSilentRuns). Gives up only when Seam stops.
   */
  private async takeTurn(run: Pick<AnalysisRunRow, 'embeddingEngine' | 'embeddingModel' | 'sentimentEngine' | 'sentimentModel' | 'jobId'>, options: AnalyseOptions): Promise<number> {
    let waitingFor: number | null = null;
    for (;;) {
      const other = await this.runs.runningRun();
      if (!other) {
        const id = await this.runs.createRun({ ...run, status: 'running', startedAt: Date.now(), owner: PROCESS_NAME });
        if (id !== null) return id;
        continue;
      }
      if (other.id !== waitingFor) {
        waitingFor = other.id;
        this.logger.log(`waiting for analysis ${other.id} (${other.owner ?? 'another process'}) to end: one analysis runs at a time`);
        options.onWaiting?.(other);
      }
      if (this.closing) throw new Error(`Seam stopped while analysis ${waitingFor ?? ''} of another process was running; the next run analyses what is new`);
      await sleep(TURN_POLL_MS);
      await this.sweepSilentRuns();
    }
  }

  /**
   * The new messages split into id ranges, one queue job each; any worker (this one too) scores and embeds a part.
   * Waits for every part; a part that failed after its retries fails the run.
   */
  private async scoreByWorkers(runId: number, transformer: EmbeddingEngine | null, progress: (stage: string, f: number) => Promise<void>) {
    if (transformer) await this.embeddingSpace(transformer, [], false);
    const bounds = await this.runs.pendingBounds(this.config.analysisPartSize);
    const parts = bounds.map((until, part) => ({ part, after: part === 0 ? '' : bounds[part - 1], until }));
    await this.runs.createParts(runId, parts);
    for (const p of parts) await this.runs.setPartJob(runId, p.part, await this.jobs.sendPart({ runId, part: p.part }));
    for (let polls = 1; ; polls++) {
      const state = await this.runs.parts(runId);
      const done = state.filter((p) => p.status === 'done');
      await progress('sentiment', 0.3 * (state.length === 0 ? 1 : done.length / state.length));
      if (done.length === state.length) {
        this.logger.log(`analysis ${runId}: ${state.length} parts by ${new Set(state.map((p) => p.worker)).size} workers`);
        return { analysed: done.reduce((n, p) => n + p.stored, 0), conversations: new Set(await this.conversations.conversationsOfRun(runId)) };
      }
      if (polls % 10 === 0) {
        for (const p of state.filter((x) => x.status !== 'done' && x.jobId)) {
          if ((await this.jobs.state(QUEUES.part, p.jobId!)) === 'failed') throw new Error(`part ${p.part} of the run failed after its retries (see the worker's log)`);
        }
        // A part whose worker died goes back to the queue now, not when its job expires an hour later.
        for (const p of await this.runs.silentParts(runId, Date.now() - this.config.staleAnalysisMs)) {
          if (!p.jobId) continue;
          this.logger.warn(`analysis ${runId}: part ${p.part} (worker ${p.worker ?? 'unknown'}) fell silent; its job goes back to the queue`);
          await this.runs.releasePart(runId, p.part);
          await this.jobs.fail(QUEUES.part, p.jobId, `part ${p.part} fell silent`);
        }
      }
      await sleep(PART_POLL_MS);
    }
  }

  /** One part of a distributed run (a queue job): sentiment of its messages, and their vectors with a transformer model. */
  async scorePart(runId: number, part: number, worker: string): Promise<void> {
    const range = await this.runs.part(runId, part);
    if (!range || range.status === 'done') return;
    await this.runs.startPart(runId, part, worker);
    this.workerEngines ??= Promise.all([this.models.sentiment(), this.models.transformerEmbedding()]).then(([sentiment, transformer]) => ({ sentiment, transformer }));
    const { sentiment, transformer } = await this.workerEngines;
    const space = transformer ? await this.vectors.findSpace('transformer', transformer.modelId) : null;
    const counts = { scored: 0, stored: 0, embedded: 0 };
    for (let after = range.after; ; ) {
      const page = await this.runs.pendingCustomerMessages(after, PAGE, range.until);
      if (page.length === 0) break;
      const scores = await sentiment.score(page.map((m) => m.text));
      const rows = page.map((m, i) => ({ message: m, textHash: textHash(m.text), sentiment: scores[i].score, label: scores[i].label }));
      if (transformer && space) {
        const texts = new Map(rows.map((r) => [r.textHash, r.message.text]));
        const cached = await this.vectors.vectors(space.id, [...texts.keys()]);
        const missing = [...texts].filter(([hash]) => !cached.has(hash)).map(([hash, text]) => ({ hash, text }));
        await this.embedAndCache(space.id, space.dims, transformer, missing);
        counts.embedded += missing.length;
      }
      counts.stored += await this.runs.insertMessageAnalysis(rows, runId);
      counts.scored += page.length;
      after = page[page.length - 1].id;
      await this.runs.partHeartbeat(runId, part);
    }
    await this.runs.finishPart(runId, part, counts);
  }

  /** Sentiment and text hash for each customer message not analysed yet. */
  private async scoreNewMessages(runId: number, engine: SentimentEngine, progress: (stage: string, f: number) => Promise<void>) {
    let after = '';
    let analysed = 0;
    const conversations = new Set<string>();
    // Stored several pages to a transaction (ROWS_PER_TRANSACTION).
    let unwritten: Parameters<AnalysisRunsRepository['insertMessageAnalysis']>[0] = [];
    for (;;) {
      const page = await this.runs.pendingCustomerMessages(after, PAGE);
      if (page.length === 0) break;
      const scores = await engine.score(page.map((m) => m.text));
      unwritten.push(...page.map((m, i) => ({ message: m, textHash: textHash(m.text), sentiment: scores[i].score, label: scores[i].label })));
      if (unwritten.length >= ROWS_PER_TRANSACTION) {
        await this.runs.insertMessageAnalysis(unwritten, runId);
        unwritten = [];
      }
      for (const m of page) conversations.add(m.conversationId);
      analysed += page.length;
      after = page[page.length - 1].id;
      await progress('sentiment', Math.min(0.3, 0.3 * (analysed / (analysed + PAGE))));
    }
    if (unwritten.length > 0) await this.runs.insertMessageAnalysis(unwritten, runId);
    return { analysed, conversations };
  }

  /**
   * With a transformer model: each customer turn's closeness to asking for a person and to the earlier turns of
   * its conversation, for the detectors; for every conversation not yet signalled in this space (new ones, or all
   * after a model change). Returns the conversations it updated.
   */
  private async semanticSignals(space: SpaceRow & { engine_: EmbeddingEngine }, texts: DistinctText[], vectors: Float32Array): Promise<string[]> {
    const ids = await this.conversations.conversationsWithoutSignals(space.id);
    if (ids.length === 0) return [];
    const dims = space.dims;
    const examples = await space.engine_.embed(HUMAN_REQUEST_EXAMPLES);
    const prototypes = humanRequestPrototypes(HUMAN_REQUEST_EXAMPLES.map((_, i) => examples.subarray(i * dims, (i + 1) * dims)));
    const row = new Map(texts.map((t, i) => [t.hash, i]));
    for (let i = 0; i < ids.length; i += SIGNAL_CONVERSATIONS) {
      const turns = await this.conversations.customerTurns(ids.slice(i, i + SIGNAL_CONVERSATIONS));
      const signals = [];
      for (let start = 0; start < turns.length; ) {
        let end = start;
        while (end < turns.length && turns[end].conversationId === turns[start].conversationId) end++;
        const embedded = turns
          .slice(start, end)
          .filter((t) => row.has(t.hash))
          .map((t) => ({ id: t.id, vector: vectors.subarray(row.get(t.hash)! * dims, (row.get(t.hash)! + 1) * dims) }));
        signals.push(...semanticSignals(embedded, prototypes));
        start = end;
      }
      await this.conversations.saveSignals(space.id, signals);
    }
    return ids;
  }

  /** The space vectors live in: the transformer model's, or the lexical one fitted on the corpus (again when it grew a lot). */
  private async embeddingSpace(transformer: EmbeddingEngine | null, texts: DistinctText[], recluster: boolean): Promise<SpaceRow & { engine_: EmbeddingEngine }> {
    if (transformer) {
      let space = await this.vectors.findSpace('transformer', transformer.modelId);
      if (!space) {
        const probe = await transformer.embed(['dimension probe']);
        const id = await this.vectors.createSpace('transformer', transformer.modelId, probe.length, null, 0);
        space = (await this.vectors.findSpace('transformer', transformer.modelId))!;
        this.logger.log(`new embedding space ${id} for ${transformer.modelId}`);
      }
      return { ...space, engine_: transformer };
    }
    let space = await this.vectors.findSpace('lexical', LEXICAL_MODEL_ID);
    let model = space && deserializeLexical(space.state!);
    // Texts not analysed yet that the space cannot read: customers began writing in another language, or about
    // words it never saw (analytics' needsRefit).
    const unreadable = model !== null && needsRefit(model, texts.filter((t) => t.unassigned > 0 && t.text !== '').map((t) => t.text), texts.length);
    if (!space || !model || unreadable || (recluster && texts.length > space.fittedOn * REFIT_GROWTH)) {
      if (texts.length === 0) throw new SeamException(SeamErrorCode.NotFound, 'no customer messages to analyse yet');
      const step = Math.max(1, Math.ceil(texts.length / LEXICAL_FIT_SAMPLE));
      // The bot's training phrases too, so that their words are in the space.
      const sample = [...texts.filter((t, i) => i % step === 0 && t.text !== '').map((t) => t.text), ...(await this.recognition.exampleTexts())];
      model = fitLexical(sample, { ...DEFAULT_LEXICAL, minDf: sample.length < 2000 ? 1 : DEFAULT_LEXICAL.minDf });
      await this.vectors.createSpace('lexical', LEXICAL_MODEL_ID, model.options.dims, serializeLexical(model), sample.length);
      space = (await this.vectors.findSpace('lexical', LEXICAL_MODEL_ID))!;
      const why = unreadable ? ': many new texts were in words the previous space could not read' : '';
      this.logger.log(`fitted the lexical space ${space.id} on ${sample.length} texts (${model.columns.size} features, ${model.options.dims} dimensions)${why}`);
    }
    const fitted = model;
    const engine: EmbeddingEngine = { engine: 'lexical', modelId: LEXICAL_MODEL_ID, embed: async (batch) => embedLexical(fitted, batch) };
    return { ...space, engine_: engine };
  }

  /**
   * Vectors for all distinct texts: from the cache, embedding (and caching) only the missing ones. A text emptied
   * by retention and not in this space's cache cannot be embedded: it is left out (its messages keep their intent).
   */
  private async vectorsFor(space: SpaceRow & { engine_: EmbeddingEngine }, all: DistinctText[], onProgress: (f: number) => Promise<void>) {
    const dims = space.dims;
    const cached = await this.vectors.vectors(space.id, all.map((t) => t.hash));
    const texts = all.filter((t) => cached.has(t.hash) || t.text !== '');
    const missing = texts.filter((t) => !cached.has(t.hash));
    for (const r of await this.embedAndCache(space.id, dims, space.engine_, missing, onProgress)) cached.set(r.hash, r.vector);
    const vectors = new Float32Array(texts.length * dims);
    texts.forEach((t, i) => vectors.set(cached.get(t.hash)!, i * dims));
    return { texts, vectors, embedded: missing.length, hits: texts.length - missing.length };
  }

  /** Embeds texts the space's cache lacks, in batches, and caches their vectors. */
  private async embedAndCache(spaceId: number, dims: number, engine: EmbeddingEngine, missing: { hash: string; text: string }[], onProgress?: (f: number) => Promise<void>) {
    const done: { hash: string; vector: Float32Array }[] = [];
    for (let i = 0; i < missing.length; i += EMBED_BATCH) {
      const batch = missing.slice(i, i + EMBED_BATCH);
      const out = await engine.embed(batch.map((t) => t.text));
      const rows = batch.map((t, j) => ({ hash: t.hash, vector: out.slice(j * dims, (j + 1) * dims) }));
      await this.vectors.saveVectors(spaceId, rows);
      done.push(...rows);
      await onProgress?.(Math.min(1, (i + batch.length) / missing.length));
    }
    return done;
  }

  private async summariseConversations(conversationIds: string[] | null, runId: number): Promise<void> {
    const rows = await this.conversations.conversationSentiments(conversationIds);
    // The bot's intents Seam knows (from its imported definition), by name, merges followed.
    const merged = await this.intents.mergedInto();
    const botIntents = new Map(
      (await this.intents.intents(null, ['active', 'merged'])).filter((r) => r.origin === 'bot').map((r) => [intentKey(r.label), resolveMerged(r.id, merged)] as const),
    );
    const out: Parameters<ConversationAnalysisRepository['upsertConversationAnalysis']>[0] = [];
    let i = 0;
    while (i < rows.length) {
      const id = rows[i].conversationId;
      const scores: number[] = [];
      const intents: (number | null)[] = [];
      while (i < rows.length && rows[i].conversationId === id) {
        if (rows[i].sentiment !== null) scores.push(rows[i].sentiment!);
        intents.push(messageIntent(rows[i], botIntents, BOT_LOW_CONFIDENCE));
        i++;
      }
      const intent = conversationIntent(intents);
      const t = sentimentTrajectory(scores);
      out.push({ conversationId: id, intentId: intent, start: t?.start ?? null, end: t?.end ?? null, min: t?.min ?? null, maxDrop: t?.maxDrop ?? null });
    }
    await this.conversations.upsertConversationAnalysis(out, runId);
  }

  /** Splits an intent in two (k-means on its texts); both halves are locked so later runs keep the split. */
  async split(intentId: number): Promise<{ kept: number; created: number }> {
    const intent = await this.intents.intent(intentId);
    if (!intent || intent.status !== 'active') throw new SeamException(SeamErrorCode.NotFound, `no active intent ${intentId}`);
    // The bot's intents follow the bot's definition, and Unclear is what fits nothing: neither is split here.
    if (intent.origin === 'bot' || intent.origin === 'unclear') throw new SeamException(SeamErrorCode.BadFilter, `intent ${intentId} is ${intent.origin === 'bot' ? 'one of the bot\'s intents: change its training examples' : 'the unclear texts'}; split a candidate or a kept intent`);
    const texts = await this.intents.intentTexts(intentId);
    if (texts.length < 2) throw new SeamException(SeamErrorCode.BadFilter, `intent ${intentId} has fewer than two distinct texts; nothing to split`);
    const space = (await this.vectors.findSpaceById(intent.spaceId))!;
    const cached = await this.vectors.vectors(space.id, texts.map((t) => t.hash));
    const dims = space.dims;
    const vectors = new Float32Array(texts.length * dims);
    texts.forEach((t, i) => vectors.set(cached.get(t.hash)!, i * dims));
    const { assignments } = kmeans(vectors, dims, 2, { seed: 3 });
    const second = texts.map((_, i) => i).filter((i) => assignments[i] === 1);
    const first = texts.map((_, i) => i).filter((i) => assignments[i] === 0);
    if (second.length === 0 || first.length === 0) throw new SeamException(SeamErrorCode.BadFilter, `intent ${intentId} does not split: its texts are all alike`);
    const created = await this.intents.createIntent({ ...intent, label: `${intent.label} (split)`, customLabel: null, centroid: centroidOf(vectors, dims, second), locked: true, status: 'active', mergedInto: null, origin: intent.origin, botIntentId: null });
    await this.intents.updateIntent(intentId, { centroid: centroidOf(vectors, dims, first), locked: true });
    await this.intents.assignIntents(second.map((i) => ({ hash: texts[i].hash, intentId: created })));
    await this.refreshIntent(intentId, space);
    await this.refreshIntent(created, space);
    await this.summariseConversations(null, (await this.runs.lastCompletedRun())?.id ?? 0);
    for (const hook of this.afterIntentEdit) await hook();
    await this.version.bump();
    return { kept: intentId, created };
  }

  /** Merges an intent into another; later runs send its texts to the target. */
  async merge(intentId: number, into: number): Promise<void> {
    if (intentId === into) throw new SeamException(SeamErrorCode.BadFilter, 'an intent cannot be merged into itself');
    const [from, to] = [await this.intents.intent(intentId), await this.intents.intent(into)];
    if (!from || from.status !== 'active') throw new SeamException(SeamErrorCode.NotFound, `no active intent ${intentId}`);
    if (!to || to.status !== 'active') throw new SeamException(SeamErrorCode.NotFound, `no active intent ${into}`);
    await this.intents.moveIntent(intentId, into);
    await this.intents.updateIntent(intentId, { status: 'merged', mergedInto: into, size: 0 });
    // A candidate that received a merge is a manager's decision: it stays through re-clusterings.
    if (to.origin === 'discovered') await this.intents.updateIntent(into, { locked: true });
    await this.refreshIntent(into, (await this.vectors.findSpaceById(to.spaceId))!);
    for (const hook of this.afterIntentEdit) await hook();
    await this.version.bump();
  }

  /** A candidate a manager keeps, under a name: it stays (locked) through later runs and leaves the gaps. */
  async accept(intentId: number, label: string): Promise<void> {
    const intent = await this.intents.intent(intentId);
    if (!intent || intent.status !== 'active' || intent.origin !== 'discovered') throw new SeamException(SeamErrorCode.NotFound, `no candidate intent ${intentId}`);
    await this.intents.updateIntent(intentId, { origin: 'accepted', customLabel: label, locked: true });
    for (const hook of this.afterIntentEdit) await hook();
    await this.version.bump();
  }

  /** A candidate a manager dismisses: its messages stay with it, out of the gaps and the intents. */
  async dismiss(intentId: number): Promise<void> {
    const intent = await this.intents.intent(intentId);
    if (!intent || intent.status !== 'active' || intent.origin !== 'discovered') throw new SeamException(SeamErrorCode.NotFound, `no candidate intent ${intentId}`);
    await this.intents.updateIntent(intentId, { status: 'dismissed' });
    for (const hook of this.afterIntentEdit) await hook();
    await this.version.bump();
  }

  async rename(intentId: number, label: string | null): Promise<void> {
    const intent = await this.intents.intent(intentId);
    if (!intent) throw new SeamException(SeamErrorCode.NotFound, `no intent ${intentId}`);
    await this.intents.updateIntent(intentId, { customLabel: label });
    await this.version.bump();
  }

  private async refreshIntent(id: number, space: SpaceRow): Promise<void> {
    const intent = await this.intents.intent(id);
    const texts = await this.intents.intentTexts(id);
    const cached = await this.vectors.vectors(space.id, texts.map((t) => t.hash));
    const dims = space.dims;
    const vectors = new Float32Array(texts.length * dims);
    texts.forEach((t, i) => vectors.set(cached.get(t.hash) ?? new Float32Array(dims), i * dims));
    const centroid = centroidOf(vectors, dims, texts.map((_, i) => i));
    const all = await this.intents.intents(space.id);
    const others = await Promise.all(all.filter((a) => a.id !== id).map(async (a) => ({ text: (await this.intents.intentTexts(a.id)).map((t) => ({ text: t.text, count: t.count })) })));
    const [keywords] = clusterKeywords([texts.map((t) => ({ text: t.text, count: t.count })), ...others.map((o) => o.text)]);
    const sizes = await this.intents.intentSizes();
    const examples = frequentExamples(texts);
    const label = intent?.origin === 'bot' ? intent.label : intentLabel(phraseLabel(texts), keywords, examples);
    await this.intents.updateIntent(id, { centroid, keywords, label, size: sizes.get(id) ?? 0, examples });
  }
}
