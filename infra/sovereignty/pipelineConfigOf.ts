import { CAPABILITIES, type Capability, PIPELINE_CONFIG_VARIABLE } from './aiEndpoints';
import { asArray, isObject, type JsonObject, pick } from './cfnJson';

/** The resource types that carry a PIPELINE_CONFIG and call AI providers with it. */
export const PIPELINE_CONFIG_TYPES: ReadonlySet<string> = new Set([
  'AWS::Lambda::Function',
  'AWS::ECS::TaskDefinition',
]);

/**
 * The live bridge (an ECS task) uses only speech-to-text and translation of the config it
 * carries; the summary is written by the post-call pipeline.
 */
const TASK_CAPABILITIES: readonly Capability[] = ['speechToText', 'translation'];

export interface CarriedPipelineConfig {
  /** The variable's value: a JSON string, or something unresolved. */
  readonly value: unknown;
  /** Capabilities the resource calls providers for. */
  readonly capabilities: readonly Capability[];
}

/**
 * The PIPELINE_CONFIG a function's environment or a task's container environment carries, or
 * undefined when it carries none.
 */
export function carriedPipelineConfig(
  type: string,
  properties: JsonObject,
): CarriedPipelineConfig | undefined {
  if (type === 'AWS::Lambda::Function') {
    const value = pick(properties, 'Environment', 'Variables', PIPELINE_CONFIG_VARIABLE);
    return value === undefined ? undefined : { value, capabilities: CAPABILITIES };
  }
  if (type === 'AWS::ECS::TaskDefinition') {
    for (const container of asArray(properties.ContainerDefinitions).filter(isObject)) {
      const entry = asArray(container.Environment)
        .filter(isObject)
        .find((variable) => variable.Name === PIPELINE_CONFIG_VARIABLE);
      if (entry) return { value: entry.Value, capabilities: TASK_CAPABILITIES };
    }
  }
  return undefined;
}
