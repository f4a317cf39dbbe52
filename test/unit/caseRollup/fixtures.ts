import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { CaseContact } from '../../../functions/core/caseRollup/caseRollupDocument';
import type { ContactUpdate } from '../../../functions/core/caseRollup/mergeContact';
import type { StageContext } from '../../../functions/core/stageContext';
import type { CaseSummary, NextStep, RecordingInfo } from '../../../functions/shared/documents';
import type { ObjectStore } from '../../../functions/shared/ports';
import { MemoryObjectStore } from '../../support/memoryObjectStore';

const EXAMPLES = join(import.meta.dirname, '../../../schemas/examples');
const read = <T>(name: string): T => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as T;

export const CASE_ID = 'JC-2026-004711';
export const BUCKET = 'callbrief-results';

/** The published case-summary example, moved to another contact and given these next steps. */
export function summaryFor(
  contactId: string,
  nextSteps: NextStep[] = [],
  createdAt = '2026-11-22T09:39:02.114Z',
): CaseSummary {
  // Without the example's start time: these contacts are ordered by their recordings' arrival.
  const { started_at: _start, ...summary } = read<CaseSummary>('case-summary.json');
  return {
    ...summary,
    case_id: CASE_ID,
    contact_id: contactId,
    summary: { ...summary.summary, next_steps: nextSteps },
    created_at: createdAt,
  };
}

export function recordingFor(contactId: string, receivedAt: string): RecordingInfo {
  return {
    ...read<RecordingInfo>('recording-info.json'),
    case_id: CASE_ID,
    contact_id: contactId,
    received_at: receivedAt,
  };
}

export function contact(id: string, receivedAt: string, sha = 'a'): CaseContact {
  return {
    contact_id: id,
    channel: 'call',
    received_at: receivedAt,
    languages: { spoken: 'en', case_worker: 'de', caller: 'en' },
    reason_for_contact: `Anliegen von ${id}`,
    summary: { bucket: BUCKET, key: `cases/${CASE_ID}/contacts/${id}/summary.json` },
    sha256: sha.repeat(64).slice(0, 64),
  };
}

export function update(id: string, receivedAt: string, nextSteps: NextStep[] = []): ContactUpdate {
  return { contact: contact(id, receivedAt), nextSteps };
}

export function stageContext(store: ObjectStore, now = new Date('2026-11-25T14:04:31.507Z')) {
  const send = vi.fn(async (_url: string, _body: unknown) => {});
  const ctx: StageContext = {
    store,
    queue: { send },
    resultsBucket: BUCKET,
    nextQueueUrl: 'https://sqs.local/summary-ready',
    log: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    now: () => now,
    handoffStaleMs: 60_000,
  };
  return { ctx, send };
}

/** The in-memory store plus the text writes the renderings need. */
export type TextMemoryStore = MemoryObjectStore &
  Pick<ObjectStore, 'putText'> & { contentTypes: Map<string, string>; text(key: string): string };

// Added to an instance, not by subclassing, so this keeps compiling once the port has putText.
export function textMemoryStore(): TextMemoryStore {
  const store = new MemoryObjectStore();
  const contentTypes = new Map<string, string>();
  return Object.assign(store, {
    contentTypes,
    async putText(bucket: string, key: string, text: string, contentType: string) {
      store.put(bucket, key, text);
      contentTypes.set(key, contentType);
    },
    text: (key: string) => new TextDecoder().decode(store.objects.get(`${BUCKET}/${key}`)?.bytes),
  });
}
