import type { SummarizationProvider } from '../providers/summarization/SummarizationProvider';
import type { TranslationProvider } from '../providers/translation/TranslationProvider';
import { artifactKey, translationKey } from '../shared/artifactKeys';
import type {
  CaseSummary,
  ObjectPointer,
  RecordingInfo,
  StageMessage,
  Transcript,
  Translation,
} from '../shared/documents';
import { SCHEMA_VERSION } from '../shared/documents';
import { handOffToNext, produceOnce, readRequired, type StageContext } from './stageContext';
import { translateSummary } from './translateSummary';

/**
 * Summary: the transcript in its spoken language -> structured case summary, then that summary
 * in the case worker's and in the caller's language. Written as a draft; publish finalises it.
 */
export async function summarizeContact(
  ctx: StageContext,
  providers: { summarization: SummarizationProvider; translation: TranslationProvider },
  message: StageMessage,
): Promise<{ draft: CaseSummary; reused: boolean }> {
  const draftKey = artifactKey(message, 'summary-draft');
  const { document: draft, reused } = await produceOnce(ctx, 'case-summary', draftKey, async () => {
    const recordingKey = artifactKey(message, 'recording');
    const transcriptKey = artifactKey(message, 'transcript');
    const recording = await readRequired<RecordingInfo>(ctx, recordingKey);
    const transcript = await readRequired<Transcript>(ctx, transcriptKey);
    const spoken = transcript.language;
    const caseWorker = recording.languages.case_worker;
    const caller = recording.languages.caller ?? spoken;
    const result = await providers.summarization.summarize({ transcript });
    const forCaseWorker = await translateSummary(
      providers.translation,
      result.summary,
      spoken,
      caseWorker,
    );
    const forCaller = await translateSummary(providers.translation, result.summary, spoken, caller);
    const pointer = (key: string): ObjectPointer => ({ bucket: ctx.resultsBucket, key });
    const translationPath = translationKey(message, caseWorker);
    const translation =
      spoken === caseWorker
        ? undefined
        : await ctx.store.getJson<Translation>(ctx.resultsBucket, translationPath);
    const transcriptProvenance = transcript.provenance;
    return {
      schema_version: SCHEMA_VERSION,
      case_id: message.case_id,
      contact_id: message.contact_id,
      languages: { spoken, case_worker: caseWorker, caller },
      summary: forCaseWorker.content,
      caller_summary: forCaller.content,
      sentiment: result.sentiment,
      sources: {
        recording: recording.source.version_id
          ? {
              bucket: recording.source.bucket,
              key: recording.source.key,
              version_id: recording.source.version_id,
            }
          : { bucket: recording.source.bucket, key: recording.source.key },
        transcript: pointer(transcriptKey),
        ...(translation ? { translation: pointer(translationPath) } : {}),
      },
      ai_generated: true,
      review_status: 'pending',
      provenance: {
        speech_to_text: transcriptProvenance,
        ...(translation ? { translation: translation.provenance } : {}),
        summarization: result.provenance,
        ...((forCaseWorker.provenance ?? forCaller.provenance)
          ? { summary_translation: forCaseWorker.provenance ?? forCaller.provenance }
          : {}),
      },
      created_at: ctx.now().toISOString(),
    };
  });
  const next: StageMessage = {
    case_id: message.case_id,
    contact_id: message.contact_id,
    artifact: { bucket: ctx.resultsBucket, key: draftKey },
  };
  await handOffToNext(ctx, 'summarize', message, 'stage-message', next);
  return { draft, reused };
}
