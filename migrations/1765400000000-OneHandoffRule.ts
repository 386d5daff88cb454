import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One handoff rule (analytics' handoffIndex): the first handoff event, else the first agent message later than the
 * bot's first message. Imports used to count any conversation with a bot and an agent message, in any order, so
 * the conversation list's `handoff` filter and the handoff metrics could disagree; stored conversations are
 * brought to the rule here (the import computes it from now on). Down restores the old rule.
 */
export class OneHandoffRule1765400000000 implements MigrationInterface {
  name = 'OneHandoffRule1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE conversations SET first_handoff_at = COALESCE(
         (SELECT MIN(e.sent_at) FROM messages e WHERE e.conversation_id = conversations.id AND e.event = 'handoff'),
         (SELECT MIN(a.sent_at) FROM messages a WHERE a.conversation_id = conversations.id AND a.role = 'agent'
            AND a.sent_at > (SELECT MIN(b.sent_at) FROM messages b WHERE b.conversation_id = conversations.id AND b.role = 'bot')))`,
    );
    await q.query(`UPDATE conversations SET had_handoff = CASE WHEN first_handoff_at IS NULL THEN 0 ELSE 1 END`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE conversations SET first_handoff_at = COALESCE(
         (SELECT MIN(e.sent_at) FROM messages e WHERE e.conversation_id = conversations.id AND e.event = 'handoff'),
         CASE WHEN bot_turns > 0 THEN (SELECT MIN(a.sent_at) FROM messages a WHERE a.conversation_id = conversations.id AND a.role = 'agent') END)`,
    );
    await q.query(`UPDATE conversations SET had_handoff = CASE WHEN first_handoff_at IS NULL THEN 0 ELSE 1 END`);
  }
}
