import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioForSpeechToText, extensionOf } from '../audio/audioForSpeechToText';
import type {
  MonoRoleRule,
  SpeechToTextProvider,
} from '../providers/speechToText/SpeechToTextProvider';
import { redactTranscript } from '../redaction/redactDocuments';
import { artifactKey, unredactedTranscriptKey } from '../shared/artifactKeys';
import * as schemas from '../shared/compiledSchemas';
import type { RecordingInfo, StageMessage, Transcript } from '../shared/documents';
import { SCHEMA_VERSION } from '../shared/documents';
import { validateDocument } from '../shared/documentValidation';
import { DEFAULT_REDACTION, type RedactionConfig } from '../shared/pipelineConfig';
import { readContactText } from './ingest/contactText';
import { sidecarKeys } from './ingest/recordingMetadata';
import { transcriptFromText } from './ingest/textTranscript';
import {
  agentLanguage,
  channelLanguages,
  transcriptionRoles,
  withTurnLanguages,
} from './languages/channelLanguages';
import {
  type LiveSegmentSource,
  transcriptFromLiveSegments,
} from './liveTranscript/liveTranscript';
import { recordAudioMinutes, recordEngineTime } from './metricsPort';
import { handOffToNext, produceOnce, readRequired, type StageContext } from './stageContext';

/** Language settings of speech-to-text from the pipeline configuration. */
export interface SpeechOptions {
  vocabulary?: readonly string[];
  monoRoleRule?: MonoRoleRule;
  /**
   * With `liveTranscript.reuse`: where the contact's live segments are read. Used instead of
   * speech-to-text when the recording says they cover the call.
   */
  liveSegments?: LiveSegmentSource;
}

/**
 * Speech to text: recording (or chat/e-mail document) -> speaker-attributed, timed transcript,
 * with personal identifiers replaced by placeholders before it is stored (unless redaction is
 * disabled).
 */
export async function transcribeContact(
  ctx: StageContext,
  speechToText: SpeechToTextProvider,
  message: StageMessage,
  redaction: RedactionConfig = DEFAULT_REDACTION,
  retention: { deleteRecordingAfterTranscription: boolean } = {
    deleteRecordingAfterTranscription: false,
  },
  speech: SpeechOptions = {},
): Promise<{ transcript: Transcript; reused: boolean }> {
  const recording = await readRequired<RecordingInfo>(ctx, artifactKey(message, 'recording'));
  const transcriptKey = artifactKey(message, 'transcript');
  const { document: transcript, reused } = await produceOnce(
    ctx,
    schemas.transcript,
    transcriptKey,
    async () => {
      const live = speech.liveSegments
        ? await transcriptFromLiveSegments(ctx.store, recording, speech.liveSegments)
        : undefined;
      if (live)
        ctx.log.info('transcript built from the live segments', { turns: live.turns.length });
      const recognised = withTurnLanguages(
        live ?? (await recognise(ctx, speechToText, message, recording, speech)),
        recording,
      );
      if (!redaction.enabled) return recognised;
      if (redaction.keepUnredactedTranscript) {
        // Written before the redacted transcript, whose presence marks the work done: a retry
        // after a crash in between writes both again.
        validateDocument(schemas.transcript, recognised);
        await ctx.store.putJson(ctx.resultsBucket, unredactedTranscriptKey(message), recognised);
      }
      const { document, redactions } = redactTranscript(recognised);
      return { ...document, redactions };
    },
  );
  const next: StageMessage = {
    case_id: message.case_id,
    contact_id: message.contact_id,
    artifact: { bucket: ctx.resultsBucket, key: transcriptKey },
  };
  await handOffToNext(ctx, 'transcribe', message, schemas.stageMessage, next);
  if (retention.deleteRecordingAfterTranscription) {
    // After the hand-off: a failure here retries the message, which finds the transcript and
    // the hand-off done and only repeats the deletion.
    await deleteRecording(ctx, recording);
  }
  return { transcript, reused };
}

/**
 * The transcript as recognised, before redaction: speech-to-text for a call; for a chat or
 * e-mail the messages themselves, read again from the uploaded document (no AI involved).
 */
async function recognise(
  ctx: StageContext,
  speechToText: SpeechToTextProvider,
  message: StageMessage,
  recording: RecordingInfo,
  speech: SpeechOptions,
): Promise<Transcript> {
  const ref = { case_id: message.case_id, contact_id: message.contact_id };
  const { bucket, key, size } = recording.source;
  if (!recording.audio) {
    const started = performance.now();
    const doc = await readContactText(ctx.store, bucket, key, size);
    return transcriptFromText(doc, ref, recording.languages.caller ?? 'und', started, {
      agent: agentLanguage(recording),
    });
  }
  const workDir = await mkdtemp(join(tmpdir(), 'callbrief-stt-'));
  try {
    const downloaded = join(workDir, `recording.${extensionOf(recording.audio)}`);
    await ctx.store.downloadToFile(bucket, key, downloaded);
    // PCM WAV as received; other formats decoded to PCM WAV unless the provider takes them.
    const audio = await audioForSpeechToText(downloaded, recording.audio, {
      workDir,
      sizeBytes: size,
      takesOriginal: speechToText.takesOriginal?.bind(speechToText),
    });
    const roles = transcriptionRoles(recording);
    const result = await speechToText.transcribe({
      audioPath: audio.path,
      channels: audio.channels,
      sampleRate: audio.sampleRate,
      durationSeconds: audio.durationSeconds,
      language: recording.languages.caller,
      channelRoles: roles,
      channelLanguages: channelLanguages(recording, roles),
      caseWorkerLanguage: recording.languages.case_worker,
      ...(speech.monoRoleRule ? { monoRoleRule: speech.monoRoleRule } : {}),
      ...(speech.vocabulary?.length ? { vocabulary: speech.vocabulary } : {}),
      workDir,
    });
    recordEngineTime(ctx.metrics, result.provenance);
    recordAudioMinutes(ctx.metrics, recording.audio.duration_seconds);
    return {
      schema_version: SCHEMA_VERSION,
      ...ref,
      language: result.language,
      duration_seconds: recording.audio.duration_seconds,
      turns: result.turns.map(({ speaker_label, segment_language, ...turn }) => turn),
      ai_generated: true,
      provenance: result.provenance,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function deleteRecording(ctx: StageContext, recording: RecordingInfo): Promise<void> {
  const { bucket, key } = recording.source;
  for (const target of [key, ...sidecarKeys(key)]) {
    const versions = (await ctx.store.listVersions(bucket, target)).filter((v) => v.key === target);
    if (versions.length > 0) await ctx.store.deleteVersions(bucket, versions);
  }
  ctx.log.info('recording deleted after transcription', {
    caseId: recording.case_id,
    contactId: recording.contact_id,
  });
}
