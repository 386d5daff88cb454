import { SetMetadata } from '@nestjs/common';

/** admin: sources, users, models, and everything else; manager: all analytics and intents; agent: the review queue. */
export const ROLES = ['admin', 'manager', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** read: GET requests only; import: reads and uploads to /api/imports; full: whatever the owner's role allows. */
export const SCOPES = ['read', 'import', 'full'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who makes a request: a signed-in user, an API token (with its scope), or the sample mode's demo admin. */
export interface Principal {
  userId: number;
  username: string;
  role: Role;
  via: 'session' | 'token' | 'demo';
  scope: Scope;
}

export const ROLES_KEY = 'seam:roles';
export const IMPORT_SCOPE_KEY = 'seam:import-scope';

/** The roles a handler admits. A handler with none is open to nobody but admins (the guard fails closed). */
export const Allow = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Open without signing in (health, sign-in itself). */
export const Public = () => SetMetadata(ROLES_KEY, 'public');
/** A write that an API token of scope `import` may make. */
export const ImportScope = () => SetMetadata(IMPORT_SCOPE_KEY, true);

export const ANALYTICS: Role[] = ['admin', 'manager'];
export const REVIEWERS: Role[] = ['admin', 'manager', 'agent'];
