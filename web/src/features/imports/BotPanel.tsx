import { FormEvent, useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { num } from '../../components/format';
import { Loadable } from '../../components/States';
import { useBotVersions } from '../../api/shared.api';
import { uploadBotDefinition } from './imports.api';

/**
 * The bot's own definition, a version at a time: its intents are recognised in every message, small-talk intents
 * join the conversation acts, and what it does not cover becomes the gaps. Admins upload; managers see the versions.
 */
export function BotPanel({ canUpload }: { canUpload: boolean }) {
  const versions = useBotVersions();
  const [status, setStatus] = useState<string | null>(null);
  const upload = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (!(form.get('file') as File)?.name) return setStatus('Choose the definition first.');
    for (const field of ['name', 'version', 'date']) if (!form.get(field)) form.delete(field);
    setStatus('Importing…');
    try {
      const v = await uploadBotDefinition(form);
      setStatus(`${v.bot} version ${v.version}: ${num(v.intents)} intents, ${num(v.examples)} examples (${v.format}). Every message is being analysed against it.`);
      versions.reload();
    } catch (err) {
      setStatus((err as Error).message);
    }
  };
  return (
    <div className="panel" aria-label="Bot definition">
      <h2>The bot's definition</h2>
      <p className="hint">Rasa nlu.yml (or JSON, Markdown), a Dialogflow ES or CX agent export (zip), or a CSV intent,example.</p>
      {canUpload && (
        <form className="upload" onSubmit={upload}>
          <input type="file" name="file" aria-label="Bot definition file" />
          <label>
            Bot <input name="name" placeholder="bot" />
          </label>
          <label>
            Version <input name="version" placeholder="next number" />
          </label>
          <label>
            Live since <input type="date" name="date" />
          </label>
          <button type="submit">Import definition</button>
          {status && <span role="status">{status}</span>}
        </form>
      )}
      <Loadable
        loading={versions.loading}
        error={versions.error}
        empty={versions.data?.items.length === 0}
        emptyText={`No version of the bot yet. ${canUpload ? 'Import its definition above' : 'An admin imports its definition here'} (or with npx seam bot import): the Intents and Gaps pages then show what the bot covers and what it misses.`}
        onRetry={versions.reload}
      >
        <DataTable
          name="bot-versions"
          rows={versions.data?.items ?? []}
          initialSort="released"
          columns={[
            { key: 'bot', label: 'Bot', value: (v) => v.bot },
            { key: 'version', label: 'Version', value: (v) => v.version },
            { key: 'released', label: 'Live since', value: (v) => v.releasedAt },
            { key: 'intents', label: 'Intents', value: (v) => v.intents, numeric: true, render: (v) => num(v.intents) },
            { key: 'examples', label: 'Examples', value: (v) => v.examples, numeric: true, render: (v) => num(v.examples) },
            { key: 'format', label: 'Format', value: (v) => v.format },
            { key: 'file', label: 'File', value: (v) => v.fileName },
          ]}
        />
      </Loadable>
    </div>
  );
}
