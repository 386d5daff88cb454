import type { Attempts } from './sign-in-holds';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEntry, Token, TokenScope, UserRole } from '#contracts';
import { numberOrNull } from '../../database/column-transformers';
import { SqlRepository } from '../../database/sql-repository';

export interface UserRow {
  id: number;
  username: string;
  passwordHash: string | null;
  role: UserRole;
  disabled: boolean;
  createdAt: number;
}

export type TokenRow = Token;

export type AuditRow = AuditEntry;

function user(r: Record<string, unknown>): UserRow {
  return {
    id: Number(r.id),
    username: r.username as string,
    passwordHash: (r.password_hash as string | null) ?? null,
    role: r.role as UserRole,
    disabled: Number(r.disabled) === 1,
    createdAt: Number(r.created_at),
  };
}

function token(r: Record<string, unknown>): TokenRow {
  return {
    id: Number(r.id),
    userId: Number(r.user_id),
    name: r.name as string,
    scope: r.scope as TokenScope,
    createdAt: Number(r.created_at),
    lastUsedAt: numberOrNull(r.last_used_at),
    revokedAt: numberOrNull(r.revoked_at),
  };
}

/** Accounts, sessions, API tokens and the audit log. Secrets are stored only as SHA-256 digests (passwords as argon2id). */
@Injectable()
export class AccessRepository extends SqlRepository {

  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }


  async userByName(username: string): Promise<UserRow | null> {
    const [r] = await this.q('SELECT * FROM users WHERE username = ?', [username]);
    return r ? user(r) : null;
  }

  async userById(id: number): Promise<UserRow | null> {
    const [r] = await this.q('SELECT * FROM users WHERE id = ?', [id]);
    return r ? user(r) : null;
  }

  async users(): Promise<UserRow[]> {
    return (await this.q('SELECT * FROM users ORDER BY username')).map(user);
  }

  async insertUser(username: string, passwordHash: string | null, role: UserRole): Promise<UserRow> {
    await this.q('INSERT INTO users (username, password_hash, role, disabled, created_at) VALUES (?, ?, ?, 0, ?)', [username, passwordHash, role, Date.now()]);
    return (await this.userByName(username))!;
  }

  async updateUser(id: number, fields: { role?: UserRole; disabled?: boolean; passwordHash?: string }): Promise<void> {
    const set = Object.entries({ role: fields.role, disabled: fields.disabled === undefined ? undefined : fields.disabled ? 1 : 0, password_hash: fields.passwordHash }).filter(
      ([, v]) => v !== undefined,
    );
    if (set.length === 0) return;
    await this.q(`UPDATE users SET ${set.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`, [...set.map(([, v]) => v), id]);
  }

  async insertSession(digest: string, userId: number, expiresAt: number): Promise<void> {
    await this.q('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [digest, userId, Date.now(), expiresAt]);
  }

  /** The live session's user, or null (unknown, expired, or the account disabled). */
  async sessionUser(digest: string): Promise<UserRow | null> {
    const [r] = await this.q(
      'SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ? AND u.disabled = 0',
      [digest, Date.now()],
    );
    return r ? user(r) : null;
  }

  async deleteSession(digest: string): Promise<void> {
    await this.q('DELETE FROM sessions WHERE id = ?', [digest]);
  }

  /** Sign-outs elsewhere: a disabled account or a changed password ends every session. */
  async deleteSessionsOf(userId: number): Promise<void> {
    await this.q('DELETE FROM sessions WHERE user_id = ? OR expires_at <= ?', [userId, Date.now()]);
  }

  async insertToken(userId: number, name: string, scope: TokenScope, digest: string): Promise<TokenRow> {
    await this.q('INSERT INTO api_tokens (user_id, name, scope, token_hash, created_at) VALUES (?, ?, ?, ?, ?)', [userId, name, scope, digest, Date.now()]);
    const [r] = await this.q('SELECT * FROM api_tokens WHERE token_hash = ?', [digest]);
    return token(r);
  }

  /** The live token and its owner, or null (unknown, revoked, or the owner disabled); marks it used. */
  async tokenUser(digest: string): Promise<{ user: UserRow; token: TokenRow } | null> {
    const [r] = await this.q(
      `SELECT u.*, t.id AS token_id, t.name AS token_name, t.scope AS token_scope, t.created_at AS token_created_at, t.last_used_at, t.revoked_at
       FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0`,
      [digest],
    );
    if (!r) return null;
    const now = Date.now();
    // Last use to the minute: one write a minute per token at most.
    if (r.last_used_at === null || now - Number(r.last_used_at) > 60_000) await this.q('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [now, r.token_id]);
    return {
      user: user(r),
      token: token({ id: r.token_id, user_id: r.id, name: r.token_name, scope: r.token_scope, created_at: r.token_created_at, last_used_at: r.last_used_at, revoked_at: r.revoked_at }),
    };
  }

  async tokensOf(userId: number): Promise<TokenRow[]> {
    return (await this.q('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY id', [userId])).map(token);
  }

  /** Revokes a token of this user (any user's when null); false when there is no such active token. */
  async revokeToken(id: number, userId: number | null): Promise<boolean> {
    const [r] = await this.q(`SELECT id FROM api_tokens WHERE id = ? AND revoked_at IS NULL${userId === null ? '' : ' AND user_id = ?'}`, userId === null ? [id] : [id, userId]);
    if (!r) return false;
    await this.q('UPDATE api_tokens SET revoked_at = ? WHERE id = ?', [Date.now(), id]);
    return true;
  }

  async insertAudit(userId: number | null, actor: string, action: string, target: string, detail: unknown): Promise<void> {
    await this.q('INSERT INTO audit_log (at, user_id, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)', [
      Date.now(),
      userId,
      actor,
      action,
      target,
      detail === undefined ? null : JSON.stringify(detail),
    ]);
  }

  /** Newest first; `before` is the id of the last row of the previous page. */
  async audit(limit: number, before?: number, target?: string): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (before !== undefined) {
      where.push('id < ?');
      params.push(before);
    }
    if (target !== undefined) {
      where.push('target = ?');
      params.push(target);
    }
    const rows = await this.q(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${Math.floor(limit)}`, params);
    return rows.map((r) => ({
      id: Number(r.id),
      at: Number(r.at),
      actor: r.actor as string,
      action: r.action as string,
      target: r.target as string,
      detail: r.detail === null ? null : JSON.parse(r.detail as string),
    }));
  }

  /** An agent may open a conversation that is in the review queue (an active flag) or has a flag assigned to them. */
  async agentMaySee(conversationId: string, username: string): Promise<boolean> {
    const [r] = await this.q('SELECT 1 AS ok FROM flags WHERE conversation_id = ? AND (active = 1 OR assignee = ?) LIMIT 1', [conversationId, username]);
    return !!r;
  }

  /** Failed sign-ins of these subjects (`account:…`, `address:…`). */
  async attempts(subjects: string[]): Promise<Map<string, Attempts>> {
    const rows = await this.q<{ subject: string; failures: number; last_failed_at: string | number; held_until: string | number }>(
      `SELECT subject, failures, last_failed_at, held_until FROM sign_in_attempts WHERE subject IN (${subjects.map(() => '?').join(',')})`,
      subjects,
    );
    return new Map(rows.map((r) => [r.subject, { failures: Number(r.failures), lastFailedAt: Number(r.last_failed_at), heldUntil: Number(r.held_until) }]));
  }

  async saveAttempts(subject: string, a: Attempts): Promise<void> {
    await this.q(
      `INSERT INTO sign_in_attempts (subject, failures, last_failed_at, held_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, last_failed_at = excluded.last_failed_at, held_until = excluded.held_until`,
      [subject, a.failures, a.lastFailedAt, a.heldUntil],
    );
  }

  async clearAttempts(subject: string): Promise<void> {
    await this.q('DELETE FROM sign_in_attempts WHERE subject = ?', [subject]);
  }
}
