import { ConfigurationError } from '../shared/errors';
import type { PipelineConfig } from '../shared/pipelineConfig';

/**
 * Fails fast when a provider names an environment variable for its API key that is not set,
 * naming the setting, instead of failing on the first call mid-pipeline.
 */
export function assertApiKeyVariablesSet(
  config: PipelineConfig,
  env: Record<string, string | undefined> = process.env,
): void {
  const missing: string[] = [];
  for (const capability of ['speechToText', 'translation', 'summarization'] as const) {
    const provider = config[capability];
    if ('apiKeyEnv' in provider && provider.apiKeyEnv && !env[provider.apiKeyEnv]) {
      missing.push(
        `${capability}.apiKeyEnv: environment variable ${provider.apiKeyEnv} is not set`,
      );
    }
  }
  if (missing.length > 0) {
    throw new ConfigurationError(`Missing API keys:\n  - ${missing.join('\n  - ')}`);
  }
}
