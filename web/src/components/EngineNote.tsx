import type { EngineInfo } from '#contracts';

/** Which engines produced the numbers on a page, and when: every figure says so. */
export function EngineNote({ engine }: { engine: EngineInfo | null | undefined }) {
  if (!engine) return <p className="engine">Not analysed yet.</p>;
  return (
    <p className="engine" data-engine={engine.embedding}>
      Intents: <b>{engine.embedding === 'lexical' ? 'lexical engine (no transformer model installed)' : `transformer ${engine.embeddingModel}`}</b> · Sentiment:{' '}
      <b>{engine.sentiment === 'lexicon' ? 'lexicon engine' : `transformer ${engine.sentimentModel}`}</b>
      {engine.analysedAt && <> · analysed {new Date(engine.analysedAt).toLocaleString()}</>}
    </p>
  );
}
