import { RegionInfo } from 'aws-cdk-lib/region-info';
import { asArray, directReference, isObject, pick } from '../cfnJson';
import { encryptionOf } from '../encryption';
import type { PolicyGrant, RoleGrant, StackAccess } from './access';
import type { StackInput, TemplateResource } from './cloudAssembly';
import { displayPath, renderValue, sortBy } from './text';

/** SQS keeps messages 4 days unless MessageRetentionPeriod says otherwise. */
const SQS_DEFAULT_RETENTION_SECONDS = 345_600;

export interface Retention {
  readonly logRetentionDays?: number;
  /** Bucket: days after which every object expires (rules without a filter). */
  readonly expirationDays?: number;
  /** Bucket: shorter expiration of the objects a filtered rule matches, e.g. `tag k=v`: 90. */
  readonly expirationDaysByFilter?: Readonly<Record<string, number>>;
  readonly noncurrentVersionExpirationDays?: number;
  readonly messageRetentionSeconds?: number;
}

export interface ResourceEntry {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** Construct path, e.g. `Callbrief/Recordings/Bucket`; the logical id when unknown. */
  readonly path: string;
  readonly partition: string;
  readonly region: string;
  /** `customer-managed`, `aws-managed: <detail>`, `none`; null where encryption does not apply. */
  readonly encryption: string | null;
  /** Logical id of the KMS key (or the key reference as text when it is not one of ours). */
  readonly encryptionKey: string | null;
  readonly retention: Retention | null;
  /** Kept or deleted with the stack (CloudFormation DeletionPolicy, default Delete). */
  readonly deletionPolicy: string;
  readonly access: readonly RoleGrant[];
  readonly resourcePolicy: readonly PolicyGrant[];
}

export function partitionOf(region: string | undefined): string {
  return (region && RegionInfo.get(region).partition) || 'unknown';
}

/** logical id -> construct path, from the `aws:cdk:logicalId` metadata. */
export function constructPaths(stack: StackInput): Map<string, string> {
  const paths = new Map<string, string>();
  for (const [path, entries] of Object.entries(stack.metadata)) {
    for (const entry of entries) {
      if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') {
        paths.set(entry.data, displayPath(path));
      }
    }
  }
  return paths;
}

export function resourceInventory(stack: StackInput, access: StackAccess): ResourceEntry[] {
  const paths = constructPaths(stack);
  const region = stack.region ?? 'unknown';
  const entries = Object.entries(stack.resources).map(([logicalId, resource]) => {
    const { encryption, encryptionKey } = describeEncryption(resource);
    return {
      stack: stack.name,
      logicalId,
      type: resource.Type,
      path: paths.get(logicalId) ?? logicalId,
      partition: partitionOf(stack.region),
      region,
      encryption,
      encryptionKey,
      retention: retentionOf(resource),
      deletionPolicy: resource.DeletionPolicy ?? 'Delete',
      access: access.roleGrants.get(logicalId) ?? [],
      resourcePolicy: access.policyGrants.get(logicalId) ?? [],
    };
  });
  return sortBy(entries, (entry) => `${entry.stack}/${entry.logicalId}`);
}

function describeEncryption(resource: TemplateResource) {
  const encryption = encryptionOf(resource.Type, resource.Properties ?? {});
  if (!encryption) return { encryption: null, encryptionKey: null };
  if (encryption.kind === 'none') return { encryption: 'none', encryptionKey: null };
  if (encryption.kind === 'aws-managed') {
    return { encryption: `aws-managed: ${encryption.detail}`, encryptionKey: null };
  }
  const keys = encryption.keys.map((key) => directReference(key) ?? renderValue(key));
  return { encryption: 'customer-managed', encryptionKey: keys.join(', ') };
}

function retentionOf(resource: TemplateResource): Retention | null {
  const properties = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::Logs::LogGroup':
      return numbers({ logRetentionDays: properties.RetentionInDays });
    case 'AWS::SQS::Queue':
      return numbers({
        messageRetentionSeconds: properties.MessageRetentionPeriod ?? SQS_DEFAULT_RETENTION_SECONDS,
      });
    case 'AWS::S3::Bucket': {
      const rules = asArray(pick(properties, 'LifecycleConfiguration', 'Rules')).filter(
        (rule) => isObject(rule) && rule.Status === 'Enabled',
      );
      const everyObject = rules.filter((rule) => filterOf(rule) === undefined);
      const smallest = (values: unknown[]) => {
        const days = values.filter((value): value is number => typeof value === 'number');
        return days.length > 0 ? Math.min(...days) : undefined;
      };
      const byFilter = new Map<string, number>();
      for (const rule of rules) {
        const filter = filterOf(rule);
        const days = pick(rule, 'ExpirationInDays');
        if (filter === undefined || typeof days !== 'number') continue;
        byFilter.set(filter, Math.min(days, byFilter.get(filter) ?? days));
      }
      return {
        ...numbers({
          expirationDays: smallest(everyObject.map((rule) => pick(rule, 'ExpirationInDays'))),
          noncurrentVersionExpirationDays: smallest(
            everyObject.map((rule) => pick(rule, 'NoncurrentVersionExpiration', 'NoncurrentDays')),
          ),
        }),
        ...(byFilter.size > 0
          ? { expirationDaysByFilter: Object.fromEntries(sortBy(byFilter, ([filter]) => filter)) }
          : {}),
      };
    }
    default:
      return null;
  }
}

/** `prefix p`, `tag k=v` (joined with `, `), or undefined for a rule without a filter. */
function filterOf(rule: unknown): string | undefined {
  const parts: string[] = [];
  const prefix = pick(rule, 'Prefix');
  if (typeof prefix === 'string' && prefix !== '') parts.push(`prefix ${prefix}`);
  for (const tag of asArray(pick(rule, 'TagFilters'))) {
    parts.push(`tag ${String(pick(tag, 'Key'))}=${String(pick(tag, 'Value'))}`);
  }
  for (const key of ['ObjectSizeGreaterThan', 'ObjectSizeLessThan']) {
    const size = pick(rule, key);
    if (size !== undefined) parts.push(`${key} ${String(size)}`);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function numbers(values: Record<string, unknown>): Retention {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => typeof value === 'number'),
  ) as Retention;
}
