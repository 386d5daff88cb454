import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { AccessRepository, TokenRow, UserRow } from './access.repository';
import { Principal } from './roles';
import { TOKEN_SCOPES, TokenScope, User, USER_ROLES, UserRole } from '#contracts';
import { afterFailure } from './sign-in-holds';
import { passwordProblem } from './passwords';

export const DEMO_USER = 'demo';
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$/;

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');
const secret = () => `seam_${randomBytes(32).toString('base64url')}`;

/** An account as the API shows it. */
export type PublicUser = User;

export const publicUser = (u: UserRow): PublicUser => ({ id: u.id, username: u.username, role: u.role, disabled: u.disabled, createdAt: u.createdAt });

/** Accounts, sign-in, API tokens and the audit log. */
@Injectable()
export class AccessService {
  private demo?: Promise<Principal>;
  // Verified against when the account does not exist, so a wrong name takes as long as a wrong password.
  private readonly decoy = hash(randomBytes(16).toString('hex'));

  constructor(
    private readonly repo: AccessRepository,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  async createUser(username: string, password: string | null, role: UserRole): Promise<PublicUser> {
    if (!USERNAME.test(username)) throw new SeamException(SeamErrorCode.BadFilter, 'username: 1 to 100 letters, digits, or . _ @ -, starting with a letter or digit');
    if (username.toLowerCase() === DEMO_USER) throw new SeamException(SeamErrorCode.Exists, `"${DEMO_USER}" is the sample mode's account; choose another name`);
    if (!USER_ROLES.includes(role)) throw new SeamException(SeamErrorCode.BadFilter, `role must be one of ${USER_ROLES.join(', ')}`);
    if (password !== null) checkPassword(password, username);
    if (await this.repo.userByName(username)) throw new SeamException(SeamErrorCode.Exists, `user "${username}" already exists`);
    return publicUser(await this.repo.insertUser(username, password === null ? null : await hash(password), role));
  }

  async updateUser(id: number, fields: { role?: UserRole; disabled?: boolean; password?: string }): Promise<PublicUser> {
    const existing = await this.repo.userById(id);
    if (!existing) throw new SeamException(SeamErrorCode.NotFound, `user ${id} not found`);
    if (fields.password !== undefined) checkPassword(fields.password, existing.username);
    const demoting = (fields.role !== undefined && fields.role !== 'admin') || fields.disabled === true;
    if (existing.role === 'admin' && demoting && (await this.repo.users()).filter((u) => u.role === 'admin' && !u.disabled).length <= 1) {
      throw new SeamException(SeamErrorCode.BadFilter, 'the last active admin cannot be demoted or disabled');
    }
    await this.repo.updateUser(id, { role: fields.role, disabled: fields.disabled, passwordHash: fields.password === undefined ? undefined : await hash(fields.password) });
    if (fields.disabled || fields.password !== undefined) await this.repo.deleteSessionsOf(id);
    return publicUser((await this.repo.userById(id))!);
  }

  async users(): Promise<PublicUser[]> {
    return (await this.repo.users()).map(publicUser);
  }

  /**
   * A new session's secret (the cookie value) for a right username and password, from `address` (the client's).
   * Failures hold back the account and the address (sign-in-holds.ts), in the database, for every process.
   */
  async signIn(username: string, password: string, address: string): Promise<{ session: string; user: PublicUser; expiresAt: number }> {
    const subjects = { account: `account:${username.toLowerCase()}`, address: `address:${address}` };
    const now = Date.now();
    const known = await this.repo.attempts(Object.values(subjects));
    for (const kind of ['address', 'account'] as const) {
      const held = known.get(subjects[kind])?.heldUntil ?? 0;
      if (held > now) {
        const wait = Math.ceil((held - now) / 1000);
        throw new SeamException(SeamErrorCode.Unauthenticated, `too many failed sign-ins ${kind === 'account' ? 'for this account' : 'from this address'}; try again in ${wait} s`, { retryAfterSeconds: wait });
      }
    }
    const u = await this.repo.userByName(username);
    const ok = u?.passwordHash ? await verify(u.passwordHash, password) : (await verify(await this.decoy, password), false);
    if (!u || !ok || u.disabled) {
      for (const kind of ['address', 'account'] as const) await this.repo.saveAttempts(subjects[kind], afterFailure(kind, known.get(subjects[kind]) ?? null, now));
      throw new SeamException(SeamErrorCode.Unauthenticated, 'wrong username or password');
    }
    await this.repo.clearAttempts(subjects.account);
    const session = secret();
    const expiresAt = Date.now() + this.config.sessionHours * 3_600_000;
    await this.repo.insertSession(digest(session), u.id, expiresAt);
    return { session, user: publicUser(u), expiresAt };
  }

  async signOut(session: string): Promise<void> {
    await this.repo.deleteSession(digest(session));
  }

  /** Who a session cookie or bearer token belongs to; null when neither is valid. */
  async principal(session: string | undefined, bearer: string | undefined): Promise<Principal | null> {
    if (bearer) {
      const found = await this.repo.tokenUser(digest(bearer));
      return found ? { userId: found.user.id, username: found.user.username, role: found.user.role, via: 'token', scope: found.token.scope } : null;
    }
    if (session) {
      const u = await this.repo.sessionUser(digest(session));
      return u ? { userId: u.id, username: u.username, role: u.role, via: 'session', scope: 'full' } : null;
    }
    return null;
  }

  /** The sample mode's demo admin: an account no one can sign in to with a password. Looked up once, not per request. */
  demoPrincipal(): Promise<Principal> {
    this.demo ??= (async () => {
      const u = (await this.repo.userByName(DEMO_USER)) ?? (await this.repo.insertUser(DEMO_USER, null, 'admin'));
      return { userId: u.id, username: u.username, role: u.role, via: 'demo', scope: 'full' } as const;
    })();
    this.demo.catch(() => (this.demo = undefined));
    return this.demo;
  }

  /** A new API token: the secret is shown once, only its digest is kept. */
  async createToken(p: Principal, name: string, scope: TokenScope): Promise<{ token: string; info: TokenRow }> {
    if (!TOKEN_SCOPES.includes(scope)) throw new SeamException(SeamErrorCode.BadFilter, `scope must be one of ${TOKEN_SCOPES.join(', ')}`);
    if (p.via === 'token') throw new SeamException(SeamErrorCode.Forbidden, 'an API token cannot create tokens; sign in');
    const token = secret();
    return { token, info: await this.repo.insertToken(p.userId, name, scope, digest(token)) };
  }

  async createTokenFor(username: string, name: string, scope: TokenScope): Promise<{ token: string; info: TokenRow }> {
    const u = await this.repo.userByName(username);
    if (!u) throw new SeamException(SeamErrorCode.NotFound, `user "${username}" not found`);
    return this.createToken({ userId: u.id, username: u.username, role: u.role, via: 'session', scope: 'full' }, name, scope);
  }

  tokens(p: Principal): Promise<TokenRow[]> {
    return this.repo.tokensOf(p.userId);
  }

  /** The account of this name (the command line's way to name one). */
  async userNamed(username: string): Promise<PublicUser> {
    const u = await this.repo.userByName(username);
    if (!u) throw new SeamException(SeamErrorCode.NotFound, `user "${username}" not found`);
    return publicUser(u);
  }

  /** Every token, or one user's: for an administrator at the command line. */
  async allTokens(username?: string): Promise<(TokenRow & { username: string })[]> {
    const users = username ? [await this.userNamed(username)] : await this.users();
    const out: (TokenRow & { username: string })[] = [];
    for (const u of users) for (const t of await this.repo.tokensOf(u.id)) out.push({ ...t, username: u.username });
    return out.sort((a, b) => a.id - b.id);
  }

  /** Revokes any user's token (the command line runs as the machine's administrator). */
  async revokeAnyToken(id: number): Promise<void> {
    if (!(await this.repo.revokeToken(id, null))) throw new SeamException(SeamErrorCode.NotFound, `no active token ${id}`);
  }

  async revokeToken(p: Principal, id: number): Promise<void> {
    if (!(await this.repo.revokeToken(id, p.userId))) throw new SeamException(SeamErrorCode.NotFound, `token ${id} not found`);
  }

  /** Records who did what to which object. */
  audit(p: Principal | null, action: string, target: string, detail?: unknown): Promise<void> {
    const actor = p ? (p.via === 'token' ? `${p.username} (API token)` : p.via === 'demo' ? `${p.username} (demo)` : p.username) : 'seam';
    return this.repo.insertAudit(p?.userId ?? null, actor, action, target, detail);
  }

  auditLog(limit: number, before?: number, target?: string) {
    return this.repo.audit(limit, before, target);
  }

  agentMaySee(conversationId: string, username: string): Promise<boolean> {
    return this.repo.agentMaySee(conversationId, username);
  }
}

function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new SeamException(SeamErrorCode.Invalid, `password: ${problem}`);
}
