import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../functions/shared/errors';
import {
  HOST_BINARY_PROVIDERS,
  hostBinarySettings,
  type PipelineConfig,
  parsePipelineConfig,
  speechToTextConfig,
  summarizationConfig,
  translationConfig,
} from '../functions/shared/pipelineConfig';

export interface LoadLambdaPipelineConfigOptions {
  /** TEST ONLY: accept providers that need host binaries, so the offline set can be synthesized. */
  allowHostBinaryProviders?: boolean;
}

/**
 * Loads the pipeline config file the stack bakes into every function, validated with the same
 * schema the functions use at cold start, and refuses providers Lambda cannot run.
 */
export function loadLambdaPipelineConfig(
  path: string,
  options: LoadLambdaPipelineConfigOptions = {},
): PipelineConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(
      `[callbrief:Config] context "pipelineConfig": cannot read JSON from ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let pipeline: PipelineConfig;
  try {
    pipeline = parsePipelineConfig(json, `pipeline config ${path}`);
  } catch (error) {
    throw new ConfigurationError(
      `[callbrief:Config] context "pipelineConfig": ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!options.allowHostBinaryProviders) assertLambdaProviders(pipeline, path);
  return pipeline;
}

/** pocketsphinx and apertium are Debian binaries; a Lambda function has neither. */
export function assertLambdaProviders(pipeline: PipelineConfig, path: string): void {
  const settings = hostBinarySettings(pipeline);
  if (settings.length > 0) {
    throw new ConfigurationError(
      `[callbrief:LambdaProviders] ${path} selects providers that need host binaries: ` +
        `${settings.join(', ')}. These engines run only with the local runner or on premises, ` +
        `not in Lambda. Types that work in Lambda: ${lambdaProviderTypes()}. ` +
        'Fix: point context "pipelineConfig" at a file that uses those.',
    );
  }
}

/** Read from the schema, so the message stays right as providers are added. */
function lambdaProviderTypes(): string {
  const schemas = {
    speechToText: speechToTextConfig,
    translation: translationConfig,
    summarization: summarizationConfig,
  };
  return Object.entries(schemas)
    .map(([capability, schema]) => {
      // zod/mini schemas: the union's options and the literal's values live on `_zod.def`.
      const types = schema._zod.def.options
        .flatMap((option) => option.shape.type._zod.def.values.map(String))
        .filter((type) => !HOST_BINARY_PROVIDERS.has(type));
      return `${capability}.type ${types.length > 0 ? types.join(' | ') : '(none in this version yet)'}`;
    })
    .join('; ');
}
