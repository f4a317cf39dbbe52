import type { SummarizationProvider } from '../providers/summarization/SummarizationProvider';
import type { TranslationProvider } from '../providers/translation/TranslationProvider';
import { redactSummaryContent, redactTranscript } from '../redaction/redactDocuments';
import { artifactKey, translationKey } from '../shared/artifactKeys';
import * as schemas from '../shared/compiledSchemas';
import type {
  CaseSummary,
  ObjectPointer,
  RecordingInfo,
  Redaction,
  StageMessage,
  SummaryContent,
  Transcript,
  Translation,
} from '../shared/documents';
import { SCHEMA_VERSION } from '../shared/documents';
import { DEFAULT_REDACTION, type RedactionConfig } from '../shared/pipelineConfig';
import { recordEngineTime } from './metricsPort';
import {
  handOffToNext,
  type Log,
  produceOnce,
  readRequired,
  type StageContext,
} from './stageContext';
import { summarizeWithinBudget } from './summarize/summarizeWithinBudget';
import { translateSummary } from './translateSummary';

/**
 * The transcript as the summarizer may see it. Transcribe stored it redacted already; one stored
 * without redaction (before it was enabled) is redacted here, so no identifier reaches the
 * summarization provider either way.
 */
function summarizerInput(transcript: Transcript, log: Log): Transcript {
  const { document, redactions } = redactTranscript(transcript);
  if (redactions.length === 0) return transcript;
  log.warn('transcript held identifiers; redacted before summarizing', {
    case_id: transcript.case_id,
    contact_id: transcript.contact_id,
    redactions: redactions.length,
  });
  return document;
}

/**
 * Redacts one stored summary made from the spoken-language one: what redaction removed there is
 * carried over under `basePath`, followed by what the translation itself brought in.
 */
function redactVersion(
  content: SummaryContent,
  basePath: 'summary' | 'caller_summary',
  spoken: readonly Redaction[],
): { content: SummaryContent; redactions: Redaction[] } {
  const own = redactSummaryContent(content, basePath);
  const carried = spoken.map((r) => ({ ...r, path: `${basePath}.${r.path}` }));
  return { content: own.document, redactions: [...carried, ...own.redactions] };
}

/**
 * Summary: the transcript in its spoken language -> structured case summary, then that summary
 * in the case worker's and in the caller's language, identifiers redacted before each is stored.
 * Written as a draft; publish finalises it.
 */
export async function summarizeContact(
  ctx: StageContext,
  providers: { summarization: SummarizationProvider; translation: TranslationProvider },
  message: StageMessage,
  redaction: RedactionConfig = DEFAULT_REDACTION,
): Promise<{ draft: CaseSummary; reused: boolean }> {
  const draftKey = artifactKey(message, 'summary-draft');
  const { document: draft, reused } = await produceOnce(
    ctx,
    schemas.caseSummary,
    draftKey,
    async () => {
      const recordingKey = artifactKey(message, 'recording');
      const transcriptKey = artifactKey(message, 'transcript');
      const recording = await readRequired<RecordingInfo>(ctx, recordingKey);
      const transcript = await readRequired<Transcript>(ctx, transcriptKey);
      const spoken = transcript.language;
      const caseWorker = recording.languages.case_worker;
      const caller = recording.languages.caller ?? spoken;
      const result = await summarizeWithinBudget(
        providers.summarization,
        redaction.enabled ? summarizerInput(transcript, ctx.log) : transcript,
        ctx.log,
      );
      // Redacted in the spoken language first, so no identifier reaches the translation provider;
      // then each translation again, in case an engine turned spelled-out digits into one.
      const source = redaction.enabled
        ? redactSummaryContent(result.summary)
        : { document: result.summary, redactions: [] };
      const forCaseWorker = await translateSummary(
        providers.translation,
        source.document,
        spoken,
        caseWorker,
      );
      const forCaller = await translateSummary(
        providers.translation,
        source.document,
        spoken,
        caller,
      );
      recordEngineTime(
        ctx.metrics,
        result.provenance,
        forCaseWorker.provenance,
        forCaller.provenance,
      );
      const summary = redaction.enabled
        ? redactVersion(forCaseWorker.content, 'summary', source.redactions)
        : { content: forCaseWorker.content, redactions: [] };
      const callerSummary = redaction.enabled
        ? redactVersion(forCaller.content, 'caller_summary', source.redactions)
        : { content: forCaller.content, redactions: [] };
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
        summary: summary.content,
        caller_summary: callerSummary.content,
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
        ...(redaction.enabled
          ? { redactions: [...summary.redactions, ...callerSummary.redactions] }
          : {}),
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
    },
  );
  const next: StageMessage = {
    case_id: message.case_id,
    contact_id: message.contact_id,
    artifact: { bucket: ctx.resultsBucket, key: draftKey },
  };
  await handOffToNext(ctx, 'summarize', message, schemas.stageMessage, next);
  return { draft, reused };
}
