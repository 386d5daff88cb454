import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccessService } from '../../server/src/modules/access/access.service';
import type { TokenScope, UserRole } from '#contracts';

export type Client = ReturnType<typeof request.agent>;
export const PASSWORD = 'correct horse battery';

let made = 0;

/** A new account of this role and an API token of it (scope `full` unless named). */
export async function account(app: INestApplication, role: UserRole, scope: TokenScope = 'full'): Promise<{ username: string; token: string }> {
  const access = app.get(AccessService);
  const username = `${role}${++made}`;
  await access.createUser(username, PASSWORD, role);
  const { token } = await access.createTokenFor(username, 'tests', scope);
  return { username, token };
}

/** Requests to the app as a new user of this role (admin unless named). */
export async function client(app: INestApplication, role: UserRole = 'admin', scope: TokenScope = 'full'): Promise<Client> {
  const { token } = await account(app, role, scope);
  return request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
}

/** Requests to the app as a new user of this role signed in through the sign-in endpoint (a session cookie), as a browser is. */
export async function session(app: INestApplication, role: UserRole = 'admin'): Promise<Client> {
  const { username } = await account(app, role);
  const agent = request.agent(app.getHttpServer());
  const res = await agent.post('/api/auth/login').send({ username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`signing in ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return agent;
}
