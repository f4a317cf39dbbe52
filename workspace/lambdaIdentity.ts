import type { Context } from 'hono';
import { type Role, rolesFromClaims, type User } from './auth/roles';

/** The claims API Gateway's JWT authorizer verified, as hono/aws-lambda passes the event on. */
function jwtClaims(c: Context): Record<string, unknown> | undefined {
  const env = c.env as
    | {
        event?: {
          requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
        };
      }
    | undefined;
  return env?.event?.requestContext?.authorizer?.jwt?.claims;
}

/**
 * The signed-in user from the OIDC token: `sub` as the id (no name or e-mail in reviews and the
 * access log), roles from the group claim. API Gateway has verified the token's signature,
 * issuer, audience and expiry before the function runs; without claims there is no user.
 */
export function identifyFromJwt(
  claim: string,
  groups: Record<string, Role>,
): (c: Context) => User | undefined {
  return (c) => {
    const claims = jwtClaims(c);
    const sub = claims?.sub;
    if (!claims || typeof sub !== 'string' || !/^[A-Za-z0-9._:@-]{1,128}$/.test(sub)) {
      return undefined;
    }
    return { id: sub, roles: rolesFromClaims(claims, claim, groups) };
  };
}
