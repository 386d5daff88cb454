import { writeSample } from '../modules/sample/sample.generator';
import { Command, options, UsageError } from './common';

async function run(args: string[]): Promise<number> {
  const { values } = options('sample', args, { out: { type: 'string' }, conversations: { type: 'string' }, seed: { type: 'string' }, days: { type: 'string' } });
  if (!values.out) throw new UsageError('sample', '--out FILE is required');
  const count = await writeSample(values.out, {
    seed: Number(values.seed ?? 7),
    conversations: Number(values.conversations ?? 3000),
    days: Number(values.days ?? 42),
    end: Date.now(),
  });
  console.log(`wrote ${count} messages to ${values.out}`);
  return 0;
}

export const sampleCommand: Command = {
  help: `sample --out FILE [--conversations N] [--seed N] [--days N]
      Write a generated, realistic log in Seam's JSON Lines format.`,
  run,
};
