import type {
  SummarizationProvider,
  SummarizationResult,
} from '../providers/summarization/SummarizationProvider';
import type { TranslationProvider } from '../providers/translation/TranslationProvider';
import { redactSummaryContent, redactTranscript } from '../redaction/redactDocuments';
import { artifactKey, translationKey } from '../shared/artifactKeys';
import * as schemas from '../shared/compiledSchemas';
import type {
  CaseSummary,
  CompletedStep,
  ObjectPointer,
  RecordingInfo,
  Redaction,
  Sentiment,
  StageMessage,
  SummaryContent,
  Transcript,
  Translation,
} from '../shared/documents';
import { SCHEMA_VERSION } from '../shared/documents';
import { DEFAULT_REDACTION, type RedactionConfig } from '../shared/pipelineConfig';
import { matchCompletedSteps, type OpenStep } from './caseRollup/stepCompletion';
import { callerLanguage } from './languages/channelLanguages';
import { recordEngineTime } from './metricsPort';
import { lexiconTurnSentiment } from './sentiment/turnSentiment';
import {
  handOffToNext,
  type Log,
  produceOnce,
  readRequired,
  type StageContext,
} from './stageContext';
import { withDueDates } from './summarize/dueDates';
import { summarizeWithinBudget } from './summarize/summarizeWithinBudget';
import {
  contactStart,
  openStepsOfCase,
  summaryBasis,
  viewAsTranscript,
} from './summarize/summaryBasis';
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

/** Summary settings from the pipeline configuration. */
export interface SummaryOptions {
  /** The authority's time zone, for due dates. @default 'Europe/Berlin' */
  timeZone?: string;
  /** Terms translation keeps as they are. */
  glossary?: readonly string[];
}

/**
 * Summary: made from the case worker's view of the contact (see summaryBasis), with due dates
 * resolved from the contact's start, then given in the case worker's and the caller's language,
 * identifiers redacted before each is stored. Sentiment per turn, speaker and contact; the
 * case's open steps this contact reports done. Written as a draft; publish finalises it.
 */
export async function summarizeContact(
  ctx: StageContext,
  providers: { summarization: SummarizationProvider; translation: TranslationProvider },
  message: StageMessage,
  redaction: RedactionConfig = DEFAULT_REDACTION,
  options: SummaryOptions = {},
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
      const caller = callerLanguage(recording, transcript);
      const input = redaction.enabled ? summarizerInput(transcript, ctx.log) : transcript;
      const viewKeys = {
        caseWorker: translationKey(message, caseWorker),
        caller: translationKey(message, caller),
      };
      const views = {
        caseWorker: await ctx.store.getJson<Translation>(ctx.resultsBucket, viewKeys.caseWorker),
        caller:
          caller === caseWorker
            ? undefined
            : await ctx.store.getJson<Translation>(ctx.resultsBucket, viewKeys.caller),
      };
      const basis = summaryBasis(providers.summarization.languages, views, input);
      const openSteps = await openStepsOfCase(ctx, message.case_id, message.contact_id);
      // Long contacts are summarized in pieces within the model's context (summarizeWithinBudget).
      const result = await summarizeWithinBudget(
        providers.summarization,
        {
          transcript: basis,
          ...(openSteps.length > 0
            ? { openSteps: openSteps.map(({ due_date, ...step }) => step) }
            : {}),
        },
        ctx.log,
      );
      const startedAt = contactStart(recording);
      const content = {
        ...result.summary,
        next_steps: withDueDates(
          result.summary.next_steps,
          new Date(startedAt),
          options.timeZone ?? 'Europe/Berlin',
        ),
      };
      // Redacted in the basis language first, so no identifier reaches the translation provider;
      // then each translation again, in case an engine turned spelled-out digits into one.
      const source = redaction.enabled
        ? redactSummaryContent(content)
        : { document: content, redactions: [] };
      const glossary = options.glossary ?? [];
      const forCaseWorker = await translateSummary(
        providers.translation,
        source.document,
        basis.language,
        caseWorker,
        glossary,
      );
      const forCaller = await translateSummary(
        providers.translation,
        source.document,
        basis.language,
        caller,
        glossary,
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
      const completed = completedSteps(
        result,
        openSteps,
        views.caseWorker ? viewAsTranscript(views.caseWorker, input) : input,
      );
      const pointer = (key: string): ObjectPointer => ({ bucket: ctx.resultsBucket, key });
      return {
        schema_version: SCHEMA_VERSION,
        case_id: message.case_id,
        contact_id: message.contact_id,
        languages: { spoken, case_worker: caseWorker, caller },
        summary: summary.content,
        caller_summary: callerSummary.content,
        sentiment: contactSentiment(result.sentiment, input),
        sources: {
          recording: recording.source.version_id
            ? {
                bucket: recording.source.bucket,
                key: recording.source.key,
                version_id: recording.source.version_id,
              }
            : { bucket: recording.source.bucket, key: recording.source.key },
          transcript: pointer(transcriptKey),
          ...(views.caseWorker ? { translation: pointer(viewKeys.caseWorker) } : {}),
          ...(views.caller ? { caller_translation: pointer(viewKeys.caller) } : {}),
        },
        started_at: startedAt,
        ...(openSteps.length > 0 ? { completed_steps: completed } : {}),
        ...(redaction.enabled
          ? { redactions: [...summary.redactions, ...callerSummary.redactions] }
          : {}),
        ai_generated: true,
        review_status: 'pending',
        provenance: {
          speech_to_text: transcript.provenance,
          ...(views.caseWorker ? { translation: views.caseWorker.provenance } : {}),
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

/**
 * The model's judgement where it gave one (only ids of steps it was shown count); otherwise
 * the offline match in the case worker's view.
 */
function completedSteps(
  result: SummarizationResult,
  openSteps: OpenStep[],
  caseWorkerView: Transcript,
): CompletedStep[] {
  if (result.completedSteps === undefined) return matchCompletedSteps(caseWorkerView, openSteps);
  const known = new Set(openSteps.map((step) => step.step_id));
  return result.completedSteps
    .filter((step) => known.has(step.step_id))
    .map(({ step_id, evidence }) => ({
      step_id,
      method: 'llm' as const,
      ...(evidence?.trim() ? { evidence: evidence.trim() } : {}),
    }));
}

/**
 * An LLM's sentiment stands, its per-turn labels tied to the transcript's turns (the lexicons
 * fill turns it left out); without an LLM, the lexicons per turn language decide everything.
 */
function contactSentiment(sentiment: Sentiment, transcript: Transcript): Sentiment {
  const lexicon = lexiconTurnSentiment(transcript);
  if (!sentiment.method.startsWith('llm')) return lexicon;
  const byIndex = new Map((sentiment.per_turn ?? []).map((turn) => [turn.index, turn.label]));
  return {
    overall: sentiment.overall,
    per_speaker: sentiment.per_speaker,
    method: sentiment.method,
    per_turn: (lexicon.per_turn ?? []).map((turn) => {
      const label = byIndex.get(turn.index);
      return label ? { ...turn, label, method: sentiment.method } : turn;
    }),
  };
}
