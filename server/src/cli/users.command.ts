import { AccessService } from '../modules/access/access.service';
import { USER_ROLES, UserRole } from '#contracts';
import { Command, commandContext, options, readSecret, UsageError } from './common';

async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = options('users', rest, { role: { type: 'string' } });
  const one = (what: string) => {
    if (positionals.length !== 1) throw new UsageError('users', `users ${what} takes one username`);
    return positionals[0];
  };
  if (sub === 'create') {
    one('create');
    if (!values.role) throw new UsageError('users', `--role is required: ${USER_ROLES.join(', ')}`);
    if (!USER_ROLES.includes(values.role as UserRole)) throw new UsageError('users', `--role must be one of ${USER_ROLES.join(', ')}`);
  } else if (sub === 'disable' || sub === 'enable') one(sub);
  else if (sub !== 'list') throw new UsageError('users', sub ? `unknown users command "${sub}"` : 'say create, list, disable or enable');
  const password = sub === 'create' ? await readSecret(`password for ${positionals[0]}: `) : '';
  const app = await commandContext();
  try {
    const access = app.get(AccessService);
    if (sub === 'list') {
      for (const u of await access.users()) console.log(`${u.username}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
    } else if (sub === 'create') {
      const user = await access.createUser(positionals[0], password, values.role as UserRole);
      await access.audit(null, 'user.create', `user:${user.id}`, { username: user.username, role: user.role, via: 'cli' });
      console.log(`created ${user.username} (${user.role})`);
    } else {
      const disabled = sub === 'disable';
      const user = await access.updateUser((await access.userNamed(positionals[0])).id, { disabled });
      await access.audit(null, 'user.update', `user:${user.id}`, { username: user.username, disabled, via: 'cli' });
      console.log(`${user.username} is ${disabled ? 'disabled: its sessions and tokens no longer work' : 'enabled'}`);
    }
  } finally {
    await app.close();
  }
  return 0;
}

export const usersCommand: Command = {
  help: `users create <username> --role admin|manager|agent | users list | users disable <username> | users enable <username>
      Local accounts. The password is asked for (hidden), or read from the first line of standard input.
      A disabled account cannot sign in, and its sessions and API tokens stop working at once.`,
  run,
};
