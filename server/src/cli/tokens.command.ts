import { TOKEN_SCOPES, TokenScope } from '#contracts';
import { AccessService } from '../modules/access/access.service';
import { Command, commandContext, options, UsageError } from './common';

async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = options('tokens', rest, { user: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } });
  if (sub === 'create') {
    const missing = (['user', 'name', 'scope'] as const).filter((k) => !values[k]).map((k) => `--${k}`);
    if (missing.length > 0) throw new UsageError('tokens', `tokens create needs ${missing.join(', ')}`);
    if (!TOKEN_SCOPES.includes(values.scope as TokenScope)) throw new UsageError('tokens', `--scope must be one of ${TOKEN_SCOPES.join(', ')}`);
  } else if (sub === 'revoke') {
    if (positionals.length !== 1 || !/^\d{1,15}$/.test(positionals[0])) throw new UsageError('tokens', 'tokens revoke takes one token id (tokens list shows them)');
  } else if (sub !== 'list') throw new UsageError('tokens', sub ? `unknown tokens command "${sub}"` : 'say create, list or revoke');
  const app = await commandContext();
  try {
    const access = app.get(AccessService);
    if (sub === 'create') {
      const { token, info } = await access.createTokenFor(values.user!, values.name!, values.scope as TokenScope);
      await access.audit(null, 'token.create', `token:${info.id}`, { user: values.user, name: info.name, scope: info.scope, via: 'cli' });
      console.log(token);
      console.error(`token ${info.id} "${info.name}" for ${values.user} (scope ${info.scope}); it is shown this once`);
    } else if (sub === 'revoke') {
      const id = Number(positionals[0]);
      await access.revokeAnyToken(id);
      await access.audit(null, 'token.revoke', `token:${id}`, { via: 'cli' });
      console.log(`token ${id} revoked`);
    } else {
      const day = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
      console.log('id\tuser\tname\tscope\tcreated\tlast used\trevoked');
      for (const t of await access.allTokens(values.user)) console.log([t.id, t.username, t.name, t.scope, day(t.createdAt), day(t.lastUsedAt), day(t.revokedAt)].join('\t'));
    }
  } finally {
    await app.close();
  }
  return 0;
}

export const tokensCommand: Command = {
  help: `tokens create --user <username> --name NAME --scope read|import|full | tokens list [--user <username>] | tokens revoke <id>
      API tokens for automation (sent as "Authorization: Bearer <token>"); printed once, only a hash is kept.`,
  run,
};
