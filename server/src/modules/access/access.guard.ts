import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { AccessService } from './access.service';
import { IMPORT_SCOPE_KEY, Principal, ROLES_KEY } from './roles';
import { UserRole } from '#contracts';

export const SESSION_COOKIE = 'seam_session';

export type SeamRequest = Request & { principal?: Principal };

export function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}

/**
 * Every API request: who makes it (session cookie, bearer token, or in sample mode the demo admin), and whether the
 * handler admits that role and the token's scope. A handler that names no roles admits admins only.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<UserRole[] | 'public' | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<SeamRequest>();
    const token = bearer(req);
    const session = cookie(req, SESSION_COOKIE);
    let principal = await this.access.principal(session, token);
    if (!principal && this.config.demo && !token) principal = await this.access.demoPrincipal();
    if (principal) req.principal = principal;
    if (roles === 'public') return true;
    if (!principal) {
      throw new SeamException(SeamErrorCode.Unauthenticated, token || session ? 'the session or token is not valid (expired, revoked, or the account disabled); sign in again' : 'sign in first, or send an API token as "Authorization: Bearer <token>"');
    }
    if (!(roles ?? ['admin']).includes(principal.role)) throw new SeamException(SeamErrorCode.Forbidden, `the ${principal.role} role may not do this`);
    if (principal.via === 'token' && req.method !== 'GET' && req.method !== 'HEAD') {
      const importWrite = this.reflector.get<boolean | undefined>(IMPORT_SCOPE_KEY, context.getHandler()) === true;
      if (principal.scope === 'read' || (principal.scope === 'import' && !importWrite)) {
        throw new SeamException(SeamErrorCode.Forbidden, `this API token's scope (${principal.scope}) does not allow this`);
      }
    }
    return true;
  }
}

/** The request's principal (the guard has put it there). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<SeamRequest>().principal);
