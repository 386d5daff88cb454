import { AnalysisService } from '../modules/analysis/analysis.service';
import { Command, commandContext, options, UsageError } from './common';

export async function analyseWith(analysis: AnalysisService, recluster: boolean): Promise<void> {
  const run = await analysis.schedule({
    recluster,
    onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\ranalysing: ${p.stage} ${Math.round((p.progress ?? 0) * 100)}%   `),
    onWaiting: (other) => console.log(`waiting for analysis ${other.id} (${other.owner ?? 'another process'}, ${other.stage ?? 'starting'}) to end: one analysis runs at a time`),
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(
    `analysis ${run.id}: ${run.messagesAnalysed} new customer messages, ${run.textsEmbedded} texts embedded (${run.cacheHits} from cache), ` +
      `${run.intents} intents${run.reclustered ? ', re-clustered' : ''} — vectors: ${run.embeddingEngine} (${run.embeddingModel}), sentiment: ${run.sentimentEngine} (${run.sentimentModel})`,
  );
  if (run.embeddingEngine === 'lexical') console.log('  no transformer model is installed: intents come from the lexical engine (see `seam models`)');
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = options('analyse', args, { recluster: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError('analyse', `unexpected ${positionals.join(' ')}`);
  const app = await commandContext();
  try {
    await analyseWith(app.get(AnalysisService), !!values.recluster);
  } finally {
    await app.close();
  }
  return 0;
}

export const analyseCommand: Command = {
  help: `analyse [--recluster]
      Analyse what is not analysed yet (intents, sentiment); --recluster clusters everything again.`,
  run,
};
