import type { SqsHandler } from '../../functions/handlers/stageRuntime';
import type { StageName } from '../../functions/shared/documents';
import { TransientError } from '../../functions/shared/errors';

/** mulberry32: a tiny seeded PRNG, good enough to make a soak run's fault pattern repeatable. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Probabilities (0..1) of each injected fault. */
export interface FaultMix {
  /** Provider call throws TransientError (a 5xx). */
  provider5xx: number;
  /** Provider call throws TransientError (a 429 with Retry-After; the waiting is contract-tested). */
  provider429: number;
  /** Provider call waits `timeoutDelayMs`, then throws TransientError (a timeout). */
  providerTimeout: number;
  /** An upload is PUT a second time (same key, same bytes): a duplicate S3 event. */
  duplicateUpload: number;
  /** A stage batch runs the real handler, then throws before acknowledging. */
  crashAfterHandler: number;
  /** The recording is uploaded alone and its sidecar later, within `ingest.sidecarWaitSeconds`. */
  lateMetadata: number;
  /** As `lateMetadata`, but the sidecar comes after the wait is over. */
  metadataAfterWait: number;
}

export const DEFAULT_FAULT_MIX: FaultMix = {
  provider5xx: 0.1,
  provider429: 0.05,
  providerTimeout: 0.02,
  duplicateUpload: 0.05,
  crashAfterHandler: 0.02,
  lateMetadata: 0.04,
  metadataAfterWait: 0.01,
};

export const NO_FAULTS: FaultMix = {
  provider5xx: 0,
  provider429: 0,
  providerTimeout: 0,
  duplicateUpload: 0,
  crashAfterHandler: 0,
  lateMetadata: 0,
  metadataAfterWait: 0,
};

/** How often each fault was injected. */
export type FaultCounts = Record<keyof FaultMix, number>;

/** When a call's sidecar is uploaded, counted from its recording's upload. */
export interface LateMetadata {
  delayMs: number;
  afterWait: boolean;
}

/**
 * Seeded fault decisions. Each kind of fault draws from its own stream so changing one rate does
 * not reshuffle the others (the order of calls still depends on scheduling, so runs are
 * repeatable in mix, not call for call).
 */
export class FaultInjector {
  readonly counts: FaultCounts = { ...NO_FAULTS };
  private readonly providerRandom: () => number;
  private readonly uploadRandom: () => number;
  private readonly crashRandom: () => number;
  private readonly metadataRandom: () => number;

  constructor(
    seed: number,
    readonly mix: FaultMix = DEFAULT_FAULT_MIX,
    private readonly timeoutDelayMs = 50,
  ) {
    this.providerRandom = mulberry32(seed);
    this.uploadRandom = mulberry32(seed ^ 0x9e3779b9);
    this.crashRandom = mulberry32(seed ^ 0x85ebca6b);
    this.metadataRandom = mulberry32(seed ^ 0xc2b2ae35);
  }

  /** Called before each provider call; throws TransientError when a fault is drawn. */
  async beforeProviderCall(capability: string): Promise<void> {
    const r = this.providerRandom();
    const { provider5xx, provider429, providerTimeout } = this.mix;
    if (r < provider5xx) {
      this.counts.provider5xx += 1;
      throw new TransientError(`injected: ${capability} provider answered 503`);
    }
    if (r < provider5xx + provider429) {
      this.counts.provider429 += 1;
      throw new TransientError(`injected: ${capability} provider answered 429 (Retry-After: 1)`);
    }
    if (r < provider5xx + provider429 + providerTimeout) {
      this.counts.providerTimeout += 1;
      await new Promise((resolve) => setTimeout(resolve, this.timeoutDelayMs));
      throw new TransientError(`injected: ${capability} provider timed out`);
    }
  }

  /** Whether this upload is PUT a second time. */
  duplicateUpload(): boolean {
    const duplicate = this.uploadRandom() < this.mix.duplicateUpload;
    if (duplicate) this.counts.duplicateUpload += 1;
    return duplicate;
  }

  /**
   * Whether this call's metadata comes after its recording, and when. Within the wait it lands
   * in the first half of it, leaving the other half as margin for a busy machine; after the
   * wait it lands 25-75 % of the wait after the wait is over.
   */
  lateMetadata(waitSeconds: number): LateMetadata | undefined {
    const r = this.metadataRandom();
    const spread = this.metadataRandom();
    const { lateMetadata, metadataAfterWait } = this.mix;
    const waitMs = waitSeconds * 1000;
    if (r < lateMetadata) {
      this.counts.lateMetadata += 1;
      return { delayMs: Math.round(waitMs * (0.1 + 0.4 * spread)), afterWait: false };
    }
    if (r < lateMetadata + metadataAfterWait) {
      this.counts.metadataAfterWait += 1;
      return { delayMs: Math.round(waitMs * (1.25 + 0.5 * spread)), afterWait: true };
    }
    return undefined;
  }

  /** Wraps a stage handler: runs it, then sometimes throws as if the process died before acking. */
  wrapHandler = (stage: StageName, handler: SqsHandler): SqsHandler => {
    return async (event, context) => {
      const result = await handler(event, context);
      if (this.crashRandom() < this.mix.crashAfterHandler) {
        this.counts.crashAfterHandler += 1;
        throw new Error(`injected: ${stage} crashed after writing output, before acknowledging`);
      }
      return result;
    };
  };
}
