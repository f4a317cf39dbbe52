import type { TranslationProvider } from '../providers/translation/TranslationProvider';
import { artifactKey, translationKey } from '../shared/artifactKeys';
import type { RecordingInfo, StageMessage, Transcript, Translation } from '../shared/documents';
import { SCHEMA_VERSION } from '../shared/documents';
import { TransientError } from '../shared/errors';
import { handOffToNext, produceOnce, readRequired, type StageContext } from './stageContext';

/**
 * Translation: transcript -> the case worker's language, turn by turn. When the call was held in
 * that language already, no translation is written and the summary reads the transcript.
 */
export async function translateTranscript(
  ctx: StageContext,
  translation: TranslationProvider,
  message: StageMessage,
): Promise<{ translation?: Translation; reused: boolean }> {
  const recording = await readRequired<RecordingInfo>(ctx, artifactKey(message, 'recording'));
  const transcript = await readRequired<Transcript>(ctx, artifactKey(message, 'transcript'));
  const target = recording.languages.case_worker;
  let produced: { document: Translation; reused: boolean } | undefined;
  if (transcript.language !== target) {
    produced = await produceOnce(ctx, 'translation', translationKey(message, target), async () => {
      const result = await translation.translate({
        texts: transcript.turns.map((turn) => turn.text),
        from: transcript.language,
        to: target,
      });
      if (result.texts.length !== transcript.turns.length) {
        throw new TransientError(
          `translation returned ${result.texts.length} turns for ${transcript.turns.length}`,
        );
      }
      return {
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
    });
  }
  const next: StageMessage = {
    case_id: message.case_id,
    contact_id: message.contact_id,
    artifact: {
      bucket: ctx.resultsBucket,
      key: produced ? translationKey(message, target) : artifactKey(message, 'transcript'),
    },
  };
  await handOffToNext(ctx, 'translate', message, 'stage-message', next);
  return { translation: produced?.document, reused: produced?.reused ?? false };
}
