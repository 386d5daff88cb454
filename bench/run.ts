import { actsBench } from './acts.bench';
import { alertsBench } from './alerts.bench';
import { conversationIntentsBench } from './conversation-intents.bench';
import { importBench } from './import.bench';
import { clusterBench } from './cluster.bench';
import { embedBench } from './embed.bench';
import { intentsBench } from './intents.bench';
import { loadBench } from './load.bench';
import { metricsBench } from './metrics.bench';
import { scaleBench } from './scale.bench';
import { sentimentBench } from './sentiment.bench';
import { soakBench } from './soak.bench';
import { webBench } from './web.bench';
import { workersBench } from './workers.bench';

const BENCHES: Record<string, (args: string[]) => Promise<void>> = {
  import: importBench,
  intents: intentsBench,
  acts: actsBench,
  'conversation-intents': conversationIntentsBench,
  embed: embedBench,
  cluster: clusterBench,
  sentiment: sentimentBench,
  metrics: metricsBench,
  web: webBench,
  load: loadBench,
  workers: workersBench,
  soak: soakBench,
  alerts: alertsBench,
  scale: scaleBench,
};

/** `npm run bench -- <name> [options]`; with no name, every benchmark in turn. */
async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name && !BENCHES[name]) {
    console.error(`unknown benchmark "${name}"; one of: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  for (const [key, run] of Object.entries(BENCHES)) {
    if (!name || key === name) await run(rest);
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(1);
});
