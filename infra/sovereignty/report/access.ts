import {
  asArray,
  directReference,
  isObject,
  type JsonObject,
  pick,
  referencedLogicalIds,
  statementsOf,
  stringsOf,
} from '../cfnJson';
import type { StackInput } from './cloudAssembly';
import { renderValue, sortBy, sortedUnique } from './text';

/** Who may do what to which resource, from the IAM policies and resource policies of a stack. */

/** One role's permissions on one resource, actions split into read and write. */
export interface RoleGrant {
  readonly role: string;
  /** Functions running as the role (logical ids). */
  readonly functions: readonly string[];
  readonly read: readonly string[];
  readonly write: readonly string[];
}

/** One Allow statement of a resource policy (bucket, queue, topic or key policy). */
export interface PolicyGrant {
  readonly principal: string;
  readonly read: readonly string[];
  readonly write: readonly string[];
  /** Condition keys that narrow the grant, e.g. `aws:SourceArn`. */
  readonly conditions: readonly string[];
}

export interface RoleEntry {
  readonly logicalId: string;
  readonly assumedBy: readonly string[];
  readonly functions: readonly string[];
  readonly managedPolicies: readonly string[];
  /** Actions granted on `*` or on ARNs that are not resources of the stack. */
  readonly otherGrants: readonly string[];
}

export interface StackAccess {
  readonly roleGrants: ReadonlyMap<string, readonly RoleGrant[]>;
  readonly policyGrants: ReadonlyMap<string, readonly PolicyGrant[]>;
  readonly roles: readonly RoleEntry[];
}

const READ_VERBS =
  /^(Get|List|Describe|Head|Receive|Decrypt|Select|Query|Scan|BatchGet|Lookup|Search|Filter)/;

/** `s3:GetObject*` reads, `s3:PutObject` writes, `s3:*` and `*` do both. */
export function accessOf(action: string): { read: boolean; write: boolean } {
  const verb = action.includes(':') ? action.slice(action.indexOf(':') + 1) : action;
  if (verb === '*') return { read: true, write: true };
  const read = READ_VERBS.test(verb);
  return { read, write: !read };
}

function split(actions: Iterable<string>): { read: string[]; write: string[] } {
  const list = [...actions];
  return {
    read: sortedUnique(list.filter((action) => accessOf(action).read)),
    write: sortedUnique(list.filter((action) => accessOf(action).write)),
  };
}

const allows = (document: unknown) =>
  statementsOf(document).filter((statement) => statement.Effect === 'Allow');

export function stackAccess(stack: StackInput): StackAccess {
  const resources = Object.entries(stack.resources);
  const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);

  const functionsByRole = new Map<string, string[]>();
  for (const [id, fn] of ofType('AWS::Lambda::Function')) {
    const role = directReference(fn.Properties?.Role);
    if (role) functionsByRole.set(role, [...(functionsByRole.get(role) ?? []), id]);
  }

  // role -> resource -> actions
  const granted = new Map<string, Map<string, Set<string>>>();
  const other = new Map<string, Set<string>>();
  const addStatements = (role: string, document: unknown) => {
    for (const statement of allows(document)) {
      const actions = stringsOf(statement.Action);
      for (const resource of asArray(statement.Resource)) {
        const ids = referencedLogicalIds(resource).filter((id) => id in stack.resources);
        if (ids.length === 0) {
          const target = renderValue(resource);
          for (const action of actions) addTo(other, role, `${action} on ${target}`);
        }
        for (const id of ids) {
          const byResource = granted.get(role) ?? new Map<string, Set<string>>();
          granted.set(role, byResource);
          for (const action of actions) addTo(byResource, id, action);
        }
      }
    }
  };
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [, policy] of ofType(type)) {
      for (const role of asArray(policy.Properties?.Roles).map(directReference)) {
        if (role) addStatements(role, policy.Properties?.PolicyDocument);
      }
    }
  }
  const roleIds = ofType('AWS::IAM::Role').map(([id]) => id);
  for (const [id, role] of ofType('AWS::IAM::Role')) {
    for (const inline of asArray(role.Properties?.Policies))
      addStatements(id, pick(inline, 'PolicyDocument'));
  }

  const roleGrants = new Map<string, RoleGrant[]>();
  for (const [role, byResource] of granted) {
    for (const [resource, actions] of byResource) {
      const grant = {
        role,
        functions: sortedUnique(functionsByRole.get(role) ?? []),
        ...split(actions),
      };
      roleGrants.set(
        resource,
        sortBy([...(roleGrants.get(resource) ?? []), grant], (g) => g.role),
      );
    }
  }

  const roles = sortBy(
    [...new Set([...roleIds, ...granted.keys()])].map((logicalId) => {
      const properties = stack.resources[logicalId]?.Properties ?? {};
      return {
        logicalId,
        assumedBy: sortedUnique(
          allows(properties.AssumeRolePolicyDocument).flatMap((statement) =>
            principalsOf(statement.Principal),
          ),
        ),
        functions: sortedUnique(functionsByRole.get(logicalId) ?? []),
        managedPolicies: sortedUnique(asArray(properties.ManagedPolicyArns).map(renderValue)),
        otherGrants: sortedUnique(other.get(logicalId) ?? []),
      };
    }),
    (role) => role.logicalId,
  );

  return { roleGrants, policyGrants: resourcePolicies(stack), roles };
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

/** Resource type of a policy -> the property naming what it protects. */
const POLICY_TARGETS: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'Bucket',
  'AWS::SQS::QueuePolicy': 'Queues',
  'AWS::SNS::TopicPolicy': 'Topics',
};

function resourcePolicies(stack: StackInput): Map<string, PolicyGrant[]> {
  const grants = new Map<string, PolicyGrant[]>();
  const add = (target: string | undefined, grant: PolicyGrant) => {
    if (!target) return;
    const key = JSON.stringify(grant);
    const existing = grants.get(target) ?? [];
    if (!existing.some((each) => JSON.stringify(each) === key)) existing.push(grant);
    grants.set(target, existing);
  };
  for (const [id, resource] of Object.entries(stack.resources)) {
    const properties = resource.Properties ?? {};
    const targetProperty = POLICY_TARGETS[resource.Type];
    const document =
      resource.Type === 'AWS::KMS::Key'
        ? properties.KeyPolicy
        : targetProperty
          ? properties.PolicyDocument
          : undefined;
    const targets =
      resource.Type === 'AWS::KMS::Key'
        ? [id]
        : targetProperty
          ? asArray(properties[targetProperty]).map(directReference)
          : [];
    for (const statement of allows(document)) {
      for (const principal of principalsOf(statement.Principal)) {
        const grant = {
          principal,
          ...split(stringsOf(statement.Action)),
          conditions: conditionKeys(statement),
        };
        for (const target of targets) add(target, grant);
      }
    }
    if (resource.Type === 'AWS::Lambda::Permission') {
      add(directReference(properties.FunctionName), {
        principal: `Service:${renderValue(properties.Principal)}`,
        ...split(stringsOf(properties.Action)),
        conditions: sortedUnique(['SourceArn', 'SourceAccount'].filter((key) => key in properties)),
      });
    }
  }
  for (const [target, list] of grants)
    grants.set(
      target,
      sortBy(list, (grant) => JSON.stringify(grant)),
    );
  return grants;
}

function principalsOf(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (!isObject(principal)) return [];
  return Object.entries(principal).flatMap(([kind, value]) =>
    asArray(value).map((each) => `${kind}:${renderValue(each)}`),
  );
}

function conditionKeys(statement: JsonObject): string[] {
  const conditions = statement.Condition;
  if (!isObject(conditions)) return [];
  return sortedUnique(
    Object.values(conditions).flatMap((operator) =>
      isObject(operator) ? Object.keys(operator) : [],
    ),
  );
}
