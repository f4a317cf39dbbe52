/** Who may do what in the workspace; roles come from token claims (or the local user flag). */

export type Role = 'caseworker' | 'dpo' | 'admin';
export type Permission = 'read' | 'review' | 'erase' | 'access-log';

export const ROLES: readonly Role[] = ['caseworker', 'dpo', 'admin'];

/**
 * Separation of duties: case workers read and review; the data-protection officer reads (to find
 * a case), erases and views the access log; the administrator reads and views the access log but
 * neither reviews summaries nor erases cases.
 */
const PERMISSIONS: Record<Role, readonly Permission[]> = {
  caseworker: ['read', 'review'],
  dpo: ['read', 'erase', 'access-log'],
  admin: ['read', 'access-log'],
};

export interface User {
  /** A stable id without personal data where the identity provider allows (the `sub` claim). */
  id: string;
  roles: Role[];
}

export function can(user: User, permission: Permission): boolean {
  return user.roles.some((role) => PERMISSIONS[role].includes(permission));
}

export function parseRoles(values: readonly string[]): Role[] {
  const roles = values.filter((value): value is Role => (ROLES as string[]).includes(value));
  return [...new Set(roles)];
}

/**
 * Roles from OIDC token claims. `claim` names the claim that lists groups (e.g. `cognito:groups`
 * or `roles`); API Gateway's JWT authorizer passes a list claim as `[a b]` text, so both shapes
 * are read. `groups` maps the identity provider's group names to roles.
 */
export function rolesFromClaims(
  claims: Record<string, unknown>,
  claim: string,
  groups: Record<string, Role>,
): Role[] {
  const raw = claims[claim];
  const names = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return parseRoles(names.map((name) => groups[name] ?? ''));
}
