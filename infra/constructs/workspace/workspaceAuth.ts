import { parseRoles, ROLES, type Role } from '../../../workspace/auth/roles';

/**
 * Who may sign in to the cloud workspace: the authority's OpenID Connect provider (its own, or
 * a Cognito user pool in the partition, whose issuer is
 * `https://cognito-idp.eusc-de-east-1.amazonaws.eu/<pool id>`). API Gateway's JWT authorizer
 * checks each token's signature, issuer, audience and expiry; the function reads the roles.
 */
export interface WorkspaceAuth {
  /** The issuer URL (`iss`), HTTPS. */
  readonly issuer: string;
  /** Accepted `aud` (or Cognito `client_id`) values: the workspace's client id(s). */
  readonly audience: readonly string[];
  /**
   * The claim that lists the user's groups, e.g. `cognito:groups` (Cognito), `groups` (Keycloak,
   * Entra ID) or `roles`.
   * @default 'groups'
   */
  readonly roleClaim?: string;
  /**
   * Group name in that claim -> workspace role (`caseworker`, `dpo`, `admin`). Groups not named
   * give no role; a user without a role may read nothing.
   * @default - each role from a group of its own name: caseworker, dpo, admin
   */
  readonly roleGroups?: Readonly<Record<string, Role>>;
  /**
   * The origin (`https://host`) under which people open the workspace when an authenticating
   * proxy in front serves it under its own host: forms are accepted only from there.
   * @default - the API's own endpoint
   */
  readonly origin?: string;
}

export const DEFAULT_ROLE_CLAIM = 'groups';
export const DEFAULT_ROLE_GROUPS: Readonly<Record<string, Role>> = Object.fromEntries(
  ROLES.map((role) => [role, role]),
);

/** Checks the settings early, with a message that says what to fix. */
export function validateWorkspaceAuth(auth: WorkspaceAuth, where: string): void {
  let url: URL | undefined;
  try {
    url = new URL(auth.issuer);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new Error(`${where}: the OIDC issuer must be an https URL, got "${auth.issuer}"`);
  }
  if (auth.audience.length === 0 || auth.audience.some((a) => a.trim() === '')) {
    throw new Error(`${where}: name the workspace's client id(s) as the JWT audience`);
  }
  if (auth.origin !== undefined && !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(auth.origin)) {
    throw new Error(`${where}: origin is https://host[:port] without a path, got "${auth.origin}"`);
  }
  const groups = Object.entries(auth.roleGroups ?? DEFAULT_ROLE_GROUPS);
  const unknown = groups.filter(([, role]) => parseRoles([role]).length !== 1);
  if (groups.length === 0 || unknown.length > 0) {
    throw new Error(
      `${where}: roleGroups maps groups to ${ROLES.join(', ')}; fix ${unknown.map(([g]) => g).join(', ') || '(empty)'}`,
    );
  }
}

/** The variables workspace/lambda.ts reads (readWorkspaceEnvironment). */
export function workspaceAuthEnvironment(auth: WorkspaceAuth): Record<string, string> {
  return {
    WORKSPACE_ROLE_CLAIM: auth.roleClaim ?? DEFAULT_ROLE_CLAIM,
    WORKSPACE_ROLE_GROUPS: JSON.stringify(auth.roleGroups ?? DEFAULT_ROLE_GROUPS),
    ...(auth.origin ? { WORKSPACE_ORIGIN: auth.origin } : {}),
  };
}
