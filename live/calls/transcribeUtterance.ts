import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WavWriter } from '../../functions/audio/wavWriter';
import type { SpeechToTextProvider } from '../../functions/providers/speechToText/SpeechToTextProvider';
import type { TranslationProvider } from '../../functions/providers/translation/TranslationProvider';
import type { ContactRef, Provenance, SpeakerRole, Word } from '../../functions/shared/documents';
import type { CutUtterance } from '../audio/UtteranceCutter';

export interface UtteranceText {
  text: string;
  language: string;
  words: Word[];
  speechToText: Provenance;
  translation?: { language: string; text: string; provenance: Provenance };
}

export interface TranscribeUtteranceInput {
  ref: ContactRef;
  utterance: CutUtterance;
  sampleRate: number;
  speaker: SpeakerRole;
  /** Language the speaker is expected to speak. */
  language: string;
  /** Language of the other party, translated into. */
  otherLanguage: string;
  speechToText: SpeechToTextProvider;
  translation: TranslationProvider;
  /** Scratch directory for the utterance's WAV file. */
  workDir: string;
}

/**
 * One utterance through the project's provider ports: written as a mono 16-bit WAV, transcribed,
 * then translated into the other party's language. Undefined when nothing was recognised.
 * Provider errors propagate: the caller decides what a failed utterance means for the call.
 */
export async function transcribeUtterance(
  input: TranscribeUtteranceInput,
): Promise<UtteranceText | undefined> {
  const { utterance } = input;
  // Its own folder: providers write scratch files with fixed names, and utterances overlap.
  const workDir = await mkdtemp(join(input.workDir, 'utterance-'));
  const path = join(workDir, 'utterance.wav');
  const writer = await WavWriter.create(path, { sampleRate: input.sampleRate, channels: 1 });
  try {
    await writer.write(utterance.samples);
    await writer.close();
    const result = await input.speechToText.transcribe({
      audioPath: path,
      channels: 1,
      sampleRate: input.sampleRate,
      durationSeconds: utterance.samples.length / input.sampleRate,
      language: input.language,
      channelRoles: { '0': input.speaker },
      workDir,
    });
    const text = result.turns
      .map((turn) => turn.text.trim())
      .filter(Boolean)
      .join(' ');
    if (!text) return undefined;
    const words = result.turns.flatMap((turn) => turn.words ?? []);
    const spoken = input.language;
    if (spoken === input.otherLanguage) {
      return { text, language: spoken, words, speechToText: result.provenance };
    }
    const translated = await input.translation.translate({
      texts: [text],
      from: spoken,
      to: input.otherLanguage,
    });
    return {
      text,
      language: spoken,
      words,
      speechToText: result.provenance,
      translation: {
        language: input.otherLanguage,
        text: translated.texts[0] ?? '',
        provenance: translated.provenance,
      },
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
