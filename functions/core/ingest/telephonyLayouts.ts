import type { TelephonyLayout } from '../../shared/documents';
import type { IngestConfig } from '../../shared/pipelineConfig';
import { matchAmazonConnectKey } from './amazonConnectLayout';
import { matchGenesysCloudKey } from './genesysCloudLayout';
import { matchKeyPattern } from './keyPatternLayout';

/** What the object key (and the layout's conventions) say about a recording. */
export interface KeyFacts {
  layout: TelephonyLayout;
  /** Metadata fields taken from the key; metadata documents and x-amz-meta values override them. */
  metadata: Record<string, string | number>;
  startedAt?: string;
  conversationId?: string;
  /** The layout's own metadata document beside the recording (Genesys `_metadata.json`). */
  metadataDocumentKey?: string;
  /**
   * Whether a recording without any metadata document waits for one (`ingest.sidecarWaitSeconds`).
   * Keys that carry the ids themselves (Connect, a key pattern) do not wait.
   */
  awaitsMetadata: boolean;
}

const GENERIC: KeyFacts = { layout: 'generic', metadata: {}, awaitsMetadata: true };

const MATCHERS: Record<
  Exclude<TelephonyLayout, 'generic'>,
  (key: string, config: IngestConfig) => KeyFacts | undefined
> = {
  'amazon-connect': (key) => matchAmazonConnectKey(key),
  'genesys-cloud': (key) => matchGenesysCloudKey(key),
  pattern: (key, config) =>
    config.keyPattern ? matchKeyPattern(key, config.keyPattern) : undefined,
};

/**
 * The layout that applies to a key: the configured one, or with `auto` the first that matches
 * (Connect, Genesys, then the key pattern if one is configured). A key that does not fit falls
 * back to the generic layout (sidecar and object metadata only), so a misfiled upload is still
 * processed rather than lost.
 */
export function recogniseKeyLayout(key: string, config: IngestConfig): KeyFacts {
  const candidates =
    config.layout === 'auto'
      ? (['amazon-connect', 'genesys-cloud', 'pattern'] as const)
      : config.layout === 'generic'
        ? []
        : [config.layout];
  for (const layout of candidates) {
    const facts = MATCHERS[layout](key, config);
    if (facts) return facts;
  }
  return GENERIC;
}
