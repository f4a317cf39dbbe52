import { directReference, pick } from '../cfnJson';
import type { StackInput } from './cloudAssembly';
import { sortBy, sortedUnique } from './text';

/**
 * How people reach call content: each API Gateway HTTP API (the case-worker workspace), its
 * routes, and the OpenID Connect issuer whose tokens open them. API Gateway contacts the
 * issuer's host only for its public signing keys; call content goes to the signed-in browsers.
 */
export interface HumanAccess {
  readonly stack: string;
  /** Logical id of the API. */
  readonly api: string;
  readonly routes: readonly string[];
  /** Routes without an authorizer: none is the only good answer. */
  readonly unauthenticatedRoutes: readonly string[];
  /** Host of each JWT authorizer's issuer, with the audiences it accepts. */
  readonly issuers: readonly { readonly host: string; readonly audience: readonly string[] }[];
}

export function humanAccess(stacks: readonly StackInput[]): HumanAccess[] {
  const entries: HumanAccess[] = [];
  for (const stack of stacks) {
    const resources = Object.entries(stack.resources);
    const apis = resources.filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api');
    for (const [api] of apis) {
      const ofApi = (type: string) =>
        resources.filter(
          ([, r]) => r.Type === type && directReference(pick(r.Properties, 'ApiId')) === api,
        );
      const routes = ofApi('AWS::ApiGatewayV2::Route').map(([, r]) => ({
        key: String(pick(r.Properties, 'RouteKey')),
        auth: String(pick(r.Properties, 'AuthorizationType') ?? 'NONE'),
      }));
      const issuers = ofApi('AWS::ApiGatewayV2::Authorizer')
        .filter(([, r]) => pick(r.Properties, 'AuthorizerType') === 'JWT')
        .map(([, r]) => ({
          host: hostOf(pick(r.Properties, 'JwtConfiguration', 'Issuer')),
          audience: sortedUnique(
            ((pick(r.Properties, 'JwtConfiguration', 'Audience') as unknown[]) ?? []).map(String),
          ),
        }));
      entries.push({
        stack: stack.name,
        api,
        routes: sortedUnique(routes.map((route) => `${route.key} (${route.auth})`)),
        unauthenticatedRoutes: sortedUnique(
          routes.filter((route) => route.auth === 'NONE').map((route) => route.key),
        ),
        issuers: sortBy(issuers, (issuer) => issuer.host),
      });
    }
  }
  return sortBy(entries, (entry) => `${entry.stack}/${entry.api}`);
}

function hostOf(issuer: unknown): string {
  if (typeof issuer !== 'string') return 'unknown (not a literal)';
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}
