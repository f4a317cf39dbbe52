import type { SummarizationResult } from '../../providers/summarization/SummarizationProvider';
import type { AssessedSentiment, SpeakerRole } from '../../shared/documents';

/**
 * Joins the summaries of consecutive pieces of one contact without another model call (which
 * would need its own context budget): the reason from the first piece, where callers state it;
 * facts, steps and questions from all, duplicates dropped; the sentiment most pieces had (ties
 * go to the later piece: how the contact ended); provenance of the first with the time of all.
 */
export function mergeSummaries(results: readonly SummarizationResult[]): SummarizationResult {
  const [first, ...rest] = results;
  if (!first) throw new Error('mergeSummaries needs at least one summary');
  if (rest.length === 0) return first;
  const summaries = results.map((r) => r.summary);
  const perSpeaker: Partial<Record<SpeakerRole, AssessedSentiment>> = {};
  for (const result of results)
    Object.assign(perSpeaker, definedOnly(result.sentiment.per_speaker));
  return {
    summary: {
      reason_for_contact: first.summary.reason_for_contact,
      key_facts: distinct(summaries.flatMap((s) => s.key_facts)),
      next_steps: distinctBy(
        summaries.flatMap((s) => s.next_steps),
        (step) => normalise(step.action),
      ),
      open_questions: distinct(summaries.flatMap((s) => s.open_questions)),
    },
    sentiment: {
      overall: mostFrequent(results.map((r) => r.sentiment.overall)),
      per_speaker: perSpeaker,
      method: first.sentiment.method,
      ...(results.some((r) => r.sentiment.per_turn)
        ? { per_turn: results.flatMap((r) => r.sentiment.per_turn ?? []) }
        : {}),
    },
    ...(results.some((r) => r.completedSteps)
      ? {
          completedSteps: distinctBy(
            results.flatMap((r) => r.completedSteps ?? []),
            (step) => step.step_id,
          ),
        }
      : {}),
    provenance: {
      ...first.provenance,
      latency_ms: results.reduce((sum, r) => sum + r.provenance.latency_ms, 0),
    },
  };
}

const normalise = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');
const distinct = (texts: string[]) => distinctBy(texts, normalise);

function distinctBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function definedOnly<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

function mostFrequent(labels: AssessedSentiment[]): AssessedSentiment {
  const counts = new Map<AssessedSentiment, number>();
  let best = labels.at(-1) ?? 'neutral';
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  for (const label of [...labels].reverse()) {
    if ((counts.get(label) ?? 0) > (counts.get(best) ?? 0)) best = label;
  }
  return best;
}
