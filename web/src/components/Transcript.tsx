import { BOT_LOW_CONFIDENCE } from '#contracts';
import { useConversation } from '../api/shared.api';
import { signed } from './format';
import { Loadable } from './States';

/** A conversation in order: roles, times, sentiment per customer message; evidence messages highlighted. Text is text, never HTML. */
export function Transcript({ id, evidence = [] }: { id: string; evidence?: string[] }) {
  const conv = useConversation(id);
  const c = conv.data;
  return (
    <Loadable loading={conv.loading} error={conv.error} onRetry={conv.reload}>
      {c && (
        <div className="transcript" aria-label="Transcript">
          <p className="meta">
            {c.channel ?? 'unknown channel'} · customer {c.customer ?? 'unknown'} · {c.startedAt ? new Date(c.startedAt).toLocaleString() : ''} · {c.messageCount} messages
            {c.analysis && (
              <>
                {' '}· intent <b>{c.analysis.intentLabel ?? '—'}</b> · sentiment {signed(c.analysis.start)} → {signed(c.analysis.end)} (lowest {signed(c.analysis.min)})
              </>
            )}
          </p>
          {c.textDeletedAt && (
            <p className="state empty" role="note">
              The message texts were deleted on {new Date(c.textDeletedAt).toLocaleDateString()} (retention). What was computed from them — intent,
              sentiment, metrics, flags — stays.
            </p>
          )}
          <ol>
            {c.messages.map((m) => (
              <li key={m.id} className={`msg ${m.role} ${evidence.includes(m.id) ? 'evidence' : ''}`} data-message={m.id}>
                <div className="msg-head">
                  <span className="role">{m.role}{m.agentId ? ` · ${m.agentId}` : ''}</span>
                  <time>{new Date(m.sentAt).toLocaleTimeString()}</time>
                  {m.event && <span className="event">{m.event.replace('_', ' ')}{m.eventValue !== null ? ` ${m.eventValue}` : ''}</span>}
                  {m.analysis?.sentiment !== null && m.analysis?.sentiment !== undefined && (
                    <span className={`sentiment ${m.analysis.sentimentLabel}`} title={`scored by the ${m.analysis.engine} engine`}>
                      {signed(m.analysis.sentiment)}
                    </span>
                  )}
                  {evidence.includes(m.id) && <span className="badge">evidence</span>}
                </div>
                {m.role === 'customer' && (m.botIntent || m.analysis?.intent) && (
                  <div className="msg-intents">
                    {m.botIntent && (
                      <span className={`bot-intent ${m.botConfidence !== null && m.botConfidence < BOT_LOW_CONFIDENCE ? 'low' : ''}`} title="What the bot understood, from the platform's log">
                        bot: {m.botIntent}
                        {m.botConfidence !== null && ` ${Math.round(m.botConfidence * 100)}%`}
                      </span>
                    )}
                    {m.analysis?.intent && <span className="seam-intent" title="Seam's intent for this message">Seam: {m.analysis.intent}</span>}
                  </div>
                )}
                <div className="msg-text">{m.text}</div>
              </li>
            ))}
          </ol>
        </div>
      )}
    </Loadable>
  );
}
