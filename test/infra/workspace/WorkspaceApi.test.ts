import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../synthesize';

type Resource = { Type: string; Properties: Record<string, unknown> };

const WORKSPACE_CONTEXT = {
  workspace: true,
  workspaceIssuer: 'https://login.example-authority.de/realms/callbrief',
  workspaceAudience: 'callbrief-workspace',
  workspaceRoleClaim: 'roles',
  workspaceRoleGroups: '{"sachbearbeitung":"caseworker","datenschutz":"dpo"}',
};

let resources: Record<string, Resource>;
const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

beforeAll(() => {
  // Synth runs the Sovereignty, AwsSolutions and NIST 800-53 packs and fails on any finding
  // that is neither fixed nor acknowledged with a reason.
  const { template } = synthesize('workspace', WORKSPACE_CONTEXT);
  resources = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
});

describe('Construct: WorkspaceApi', () => {
  it('synthesizes with the three rule packs and the sovereignty pack without a finding', () => {
    expect(ofType('AWS::ApiGatewayV2::Api')).toHaveLength(1);
  });
});
