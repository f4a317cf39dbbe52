import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContactRef } from '../../functions/shared/documents';
import type { LiveCoverage, RecordingUpload } from '../uploadRecording';
import { assembleRecording } from './assembleRecording';
import type { PieceStore } from './PieceStore';

export interface CompletedCall {
  ref: ContactRef;
  callPrefix: string;
  pieces: number;
  languages: { caller: string; caseWorker: string; agent?: string };
  /** Zero-based agent channel of a stereo call. */
  agentChannel?: number;
  liveSegments: LiveCoverage;
}

/**
 * End of a live call: its pieces become one recording, which goes to the regular post-call
 * pipeline; then the pieces are deleted (the recording holds the same audio, and fewer copies of
 * personal data is less to retain and erase). Repeating it after a crash is harmless: the
 * recording's key is fixed and ingest is idempotent per contact.
 */
export async function completeRecording(
  store: PieceStore,
  call: CompletedCall,
  upload: (recording: RecordingUpload) => Promise<unknown>,
  workRoot: string,
): Promise<{ frames: number; missing: number[]; receivedSha256: string }> {
  const workDir = await mkdtemp(join(workRoot, 'assemble-'));
  try {
    const assembled = await assembleRecording(store, call.callPrefix, call.pieces, workDir);
    if (assembled.frames > 0) {
      await upload({
        ref: call.ref,
        path: assembled.path,
        sha256: assembled.sha256,
        receivedSha256: assembled.receivedSha256,
        callerLanguage: call.languages.caller,
        caseWorkerLanguage: call.languages.caseWorker,
        ...(call.languages.agent ? { agentLanguage: call.languages.agent } : {}),
        ...(assembled.channels === 2 && call.agentChannel !== undefined
          ? { agentChannel: call.agentChannel }
          : {}),
        liveSegments: assembled.missing.length > 0 ? 'partial' : call.liveSegments,
      });
    }
    await store.deletePrefix(call.callPrefix);
    return {
      frames: assembled.frames,
      missing: assembled.missing,
      receivedSha256: assembled.receivedSha256,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
