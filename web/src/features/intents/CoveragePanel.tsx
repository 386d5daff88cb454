import type { Coverage } from '#contracts';
import { num, pct } from '../../components/format';

/** How much of what customers write the bot's own intents cover, and which of them nobody used. */
export function CoveragePanel({ coverage }: { coverage: Coverage }) {
  return (
    <div className="panel" aria-label="Coverage">
      <h2>Covered by the bot's intents</h2>
      <p className="hint">Recognised against {coverage.versions.join(', ')}. Small talk is left out; the rest are candidates: what the bot should learn next.</p>
      <div className="cards">
        <div className="card" data-card="Messages covered">
          <div className="card-title">Customer messages covered</div>
          <div className="card-value">{pct(coverage.messageRate)}</div>
          <div className="card-hint">
            {num(coverage.coveredMessages)} of {num(coverage.messages)} messages with an intent
          </div>
        </div>
        <div className="card" data-card="Conversations covered">
          <div className="card-title">Conversations covered</div>
          <div className="card-value">{pct(coverage.conversationRate)}</div>
          <div className="card-hint">
            {num(coverage.coveredConversations)} of {num(coverage.conversations)} opened with a bot intent
          </div>
        </div>
        <div className="card" data-card="Unused bot intents">
          <div className="card-title">Bot intents no customer used</div>
          <div className="card-value">{num(coverage.unusedBotIntents.length)}</div>
          <div className="card-hint">{coverage.unusedBotIntents.slice(0, 6).join(', ') || 'every intent was used'}{coverage.unusedBotIntents.length > 6 ? ', …' : ''}</div>
        </div>
      </div>
    </div>
  );
}
