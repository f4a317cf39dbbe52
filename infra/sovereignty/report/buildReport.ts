import { RULE_PACKS_METADATA_KEY } from '../applyChecks';
import { EUSC_SERVICES_AS_OF, EUSC_SERVICES_SOURCE } from '../awsServicesInEusc';
import { type RoleEntry, stackAccess } from './access';
import { type Answers, answerQuestions } from './answers';
import type { AssemblyInput } from './cloudAssembly';
import { type DataFlow, dataFlows, type InFunctionProcessing } from './dataFlows';
import { customResources, type EventRoute, eventRoutes } from './eventRoutes';
import { type Acknowledgement, acknowledgements, type OpenFinding, openFindings } from './findings';
import { type HumanAccess, humanAccess } from './humanAccess';
import { constructPaths, partitionOf, type ResourceEntry, resourceInventory } from './inventory';
import { type LiveBridgeFlow, liveBridgeFlows } from './liveBridgeFlows';
import { REGION_LOCATIONS } from './regions';
import { sortBy, sortedUnique } from './text';

export const REPORT_SCHEMA_VERSION = 1;

export interface StackSummary {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly location: string;
}

export interface SovereigntyReport {
  readonly schemaVersion: number;
  readonly serviceTable: { readonly asOf: string; readonly source: string };
  /** Rule packs that ran on the app (from validation-report.json). */
  readonly rulePacks: readonly string[];
  readonly stacks: readonly StackSummary[];
  readonly answers: Answers;
  readonly resources: readonly ResourceEntry[];
  readonly roles: readonly (RoleEntry & { readonly stack: string; readonly path: string })[];
  readonly dataFlows: readonly DataFlow[];
  readonly inFunctionProcessing: readonly InFunctionProcessing[];
  /** APIs through which signed-in staff read call content (the case-worker workspace). */
  readonly humanAccess: readonly HumanAccess[];
  /** Call content through the live bridge, when the stack has one (context `liveBridge`). */
  readonly liveBridgeFlows: readonly LiveBridgeFlow[];
  /** How events move between the stack's own resources (bucket -> EventBridge -> queue). */
  readonly eventRoutes: readonly EventRoute[];
  /** Code CloudFormation runs at deploy time (`Custom::` resources); callbrief has none. */
  readonly customResources: readonly string[];
  readonly acknowledgements: readonly Acknowledgement[];
  readonly openFindings: readonly OpenFinding[];
}

/** The whole report, from a cloud assembly; pure and sorted, so equal input gives equal output. */
export function buildReport(assembly: AssemblyInput): SovereigntyReport {
  const stacks = assembly.stacks.map((stack) => ({
    name: stack.name,
    account: stack.account ?? 'unknown',
    region: stack.region ?? 'unknown',
    partition: partitionOf(stack.region),
    location: (stack.region && REGION_LOCATIONS[stack.region]?.place) || 'unknown',
  }));
  const resources: ResourceEntry[] = [];
  const roles: SovereigntyReport['roles'][number][] = [];
  for (const stack of assembly.stacks) {
    const access = stackAccess(stack);
    resources.push(...resourceInventory(stack, access));
    const paths = constructPaths(stack);
    roles.push(
      ...access.roles.map((role) => ({
        stack: stack.name,
        path: paths.get(role.logicalId) ?? role.logicalId,
        ...role,
      })),
    );
  }
  const { flows, inFunction } = dataFlows(assembly.stacks);
  const acknowledged = acknowledgements(assembly);
  const open = openFindings(assembly);
  const rulePacks = sortedUnique([
    ...assembly.pluginReports.map((report) => report.pluginName),
    ...declaredRulePacks(assembly),
  ]);
  const sortedRoles = sortBy(roles, (role) => `${role.stack}/${role.logicalId}`);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    serviceTable: { asOf: EUSC_SERVICES_AS_OF, source: EUSC_SERVICES_SOURCE },
    rulePacks,
    stacks,
    answers: answerQuestions({
      stacks,
      resources,
      roles: sortedRoles,
      dataFlows: flows,
      inFunctionProcessing: inFunction,
      acknowledgements: acknowledged,
      openFindings: open,
      rulePacks,
    }),
    resources,
    roles: sortedRoles,
    dataFlows: flows,
    inFunctionProcessing: inFunction,
    humanAccess: humanAccess(assembly.stacks),
    liveBridgeFlows: liveBridgeFlows(assembly.stacks),
    eventRoutes: eventRoutes(assembly.stacks),
    customResources: customResources(assembly.stacks),
    acknowledgements: acknowledged,
    openFindings: open,
  };
}

/** Packs recorded by applyCallbriefChecks: the validation report omits those without findings. */
function declaredRulePacks(assembly: AssemblyInput): string[] {
  return assembly.stacks.flatMap((stack) =>
    Object.values(stack.metadata)
      .flat()
      .filter((entry) => entry.type === RULE_PACKS_METADATA_KEY && Array.isArray(entry.data))
      .flatMap((entry) => (entry.data as unknown[]).map(String)),
  );
}
