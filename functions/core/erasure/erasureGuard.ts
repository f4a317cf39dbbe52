import { CallbriefError } from '../../shared/errors';
import type { MessageQueue, ObjectStore } from '../../shared/ports';
import { caseIdOfKey } from './caseData';
import type { ErasureCheck } from './erasureMarker';

/**
 * A stage found the erasure marker of the case it works on: it writes nothing more and the
 * record is acknowledged (stageRuntime.ts), neither an error record nor a retry.
 */
export class CaseErasedError extends CallbriefError {
  constructor() {
    super('the case was erased; nothing is written for it and the record is acknowledged');
    this.name = 'CaseErasedError';
  }
}

/** Keys of a case written even after its erasure: see ingest/inputIndex.ts. */
export type GuardExemption = (key: string) => boolean;

async function refuseIfErased(isErased: ErasureCheck, caseId: string | undefined): Promise<void> {
  if (caseId !== undefined && (await isErased(caseId))) throw new CaseErasedError();
}

/**
 * The store every stage writes through: before each write of a key that belongs to a case
 * (caseData.ts), the case's erasure marker is looked up, and a write for an erased case throws
 * CaseErasedError instead. One place for every stage, so no stage can forget the check.
 */
export function guardedStore(
  store: ObjectStore,
  resultsBucket: string,
  isErased: ErasureCheck,
  exempt: GuardExemption = () => false,
): ObjectStore {
  const check = (bucket: string, key: string) =>
    bucket === resultsBucket && !exempt(key)
      ? refuseIfErased(isErased, caseIdOfKey(key))
      : Promise.resolve();
  return {
    head: store.head.bind(store),
    getRange: store.getRange.bind(store),
    getBytes: store.getBytes.bind(store),
    getStream: store.getStream.bind(store),
    downloadToFile: store.downloadToFile.bind(store),
    getJson: store.getJson.bind(store),
    listVersions: store.listVersions.bind(store),
    deleteVersions: store.deleteVersions.bind(store),
    async putJson(bucket: string, key: string, document: unknown) {
      await check(bucket, key);
      return store.putJson(bucket, key, document);
    },
    async putText(bucket: string, key: string, text: string, contentType: string) {
      await check(bucket, key);
      return store.putText(bucket, key, text, contentType);
    },
    async createJsonIfAbsent(bucket: string, key: string, document: unknown) {
      await check(bucket, key);
      return store.createJsonIfAbsent(bucket, key, document);
    },
    async putJsonIfMatch(bucket: string, key: string, document: unknown, etag: string) {
      await check(bucket, key);
      return store.putJsonIfMatch(bucket, key, document, etag);
    },
  };
}

/**
 * The queue every stage hands on through: a message about an erased case (every stage message
 * and summary-ready message names its case) is not sent. No summary-ready for an erased case.
 */
export function guardedQueue(queue: MessageQueue, isErased: ErasureCheck): MessageQueue {
  return {
    async send(queueUrl, body, options) {
      const caseId = (body as { case_id?: unknown } | null)?.case_id;
      await refuseIfErased(isErased, typeof caseId === 'string' ? caseId : undefined);
      return queue.send(queueUrl, body, options);
    },
  };
}
