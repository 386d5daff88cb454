import { openDataSource } from '../../server/src/database/data-source';
import { ENGINES, freshDatabase } from '../support/engines';

describe.each(ENGINES)('migrations on %s', (engine) => {
  it('apply, revert to an empty schema, and apply again', async () => {
    const db = await freshDatabase(engine);
    const ds = await openDataSource(db.config);
    try {
      const tables = async () => {
        const sql = engine === 'sqlite' ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'" : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'";
        return ((await ds.query(sql)) as { name: string }[]).map((r) => r.name).sort();
      };
      await ds.runMigrations();
      expect(await tables()).toEqual(['alert_channels', 'alert_deliveries', 'alert_mutes', 'alerts', 'analysis_parts', 'analysis_runs', 'api_tokens', 'audit_log', 'bot_examples', 'bot_intents', 'bot_versions', 'conversation_analysis', 'conversation_metrics', 'conversations', 'customers', 'data_version', 'embedding_spaces', 'flags', 'import_runs', 'intents', 'journey_contacts', 'message_analysis', 'message_days', 'message_days_stale', 'messages', 'rejected_rows', 'sessions', 'sign_in_attempts', 'source_items', 'source_runs', 'sources', 'staged_conversations', 'staged_customers', 'staged_messages', 'text_vectors', 'users']);
      const signals = ['human_similarity', 'repeat_of', 'repeat_similarity', 'semantic_space_id'];
      // The schema itself is asked (a query could run on a statement prepared before the change).
      const columns = async () =>
        ((await ds.query(engine === 'sqlite' ? 'PRAGMA table_info(message_analysis)' : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'message_analysis'")) as { name: string }[]).map((c) => c.name);
      expect(await columns()).toEqual(expect.arrayContaining(signals));
      const last = async () => ((await ds.query('SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1')) as { name: string }[])[0]?.name;
      while ((await last()) !== 'SemanticSignals1764500000000') await ds.undoLastMigration();
      await ds.undoLastMigration();
      expect((await columns()).filter((c) => signals.includes(c))).toEqual([]);
      while ((await ds.query('SELECT COUNT(*) AS n FROM migrations'))[0].n > 0) await ds.undoLastMigration();
      expect(await tables()).toEqual([]);
      await ds.runMigrations();
      expect(await tables()).toHaveLength(36);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
