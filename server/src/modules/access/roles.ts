import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';

import type { TokenScope, UserRole } from '#contracts';

/** Who makes a request: a signed-in user, an API token (with its scope), or the sample mode's demo admin. */
export interface Principal {
  userId: number;
  username: string;
  role: UserRole;
  via: 'session' | 'token' | 'demo';
  scope: TokenScope;
}

export const ROLES_KEY = 'seam:roles';
export const IMPORT_SCOPE_KEY = 'seam:import-scope';

/** The roles a handler admits. A handler with none is open to nobody but admins (the guard fails closed). */
export const Allow = (...roles: UserRole[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-seam-roles', roles));
/** Open without signing in (health, sign-in itself). */
export const Public = () => applyDecorators(SetMetadata(ROLES_KEY, 'public'), ApiExtension('x-seam-roles', ['public']), ApiSecurity({}));
/** A write that an API token of scope `import` may make. */
export const ImportScope = () => SetMetadata(IMPORT_SCOPE_KEY, true);

export const ANALYTICS: UserRole[] = ['admin', 'manager'];
export const REVIEWERS: UserRole[] = ['admin', 'manager', 'agent'];
