import { localCaseIdMac } from '../functions/core/erasure/caseIdMac';
import { type ErasureContext, eraseCase } from '../functions/core/erasure/eraseCase';
import type { EraseRequest } from '../functions/core/erasure/eraseRequest';
import { loadOrCreateCaseIdKey } from '../local/caseIdKey';

/** Seconds between an erasure and its second sweep on one machine (the local pipeline's too). */
const SECOND_SWEEP_DELAY_SECONDS = 2;

type LocalErasureContext = Omit<
  ErasureContext,
  'caseIdMac' | 'requeue' | 'secondSweepDelaySeconds'
>;

/**
 * Erasure for the workspace on one machine, where no erase queue runs: the state folder's
 * case-id key (the same the runner uses, so markers match), and the second sweep run by this
 * process once it is due. `finish` runs every sweep still waiting (when the server stops), so
 * Ctrl-C right after an erasure does not skip it.
 */
export class LocalErasure {
  private readonly waiting = new Map<NodeJS.Timeout, () => Promise<void>>();
  private readonly running = new Set<Promise<void>>();

  private constructor(
    private readonly caseIdMac: ErasureContext['caseIdMac'],
    private readonly base: LocalErasureContext,
  ) {}

  static async open(stateDir: string, base: LocalErasureContext): Promise<LocalErasure> {
    return new LocalErasure(localCaseIdMac(await loadOrCreateCaseIdKey(stateDir)), base);
  }

  /** What the workspace app's `erasure` option takes. */
  get settings(): Pick<ErasureContext, 'caseIdMac' | 'requeue' | 'secondSweepDelaySeconds'> {
    return {
      caseIdMac: this.caseIdMac,
      requeue: async (request, delaySeconds) => this.later(request, delaySeconds),
      secondSweepDelaySeconds: SECOND_SWEEP_DELAY_SECONDS,
    };
  }

  /** Runs the sweeps still waiting as soon as each is due, and waits for all of them. */
  async finish(): Promise<void> {
    const due = [...this.waiting];
    this.waiting.clear();
    for (const [timer] of due) clearTimeout(timer);
    await Promise.all([...due.map(([, run]) => run()), ...this.running]);
  }

  private later(request: EraseRequest, delaySeconds: number): void {
    const dueAt = Date.now() + delaySeconds * 1000;
    const run = async () => {
      const wait = dueAt - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.sweep(request);
    };
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      const sweeping = run();
      this.running.add(sweeping);
      void sweeping.finally(() => this.running.delete(sweeping));
    }, delaySeconds * 1000);
    this.waiting.set(timer, run);
  }

  private async sweep(request: EraseRequest): Promise<void> {
    try {
      await eraseCase({ ...this.base, ...this.settings }, request);
    } catch (error) {
      // Never lost silently: the operator is told to repeat it (it is idempotent per request).
      this.base.log.error('second erasure sweep failed; run npm run erase for the case again', {
        requestId: request.request_id,
        error: (error as Error).name,
      });
    }
  }
}
