import { SOVEREIGN_PARTITION } from '../../config';
import type { RoleEntry } from './access';
import type { DataFlow, InFunctionProcessing } from './dataFlows';
import type { Acknowledgement, OpenFinding } from './findings';
import type { ResourceEntry } from './inventory';
import { REGION_LOCATIONS } from './regions';
import { sortedUnique } from './text';

/** The four questions, answered in plain language from the report's own data. */
export interface Answers {
  readonly whereIsTheData: string;
  readonly whoOperatesIt: string;
  readonly whoCanAccessIt: string;
  readonly underWhichLaw: string;
}

export interface AnswerInput {
  readonly stacks: readonly { name: string; account: string; region: string; partition: string }[];
  readonly resources: readonly ResourceEntry[];
  readonly roles: readonly RoleEntry[];
  readonly dataFlows: readonly DataFlow[];
  readonly inFunctionProcessing: readonly InFunctionProcessing[];
  readonly acknowledgements: readonly Acknowledgement[];
  readonly openFindings: readonly OpenFinding[];
  readonly rulePacks: readonly string[];
}

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;

function locations(input: AnswerInput): string {
  return list(
    sortedUnique(
      input.stacks.map((stack) => {
        const place = REGION_LOCATIONS[stack.region]?.place ?? 'an unknown location';
        return `region ${stack.region} of partition ${stack.partition} (${place})`;
      }),
    ),
  );
}

function flowsText(flows: readonly DataFlow[]): string {
  return list(
    flows.map(
      (flow) =>
        `${flow.endpointHost} (${flow.operator}, ${flow.country}) receives ${list(flow.dataSent)} for ${flow.capability}`,
    ),
  );
}

function whereIsTheData(input: AnswerInput): string {
  const stores = input.resources.filter((resource) => resource.encryption !== null);
  const byType = new Map<string, number>();
  for (const store of stores) byType.set(store.type, (byType.get(store.type) ?? 0) + 1);
  const storeText = list([...byType].map(([type, count]) => `${count} × ${type}`));
  const notCustomerManaged = stores.filter((store) => store.encryption !== 'customer-managed');
  const keys = input.resources.filter((resource) => resource.type === 'AWS::KMS::Key').length;
  const retained = input.resources.filter((resource) => resource.deletionPolicy === 'Retain');
  const replication = input.rulePacks.includes('Sovereignty')
    ? input.openFindings.some((finding) =>
        finding.rule.startsWith('Sovereignty-NoCrossRegionReplication'),
      )
      ? 'Cross-region replication IS configured (see the open Sovereignty-NoCrossRegionReplication findings).'
      : 'No replication to another region (checked by Sovereignty-NoCrossRegionReplication).'
    : 'Replication was not checked (the Sovereignty rule pack did not run).';
  const external =
    input.dataFlows.length > 0
      ? `Outside AWS, call content leaves the partition: ${flowsText(input.dataFlows)}.`
      : `No call content leaves the partition for an AI service: ${
          list(
            input.inFunctionProcessing.map((entry) => `${entry.capability} (${entry.provider})`),
          ) || 'no AI provider is configured'
        } run inside the Lambda functions.`;
  return [
    `All ${plural(input.resources.length, 'resource')} are in ${locations(input)}.`,
    stores.length > 0
      ? `Data is held in ${storeText}; ${
          notCustomerManaged.length === 0
            ? `all of them are encrypted with customer-managed KMS keys of this app (${plural(keys, 'key')})`
            : `${plural(notCustomerManaged.length, 'store')} not with a customer-managed key of this app: ${list(notCustomerManaged.map((store) => store.path))}`
        }.`
      : 'The app holds no data stores.',
    retentionText(input.resources),
    `${plural(retained.length, 'resource')} outlive the stack (DeletionPolicy Retain), so deleting the stack does not delete their data.`,
    replication,
    external,
  ]
    .filter(Boolean)
    .join(' ');
}

function retentionText(resources: readonly ResourceEntry[]): string {
  const parts: string[] = [];
  for (const bucket of resources.filter((resource) => resource.type === 'AWS::S3::Bucket')) {
    const { expirationDays, expirationDaysByFilter, noncurrentVersionExpirationDays } =
      bucket.retention ?? {};
    const byFilter = Object.entries(expirationDaysByFilter ?? {}).map(
      ([filter, days]) => `${filter}: ${plural(days, 'day')}`,
    );
    const rules = byFilter.length > 0 ? `by lifecycle rule: ${byFilter.join('; ')}` : '';
    const path = `objects in ${bucket.path}`;
    const objects =
      expirationDays === undefined
        ? rules
          ? `${path} expire only ${rules}; others never`
          : `${path} never expire`
        : rules
          ? `${path} expire after ${plural(expirationDays, 'day')} at most, ${rules}`
          : `${path} expire after ${plural(expirationDays, 'day')}`;
    parts.push(
      noncurrentVersionExpirationDays === undefined
        ? objects
        : `${objects} (old versions after ${plural(noncurrentVersionExpirationDays, 'day')})`,
    );
  }
  const queueSeconds = resources.flatMap((resource) =>
    resource.retention?.messageRetentionSeconds === undefined
      ? []
      : [resource.retention.messageRetentionSeconds],
  );
  if (queueSeconds.length > 0) {
    parts.push(
      `queues keep a message at most ${plural(Math.max(...queueSeconds) / 86_400, 'day')}`,
    );
  }
  const logGroups = resources.filter((resource) => resource.type === 'AWS::Logs::LogGroup');
  const logDays = sortedUnique(
    logGroups.map((group) => {
      const days = group.retention?.logRetentionDays;
      return days === undefined ? 'forever' : plural(days, 'day');
    }),
  );
  if (logGroups.length > 0) parts.push(`log groups keep logs ${list(logDays)}`);
  return parts.length > 0 ? `Retention: ${list(parts)}.` : '';
}

function whoOperatesIt(input: AnswerInput): string {
  const partitions = sortedUnique(input.stacks.map((stack) => stack.partition));
  const aws = partitions.every((partition) => partition === SOVEREIGN_PARTITION)
    ? 'AWS runs the infrastructure in the AWS European Sovereign Cloud (partition aws-eusc), which is separate from the commercial AWS partition: its own IAM, its own endpoints (*.amazonaws.eu) and its own region in Germany. Which legal entity operates it and where its staff are located are statements of AWS that this report does not verify.'
    : `AWS runs the infrastructure in partition(s) ${list(partitions)}; only aws-eusc is the European Sovereign Cloud.`;
  const functions = input.resources.filter((resource) => resource.type === 'AWS::Lambda::Function');
  const operators = sortedUnique(
    input.dataFlows
      .filter((flow) => !flow.operator.startsWith('AWS'))
      .map((flow) => `${flow.operator} (${flow.country})`),
  );
  return [
    aws,
    `The application code runs in ${plural(functions.length, 'Lambda function')} that the account owner deploys and controls.`,
    operators.length > 0
      ? `The external AI endpoints are operated by ${list(operators)}.`
      : 'No third party outside AWS operates any part of the processing.',
  ].join(' ');
}

function whoCanAccessIt(input: AnswerInput): string {
  const grants = input.resources.flatMap((resource) => resource.resourcePolicy);
  const accounts = sortedUnique(
    grants
      .filter((grant) => grant.principal.startsWith('AWS:'))
      .map((grant) => grant.principal.slice(4)),
  );
  const services = sortedUnique(
    grants
      .filter((grant) => grant.principal.startsWith('Service:'))
      .map((grant) => grant.principal.slice(8)),
  );
  const usedRoles = input.roles.filter((role) => role.functions.length > 0);
  const recipients = sortedUnique(
    input.dataFlows.filter((flow) => !flow.operator.startsWith('AWS')).map((flow) => flow.operator),
  );
  const accountNames = list(sortedUnique(input.stacks.map((stack) => stack.account)));
  return [
    `Technically: inside account ${accountNames}, ${plural(input.roles.length, 'IAM role')} (${usedRoles.length} of them used by Lambda functions) hold the permissions listed per resource, split into read and write.`,
    accounts.length > 0
      ? `Resource and key policies also trust ${list(accounts)}: administrators of that account can give further IAM principals access through IAM policies.`
      : '',
    services.length > 0
      ? `AWS services act only through the service principals ${list(services)}, within the conditions of each policy.`
      : '',
    recipients.length > 0
      ? `Outside AWS, ${list(recipients)} receive the data listed under external data flows while processing it.`
      : 'No party outside AWS receives call content.',
    `Legally: the account owner (the authority running callbrief) decides who gets access; AWS${
      recipients.length > 0 ? ' and the AI providers' : ''
    } process the data on its behalf under their contracts. ${plural(
      input.acknowledgements.length,
      'rule was',
      'rules were',
    )} acknowledged as exceptions, each with a reason (listed below).`,
  ]
    .filter(Boolean)
    .join(' ');
}

function underWhichLaw(input: AnswerInput): string {
  const places = sortedUnique(
    input.stacks.map((stack) => {
      const location = REGION_LOCATIONS[stack.region];
      return location
        ? `${stack.region} is in ${location.place}, so the law of ${location.country} and of the ${location.jurisdiction} (including the GDPR) applies where the data is stored and processed`
        : `${stack.region} has no known location in this report's region table`;
    }),
  );
  const external = input.dataFlows.filter((flow) => !flow.operator.startsWith('AWS'));
  const outsideEu = external.filter(
    (flow) => flow.jurisdiction !== 'EU' && flow.jurisdiction !== 'EEA',
  );
  return [
    `AWS: ${list(places)}.`,
    external.length > 0
      ? `External AI providers: ${list(
          sortedUnique(
            external.map(
              (flow) => `${flow.operator} under the law of ${flow.country} (${flow.jurisdiction})`,
            ),
          ),
        )}${outsideEu.length === 0 ? ', all within the EU/EEA, so the GDPR applies to them as well' : ''}.`
      : 'No external AI provider is involved.',
    outsideEu.length > 0
      ? `WARNING: ${list(outsideEu.map((flow) => flow.endpointHost))} ${outsideEu.length === 1 ? 'has' : 'have'} no known EU/EEA jurisdiction.`
      : '',
    'Contracts (the AWS customer agreement and each provider’s terms and data-processing agreement) govern the rest. Whether the law of a third country can compel an operator, for example through its parent company, is a legal assessment this report does not make; it supplies the facts for it.',
  ]
    .filter(Boolean)
    .join(' ');
}

export function answerQuestions(input: AnswerInput): Answers {
  return {
    whereIsTheData: whereIsTheData(input),
    whoOperatesIt: whoOperatesIt(input),
    whoCanAccessIt: whoCanAccessIt(input),
    underWhichLaw: underWhichLaw(input),
  };
}
