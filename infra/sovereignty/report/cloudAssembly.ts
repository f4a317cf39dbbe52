import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../../../functions/shared/errors';
import { isObject, type JsonObject } from '../cfnJson';

/** What the report reads from a cloud assembly (cdk.out): templates, metadata, findings. */

export interface MetadataEntry {
  readonly type: string;
  readonly data?: unknown;
}

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: JsonObject;
  readonly DeletionPolicy?: string;
}

export interface StackInput {
  /** Artifact id, e.g. `Callbrief`. */
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
  readonly resources: Readonly<Record<string, TemplateResource>>;
  /** Construct path (leading "/") -> metadata entries. */
  readonly metadata: Readonly<Record<string, readonly MetadataEntry[]>>;
}

export interface ViolationJson {
  readonly ruleName: string;
  readonly severity?: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
  readonly acknowledgedId?: string;
  readonly acknowledgedAt?: string;
  readonly reason?: string;
}

export interface PluginReportJson {
  readonly pluginName: string;
  readonly violations: readonly ViolationJson[];
  readonly suppressedViolations?: readonly ViolationJson[];
}

export interface AssemblyInput {
  readonly stacks: readonly StackInput[];
  /** validation-report.json, when the app registered validation plugins. */
  readonly pluginReports: readonly PluginReportJson[];
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

export function readCloudAssembly(directory: string): AssemblyInput {
  const manifestPath = join(directory, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new ConfigurationError(
      `No cloud assembly in ${directory} (manifest.json missing). Run cdk synth first.`,
    );
  }
  const stacks: StackInput[] = [];
  const pluginReports: PluginReportJson[] = [];
  collect(directory, stacks, pluginReports);
  stacks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { stacks, pluginReports };
}

function collect(directory: string, stacks: StackInput[], pluginReports: PluginReportJson[]): void {
  const manifest = readJson(join(directory, 'manifest.json'));
  const artifacts = isObject(manifest) && isObject(manifest.artifacts) ? manifest.artifacts : {};
  for (const [name, artifact] of Object.entries(artifacts)) {
    if (!isObject(artifact) || !isObject(artifact.properties)) continue;
    if (artifact.type === 'cdk:cloud-assembly') {
      collect(join(directory, String(artifact.properties.directoryName)), stacks, pluginReports);
    } else if (artifact.type === 'aws:cloudformation:stack') {
      stacks.push(readStack(directory, name, artifact));
    }
  }
  const validationPath = join(directory, 'validation-report.json');
  if (existsSync(validationPath)) {
    const report = readJson(validationPath);
    if (isObject(report) && Array.isArray(report.pluginReports)) {
      pluginReports.push(...(report.pluginReports as PluginReportJson[]));
    }
  }
}

function readStack(directory: string, name: string, artifact: JsonObject): StackInput {
  const properties = artifact.properties as JsonObject;
  const template = readJson(join(directory, String(properties.templateFile)));
  const resources = isObject(template) && isObject(template.Resources) ? template.Resources : {};
  const inline = isObject(artifact.metadata) ? artifact.metadata : {};
  const extra =
    typeof artifact.additionalMetadataFile === 'string'
      ? readJson(join(directory, artifact.additionalMetadataFile))
      : {};
  const metadata = { ...inline, ...(isObject(extra) ? extra : {}) } as StackInput['metadata'];
  const [, account, region] =
    /^aws:\/\/([^/]+)\/(.+)$/.exec(String(artifact.environment ?? '')) ?? [];
  return {
    name,
    ...(account && account !== 'unknown-account' ? { account } : {}),
    ...(region && region !== 'unknown-region' ? { region } : {}),
    resources: resources as StackInput['resources'],
    metadata,
  };
}
