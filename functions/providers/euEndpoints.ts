/**
 * The EU allow-list: the only hosts an HTTP provider may send call content to.
 * Each entry records who operates the endpoint and under which law, so an auditor can read
 * where data goes from this one file. Adding an entry is a sovereignty decision: review it.
 */

/** EU member states (ISO 3166-1 alpha-2; Greece is GR, not the EU's own "EL"). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set(
  'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '),
);
/** EEA members outside the EU: GDPR applies there too. */
export const EEA_ONLY_COUNTRIES: ReadonlySet<string> = new Set(['IS', 'LI', 'NO']);

export type Jurisdiction = 'EU' | 'EEA';

export interface AllowedHost {
  host: string;
  operator: string;
  country: string;
  jurisdiction: Jurisdiction;
  note?: string;
  /**
   * The authority's own host (hybrid: the pipeline in the partition, speech-to-text or the LLM
   * on premises), reached over a private link and acknowledged here with a reason: the
   * sovereignty check accepts it without a code-level acknowledgement, and the report shows both.
   */
  authorityHost?: { privateLink: string; reason: string };
}

export const EU_ENDPOINTS: readonly AllowedHost[] = Object.freeze([
  {
    host: 'api.eu.mistral.ai',
    operator: 'Mistral AI',
    country: 'FR',
    jurisdiction: 'EU',
    note: 'EU regional inference; the default api.mistral.ai is global and not allowed',
  },
  {
    host: 'oai.endpoints.kepler.ai.cloud.ovh.net',
    operator: 'OVHcloud',
    country: 'FR',
    jurisdiction: 'EU',
    note: 'AI Endpoints, OpenAI-compatible (chat and Whisper)',
  },
  {
    host: 'api.scaleway.ai',
    operator: 'Scaleway',
    country: 'FR',
    jurisdiction: 'EU',
    note: 'Generative APIs, OpenAI-compatible; 25 MB per audio file',
  },
  {
    host: 'openai.inference.de-txl.ionos.com',
    operator: 'IONOS',
    country: 'DE',
    jurisdiction: 'EU',
    note: 'AI Model Hub, Berlin; chat only',
  },
  {
    host: 'api.openai-compat.model-serving.eu01.onstackit.cloud',
    operator: 'STACKIT (Schwarz Group)',
    country: 'DE',
    jurisdiction: 'EU',
    note: 'AI Model Serving; chat only',
  },
  { host: 'api.deepl.com', operator: 'DeepL SE', country: 'DE', jurisdiction: 'EU', note: 'Pro' },
  {
    host: 'api-free.deepl.com',
    operator: 'DeepL SE',
    country: 'DE',
    jurisdiction: 'EU',
    note: 'Free tier: check its data-use terms before sending real case data',
  },
]);

/** Loopback hosts as `URL.hostname` spells them; allowed only with `allowLoopback: true`. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Global endpoints people reach for by habit, with the EU host to use instead. */
export const EU_ALTERNATIVES: Readonly<Record<string, string>> = Object.freeze({
  'api.mistral.ai': 'api.eu.mistral.ai',
});

export function jurisdictionOf(country: string): Jurisdiction | undefined {
  if (EU_COUNTRIES.has(country)) return 'EU';
  if (EEA_ONLY_COUNTRIES.has(country)) return 'EEA';
  return undefined;
}

/**
 * Host of an AWS service endpoint in a region, for provenance only (the SDK resolves the real
 * endpoint). The sovereign partition uses the `amazonaws.eu` suffix.
 */
export function awsServiceHost(service: string, region: string | undefined): string | undefined {
  if (!region) return undefined;
  return `${service}.${region}.${region.startsWith('eusc-') ? 'amazonaws.eu' : 'amazonaws.com'}`;
}
