import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallbriefStack } from '../../../infra/stacks/CallbriefStack';
import { synthesize } from '../synthesize';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
type Resource = { Type: string; Properties: Record<string, unknown> };

const ISSUER = 'https://login.example-authority.de/realms/callbrief';
const WORKSPACE_CONTEXT = {
  workspace: true,
  workspaceIssuer: ISSUER,
  workspaceAudience: 'callbrief-workspace',
  workspaceRoleClaim: 'roles',
  workspaceRoleGroups: '{"sachbearbeitung":"caseworker","datenschutz":"dpo"}',
  workspaceOrigin: 'https://workspace.example-authority.de',
};

let stack: CallbriefStack;
let resources: Record<string, Resource>;
const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);
const idOf = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
const workspace = () => {
  const built = stack.pipeline.workspace;
  if (!built) throw new Error('no workspace synthesized');
  return built;
};
const statementsOf = (roleId: string): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

beforeAll(() => {
  // Synth runs the Sovereignty, AwsSolutions and NIST 800-53 packs and throws on any finding
  // that is neither fixed nor acknowledged with a reason: getting here is the check.
  const built = synthesize('workspace', WORKSPACE_CONTEXT);
  stack = built.stack;
  resources = (built.template.toJSON() as { Resources: Record<string, Resource> }).Resources;
});

describe('Construct: WorkspaceApi', () => {
  it('puts a JWT authorizer of the configured issuer and audience on every route', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route');
    const [authorizer, ...others] = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(others).toEqual([]);
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: ISSUER, Audience: ['callbrief-workspace'] },
    });
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([
      'GET /',
      'GET /{proxy+}',
      'POST /',
      'POST /{proxy+}',
    ]);
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizerId).toBeDefined();
    }
  });

  it('has no unauthenticated way in: no $default route, no other API, no CloudFront', () => {
    const keys = ofType('AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey);
    expect(keys).not.toContain('$default');
    expect(ofType('AWS::ApiGatewayV2::Api')).toHaveLength(1);
    expect(ofType('AWS::ApiGatewayRestApi')).toEqual([]);
    expect(ofType('AWS::CloudFront::Distribution')).toEqual([]);
    expect(ofType('AWS::Lambda::Url')).toEqual([]);
    // Only this API may invoke the function.
    const fnId = idOf(workspace().fn);
    const permissions = ofType('AWS::Lambda::Permission').filter((p) =>
      JSON.stringify(p.Properties.FunctionName).includes(fnId),
    );
    expect(permissions.length).toBeGreaterThan(0);
    for (const permission of permissions) {
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(permission.Properties.SourceArn)).toContain(idOf(workspace().api));
    }
  });

  it('logs access into a KMS-encrypted log group with bounded retention, without paths', () => {
    const stage = resources[idOf(workspace().stage)]?.Properties ?? {};
    const settings = stage.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(JSON.stringify(settings.DestinationArn)).toContain(idOf(workspace().accessLog));
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format.user).toBe('$context.authorizer.claims.sub');
    expect(Object.values(format)).not.toContain('$context.path');
    const group = resources[idOf(workspace().accessLog)]?.Properties ?? {};
    expect(group.KmsKeyId).toBeDefined();
    expect(group.RetentionInDays).toBe(90);
  });

  it('throttles the stage', () => {
    const stage = resources[idOf(workspace().stage)]?.Properties ?? {};
    expect(stage.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
  });

  it('runs the workspace app on nodejs24.x with roles from the configured claim', () => {
    const fn = resources[idOf(workspace().fn)]?.Properties ?? {};
    expect(fn.Runtime).toBe('nodejs24.x');
    const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.WORKSPACE_ROLE_CLAIM).toBe('roles');
    expect(variables.WORKSPACE_ORIGIN).toBe('https://workspace.example-authority.de');
    expect(JSON.parse(String(variables.WORKSPACE_ROLE_GROUPS))).toEqual({
      sachbearbeitung: 'caseworker',
      datenschutz: 'dpo',
    });
    expect(JSON.stringify(variables.ERASE_QUEUE_URL)).toContain(
      idOf(stack.pipeline.erase.input.queue),
    );
    expect(JSON.stringify(variables.WORKSPACE_MEDIA_ORIGIN)).toContain('RegionalDomainName');
  });

  it('derives its server secret from a KMS HMAC key it may only compute MACs with', () => {
    const key = resources[idOf(workspace().serverKey)]?.Properties ?? {};
    expect(key.KeySpec).toBe('HMAC_256');
    const uses = statementsOf(idOf(workspace().role)).filter((s) =>
      JSON.stringify(s.Resource).includes(idOf(workspace().serverKey)),
    );
    expect(uses.flatMap(actionsOf)).toEqual(['kms:GenerateMac']);
  });

  it('reads cases and recordings, writes reviews and the access log, deletes nothing', () => {
    const statements = statementsOf(idOf(workspace().role));
    const actions = statements.flatMap(actionsOf);
    expect(actions.filter((a) => /Delete|\*/.test(a))).toEqual([]);
    const writes = statements.filter((s) => actionsOf(s).includes('s3:PutObject'));
    const written = JSON.stringify(writes.map((s) => s.Resource));
    for (const key of ['review.json', 'summary.corrected.json', 'case.json', 'access-log/*']) {
      expect(written).toContain(key);
    }
    expect(written).not.toContain('erasure-receipts');
    expect(written).not.toContain(idOf(stack.recordings.bucket));
    const sends = statements.filter((s) => actionsOf(s).includes('sqs:SendMessage'));
    expect(sends.map((s) => JSON.stringify(s.Resource))).toEqual([
      JSON.stringify({ 'Fn::GetAtt': [idOf(stack.pipeline.erase.input.queue), 'Arn'] }),
    ]);
    const recordingReads = statements.filter(
      (s) =>
        actionsOf(s).includes('s3:GetObject') &&
        JSON.stringify(s.Resource).includes(idOf(stack.recordings.bucket)),
    );
    expect(JSON.stringify(recordingReads.map((s) => s.Resource))).toContain('/recordings/*');
  });
});

describe('Function: loadDeploymentConfig (workspace)', () => {
  it('leaves the workspace out unless asked for', () => {
    const { stack: plain } = synthesize('workspace-off');
    expect(plain.pipeline.workspace).toBeUndefined();
  });

  it('refuses workspace=true without an issuer and audience', () => {
    expect(() => synthesize('workspace-no-issuer', { workspace: true })).toThrow(/workspaceIssuer/);
  });

  it('refuses an origin with a path', () => {
    expect(() =>
      synthesize('workspace-origin', {
        ...WORKSPACE_CONTEXT,
        workspaceOrigin: 'https://workspace.example-authority.de/app',
      }),
    ).toThrow(/origin is https:\/\/host/);
  });

  it('refuses an issuer that is not https', () => {
    expect(() =>
      synthesize('workspace-http', {
        workspace: true,
        workspaceIssuer: 'http://login.example-authority.de',
        workspaceAudience: 'x',
      }),
    ).toThrow(/workspaceIssuer/);
  });
});
