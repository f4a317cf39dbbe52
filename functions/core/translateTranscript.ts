import type { TranslationProvider } from '../providers/translation/TranslationProvider';
import { redactText } from '../redaction/redact';
import { redactTranslation } from '../redaction/redactDocuments';
import { artifactKey, translationKey } from '../shared/artifactKeys';
import * as schemas from '../shared/compiledSchemas';
import type {
  RecordingInfo,
  Redaction,
  StageMessage,
  Transcript,
  Translation,
} from '../shared/documents';
import { SCHEMA_VERSION } from '../shared/documents';
import { DEFAULT_REDACTION, type RedactionConfig } from '../shared/pipelineConfig';
import { callerLanguage } from './languages/channelLanguages';
import { recordEngineTime } from './metricsPort';
import {
  handOffToNext,
  type Log,
  produceOnce,
  readRequired,
  type StageContext,
} from './stageContext';
import { translationView } from './translate/translationView';

const TURN_TEXT = /^turns\[(\d+)\]\.text$/;

/**
 * The turn texts to send for translation and the redactions they carry. Transcribe stored them
 * redacted already; a transcript stored without redaction (before it was enabled) is redacted
 * here, so no identifier reaches the translation provider either way.
 */
function sourceTexts(transcript: Transcript, log: Log): { texts: string[]; carried: Redaction[] } {
  const turns = transcript.turns.map((turn, i) => redactText(turn.text, `turns[${i}].text`));
  const late = turns.flatMap((turn) => turn.redactions);
  if (late.length > 0) {
    log.warn('transcript held identifiers; redacted before translation', {
      case_id: transcript.case_id,
      contact_id: transcript.contact_id,
      redactions: late.length,
    });
  }
  // Word-level findings stay with the transcript: a translation has no words.
  const stored = (transcript.redactions ?? []).filter((r) => TURN_TEXT.test(r.path));
  return { texts: turns.map((turn) => turn.text), carried: [...stored, ...late] };
}

const turnOf = (redaction: Redaction): number =>
  Number(TURN_TEXT.exec(redaction.path)?.[1] ?? Number.MAX_SAFE_INTEGER);

/**
 * Translation: the transcript as two full views, `translation.<case worker language>.json` and
 * `translation.<caller language>.json` (one when the languages match), each turn copied when it
 * is already in the view's language and otherwise translated from its own language. The case
 * worker's view goes on to the summary.
 */
export async function translateTranscript(
  ctx: StageContext,
  translation: TranslationProvider,
  message: StageMessage,
  redaction: RedactionConfig = DEFAULT_REDACTION,
  glossary: readonly string[] = [],
): Promise<{ translation?: Translation; callerView?: Translation; reused: boolean }> {
  const recording = await readRequired<RecordingInfo>(ctx, artifactKey(message, 'recording'));
  const transcript = await readRequired<Transcript>(ctx, artifactKey(message, 'transcript'));
  const caseWorker = recording.languages.case_worker;
  const caller = callerLanguage(recording, transcript);
  const source = redaction.enabled
    ? sourceTexts(transcript, ctx.log)
    : { texts: transcript.turns.map((turn) => turn.text), carried: [] };
  const produce = (target: string) =>
    produceOnce(ctx, schemas.translation, translationKey(message, target), async () => {
      const view = await translationView(translation, transcript, source.texts, target, glossary);
      recordEngineTime(ctx.metrics, ...view.calls);
      const translated: Translation = {
        schema_version: SCHEMA_VERSION,
        case_id: message.case_id,
        contact_id: message.contact_id,
        source_language: transcript.language,
        target_language: target,
        turns: view.turns,
        ai_generated: true,
        provenance: view.provenance,
      };
      if (!redaction.enabled) return translated;
      // Defence in depth: an engine may turn a spelled-out number or address into an identifier.
      const { document, redactions } = redactTranslation(translated);
      const all = [...source.carried, ...redactions].sort((a, b) => turnOf(a) - turnOf(b));
      return { ...document, redactions: all };
    });
  const forCaseWorker = await produce(caseWorker);
  // An undetermined caller language has no view to write: the case worker's view is all there is.
  const forCaller = caller === caseWorker || caller === 'und' ? undefined : await produce(caller);
  const next: StageMessage = {
    case_id: message.case_id,
    contact_id: message.contact_id,
    artifact: { bucket: ctx.resultsBucket, key: translationKey(message, caseWorker) },
  };
  await handOffToNext(ctx, 'translate', message, schemas.stageMessage, next);
  return {
    translation: forCaseWorker.document,
    ...(forCaller ? { callerView: forCaller.document } : {}),
    reused: forCaseWorker.reused && (forCaller?.reused ?? true),
  };
}
