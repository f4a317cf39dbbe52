/**
 * Where a provider type sends call content, by its `type` in the pipeline config: an HTTP API
 * (openai-compatible, deepl, and any type not listed here), an AWS runtime API in the partition,
 * or nowhere (the engine runs inside the function).
 */
export type ProviderKind = 'http' | 'aws' | 'in-function';

export const AWS_PROVIDER_TYPES: ReadonlySet<string> = new Set(['sagemaker', 'bedrock']);

export const IN_FUNCTION_PROVIDER_TYPES: ReadonlySet<string> = new Set([
  'pocketsphinx',
  'apertium',
  'extractive',
]);

export function providerKind(type: string): ProviderKind {
  if (AWS_PROVIDER_TYPES.has(type)) return 'aws';
  return IN_FUNCTION_PROVIDER_TYPES.has(type) ? 'in-function' : 'http';
}
