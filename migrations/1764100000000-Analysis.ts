import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Embedding spaces and cached vectors, analysis runs, intents, and per-message and per-conversation analysis. */
export class Analysis1764100000000 implements MigrationInterface {
  name = 'Analysis1764100000000';

  async up(q: QueryRunner): Promise<void> {
    const blob = q.connection.options.type === 'postgres' ? 'bytea' : 'blob';
    await q.createTable(
      new Table({
        name: 'embedding_spaces',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'engine', type: 'varchar', length: '32' },
          { name: 'model_id', type: 'varchar', length: '300' },
          { name: 'dims', type: 'integer' },
          { name: 'state', type: blob, isNullable: true },
          { name: 'projection', type: 'text', isNullable: true },
          { name: 'fitted_on', type: 'integer', default: 0 },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'text_vectors',
        columns: [
          { name: 'space_id', type: 'integer', isPrimary: true },
          { name: 'text_hash', type: 'varchar', length: '32', isPrimary: true },
          { name: 'vector', type: blob },
          { name: 'x', type: 'real', isNullable: true },
          { name: 'y', type: 'real', isNullable: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'analysis_runs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'started_at', type: 'bigint' },
          { name: 'finished_at', type: 'bigint', isNullable: true },
          { name: 'embedding_engine', type: 'varchar', length: '32' },
          { name: 'embedding_model', type: 'varchar', length: '300' },
          { name: 'sentiment_engine', type: 'varchar', length: '32' },
          { name: 'sentiment_model', type: 'varchar', length: '300' },
          { name: 'messages_analysed', type: 'integer', default: 0 },
          { name: 'texts_embedded', type: 'integer', default: 0 },
          { name: 'cache_hits', type: 'integer', default: 0 },
          { name: 'intents', type: 'integer', default: 0 },
          { name: 'reclustered', type: 'smallint', default: 0 },
          { name: 'progress', type: 'real', default: 0 },
          { name: 'stage', type: 'varchar', length: '64', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'intents',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'space_id', type: 'integer' },
          { name: 'label', type: 'varchar', length: '300' },
          { name: 'custom_label', type: 'varchar', length: '300', isNullable: true },
          { name: 'keywords', type: 'text' },
          { name: 'examples', type: 'text' },
          { name: 'size', type: 'integer', default: 0 },
          { name: 'centroid', type: 'text' },
          { name: 'x', type: 'real', isNullable: true },
          { name: 'y', type: 'real', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'merged_into', type: 'integer', isNullable: true },
          { name: 'locked', type: 'smallint', default: 0 },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'message_analysis',
        columns: [
          { name: 'message_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'conversation_id', type: 'varchar', length: '32' },
          { name: 'sent_at', type: 'bigint' },
          { name: 'channel', type: 'varchar', length: '100', isNullable: true },
          { name: 'source', type: 'varchar', length: '200' },
          { name: 'text_hash', type: 'varchar', length: '32' },
          { name: 'intent_id', type: 'integer', isNullable: true },
          { name: 'sentiment', type: 'real', isNullable: true },
          { name: 'sentiment_label', type: 'varchar', length: '16', isNullable: true },
          { name: 'analysis_run_id', type: 'integer' },
        ],
      }),
    );
    await q.createIndices('message_analysis', [
      new TableIndex({ name: 'ix_message_analysis_intent', columnNames: ['intent_id'] }),
      new TableIndex({ name: 'ix_message_analysis_text', columnNames: ['text_hash'] }),
      new TableIndex({ name: 'ix_message_analysis_sent', columnNames: ['sent_at'] }),
      new TableIndex({ name: 'ix_message_analysis_conversation', columnNames: ['conversation_id'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'conversation_analysis',
        columns: [
          { name: 'conversation_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'intent_id', type: 'integer', isNullable: true },
          { name: 'sentiment_start', type: 'real', isNullable: true },
          { name: 'sentiment_end', type: 'real', isNullable: true },
          { name: 'sentiment_min', type: 'real', isNullable: true },
          { name: 'sentiment_max_drop', type: 'real', isNullable: true },
          { name: 'analysis_run_id', type: 'integer' },
        ],
      }),
    );
    await q.createIndex('conversation_analysis', new TableIndex({ name: 'ix_conversation_analysis_intent', columnNames: ['intent_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['conversation_analysis', 'message_analysis', 'intents', 'analysis_runs', 'text_vectors', 'embedding_spaces']) {
      await q.dropTable(table);
    }
  }
}
