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
import { recordEngineTime } from './metricsPort';
import {
  handOffToNext,
  type Log,
  produceOnce,
  readRequired,
  type StageContext,
} from './stageContext';
import { translateTexts } from './translateSummary';

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
 * Translation: transcript -> the case worker's language, turn by turn. When the call was held in
 * that language already, no translation is written and the summary reads the transcript.
 */
export async function translateTranscript(
  ctx: StageContext,
  translation: TranslationProvider,
  message: StageMessage,
  redaction: RedactionConfig = DEFAULT_REDACTION,
): Promise<{ translation?: Translation; reused: boolean }> {
  const recording = await readRequired<RecordingInfo>(ctx, artifactKey(message, 'recording'));
  const transcript = await readRequired<Transcript>(ctx, artifactKey(message, 'transcript'));
  const target = recording.languages.case_worker;
  let produced: { document: Translation; reused: boolean } | undefined;
  if (transcript.language !== target) {
    produced = await produceOnce(
      ctx,
      schemas.translation,
      translationKey(message, target),
      async () => {
        const source = redaction.enabled
          ? sourceTexts(transcript, ctx.log)
          : { texts: transcript.turns.map((turn) => turn.text), carried: [] };
        const result = await translateTexts(
          translation,
          source.texts,
          transcript.language,
          target,
          'transcript',
        );
        recordEngineTime(ctx.metrics, result.provenance);
        const translated: Translation = {
          schema_version: SCHEMA_VERSION,
          case_id: message.case_id,
          contact_id: message.contact_id,
          source_language: transcript.language,
          target_language: target,
          turns: transcript.turns.map((turn, i) => ({
            index: turn.index,
            speaker: turn.speaker,
            start: turn.start,
            end: turn.end,
            text: result.texts[i] ?? '',
          })),
          ai_generated: true,
          provenance: result.provenance,
        };
        if (!redaction.enabled) return translated;
        // Defence in depth: an engine may turn a spelled-out number or address into an identifier.
        const { document, redactions } = redactTranslation(translated);
        const all = [...source.carried, ...redactions].sort((a, b) => turnOf(a) - turnOf(b));
        return { ...document, redactions: all };
      },
    );
  }
  const next: StageMessage = {
    case_id: message.case_id,
    contact_id: message.contact_id,
    artifact: {
      bucket: ctx.resultsBucket,
      key: produced ? translationKey(message, target) : artifactKey(message, 'transcript'),
    },
  };
  await handOffToNext(ctx, 'translate', message, schemas.stageMessage, next);
  return { translation: produced?.document, reused: produced?.reused ?? false };
}
