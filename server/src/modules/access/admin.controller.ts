import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { AccessService } from './access.service';
import { CurrentUser } from './access.guard';
import { AuditQuery, CreateUserBody, UpdateUserBody } from './dtos/access.dto';
import { Allow, Principal } from './roles';
import type { AuditPage, User } from '#contracts';

/**
 * Accounts are managed by a person signed in, never by an API token (as tokens create no tokens): a leaked
 * token cannot make itself an admin account to sign in with.
 */
function signedIn(p: Principal): void {
  if (p.via === 'token') throw new SeamException(SeamErrorCode.Forbidden, 'API tokens do not manage accounts; sign in');
}

/** Accounts and the audit log: admins only. */
@Allow('admin')
@Controller()
export class AdminController {
  constructor(private readonly access: AccessService) {}

  @Get('users')
  users(): Promise<User[]> {
    return this.access.users();
  }

  @Post('users')
  async createUser(@CurrentUser() p: Principal, @Body() body: CreateUserBody): Promise<User> {
    signedIn(p);
    const user = await this.access.createUser(body.username, body.password, body.role);
    await this.access.audit(p, 'user.create', `user:${user.id}`, { username: user.username, role: user.role });
    return user;
  }

  @Patch('users/:id')
  async updateUser(@CurrentUser() p: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateUserBody): Promise<User> {
    signedIn(p);
    const user = await this.access.updateUser(id, body);
    await this.access.audit(p, 'user.update', `user:${id}`, { role: body.role, disabled: body.disabled, password: body.password !== undefined ? 'changed' : undefined });
    return user;
  }

  /** Newest first; page with `before` = the last id seen. */
  @Get('audit')
  async audit(@Query() q: AuditQuery): Promise<AuditPage> {
    const limit = q.limit ?? 100;
    const items = await this.access.auditLog(limit, q.before, q.target);
    return { items, nextBefore: items.length === limit ? items[items.length - 1].id : null };
  }
}
