import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpeechToTextProvider } from '../providers/speechToText/SpeechToTextProvider';
import { artifactKey } from '../shared/artifactKeys';
import type { RecordingInfo, StageMessage, Transcript } from '../shared/documents';
import { SCHEMA_VERSION } from '../shared/documents';
import { handOffToNext, produceOnce, readRequired, type StageContext } from './stageContext';

/** Speech to text: recording -> speaker-attributed, timed transcript. */
export async function transcribeContact(
  ctx: StageContext,
  speechToText: SpeechToTextProvider,
  message: StageMessage,
): Promise<{ transcript: Transcript; reused: boolean }> {
  const recording = await readRequired<RecordingInfo>(ctx, artifactKey(message, 'recording'));
  const transcriptKey = artifactKey(message, 'transcript');
  const { document: transcript, reused } = await produceOnce(
    ctx,
    'transcript',
    transcriptKey,
    async () => {
      const workDir = await mkdtemp(join(tmpdir(), 'callbrief-stt-'));
      try {
        const audioPath = join(workDir, 'recording.wav');
        await ctx.store.downloadToFile(recording.source.bucket, recording.source.key, audioPath);
        const result = await speechToText.transcribe({
          audioPath,
          channels: recording.audio.channels,
          sampleRate: recording.audio.sample_rate,
          durationSeconds: recording.audio.duration_seconds,
          language: recording.languages.caller,
          channelRoles: recording.channel_roles,
          workDir,
        });
        return {
          schema_version: SCHEMA_VERSION,
          case_id: message.case_id,
          contact_id: message.contact_id,
          language: result.language,
          duration_seconds: recording.audio.duration_seconds,
          turns: result.turns,
          ai_generated: true,
          provenance: result.provenance,
        };
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    },
  );
  const next: StageMessage = {
    case_id: message.case_id,
    contact_id: message.contact_id,
    artifact: { bucket: ctx.resultsBucket, key: transcriptKey },
  };
  await handOffToNext(ctx, 'transcribe', message, 'stage-message', next);
  return { transcript, reused };
}
