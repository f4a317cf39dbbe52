import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptionRoles } from '../../../functions/core/languages/channelLanguages';
import { ChunkedSpeechToText } from '../../../functions/providers/speechToText/chunkedSpeechToText';
import { turnsFromVerboseJson } from '../../../functions/providers/speechToText/openaiCompatible';
import type {
  RecognisedTurn,
  SpeechToTextProvider,
  SpeechToTextRequest,
  SpeechToTextResult,
} from '../../../functions/providers/speechToText/SpeechToTextProvider';
import type { RecordingInfo } from '../../../functions/shared/documents';
import { removeDir, tempDir, writeToneCall } from '../audio/audioFixtures';

/**
 * A diarizing provider as servers behave: labels are per request, so the same person is
 * speaker_0 in one piece and speaker_1 in the next. Each piece has the agent speaking German
 * and the caller Turkish; odd pieces swap the labels.
 */
class DiarizingProvider implements SpeechToTextProvider {
  readonly type = 'fake-diarizing';
  readonly requests: SpeechToTextRequest[] = [];
  constructor(private readonly diarize: boolean) {}

  async transcribe(request: SpeechToTextRequest): Promise<SpeechToTextResult> {
    const piece = this.requests.push(request) - 1;
    const [agentLabel, callerLabel] =
      piece % 2 === 0 ? ['speaker_0', 'speaker_1'] : ['speaker_1', 'speaker_0'];
    const turn = (
      index: number,
      label: string,
      language: string,
      text: string,
    ): RecognisedTurn => ({
      index,
      speaker: 'unknown',
      start: index,
      end: index + 0.5,
      text,
      ...(this.diarize ? { speaker_label: label, segment_language: language } : {}),
    });
    return {
      language: 'de',
      turns: [
        turn(0, agentLabel, 'de', `Guten Tag (piece ${piece})`),
        turn(1, callerLabel, 'tr', `Merhaba (piece ${piece})`),
      ],
      provenance: { provider: this.type, model: 'm', latency_ms: 1 },
    };
  }
}

describe('Class: ChunkedSpeechToText with a mono recording', () => {
  let dir: string;
  let mono: string;

  beforeAll(async () => {
    dir = await tempDir('mono');
    mono = `${dir}/long-mono.wav`;
    // 100 s at 8 kHz, 16-bit: 1.6 MB, cut under 150 kB into at least 10 pieces.
    await writeToneCall(mono, { sampleRate: 8000, channels: 1, seconds: 100, seed: 7 });
  });
  afterAll(() => removeDir(dir));

  const request = (over: Partial<SpeechToTextRequest> = {}): SpeechToTextRequest => ({
    audioPath: mono,
    workDir: dir,
    channels: 1,
    sampleRate: 8000,
    durationSeconds: 100,
    channelRoles: { '0': 'unknown' },
    caseWorkerLanguage: 'de',
    ...over,
  });

  it('maps diarized labels to agent and caller by language, consistently across 10+ pieces', async () => {
    // Prepare
    const inner = new DiarizingProvider(true);
    const chunked = new ChunkedSpeechToText(inner, { maxUploadBytes: 150_000 });

    // Act
    const result = await chunked.transcribe(request());

    // Assess
    expect(inner.requests.length).toBeGreaterThanOrEqual(10);
    const roles = new Map(result.turns.map((t) => [t.text.split(' (')[0], new Set<string>()]));
    for (const turn of result.turns)
      roles.get(turn.text.split(' (')[0] as string)?.add(turn.speaker);
    expect(Object.fromEntries([...roles].map(([text, set]) => [text, [...set]]))).toEqual({
      'Guten Tag': ['agent'],
      Merhaba: ['caller'],
    });
    expect(result.turns.map((t) => t.language)).toEqual(
      result.turns.map((t) => (t.speaker === 'agent' ? 'de' : 'tr')),
    );
    // Labels and per-segment languages are the provider's; the transcript does not carry them.
    expect(result.turns.every((t) => !('speaker_label' in t))).toBe(true);
  });

  it('keeps the provider labels under the "labels" rule', async () => {
    const inner = new DiarizingProvider(true);
    const chunked = new ChunkedSpeechToText(inner, { maxUploadBytes: 150_000 });
    const result = await chunked.transcribe(request({ monoRoleRule: 'labels' }));
    expect(new Set(result.turns.map((t) => t.speaker))).toEqual(new Set(['unknown']));
  });

  it('says the role is unknown without diarization', async () => {
    const inner = new DiarizingProvider(false);
    const chunked = new ChunkedSpeechToText(inner, { maxUploadBytes: 150_000 });
    // As transcribeContact asks for a bilingual mono call: no language hint on the channel.
    const result = await chunked.transcribe(
      request({ language: 'tr', channelLanguages: { '0': undefined } }),
    );
    expect(inner.requests.length).toBeGreaterThanOrEqual(10);
    expect(new Set(result.turns.map((t) => t.speaker))).toEqual(new Set(['unknown']));
    expect(inner.requests.every((r) => r.language === undefined)).toBe(true);
  });
});

describe('Function: transcriptionRoles', () => {
  it('gives a mono recording an unknown role whatever the stereo mapping says', () => {
    const recording = {
      audio: { channels: 1 },
      channel_roles: { '0': 'caller', '1': 'agent' },
    } as unknown as RecordingInfo;
    expect(transcriptionRoles(recording)).toEqual({ '0': 'unknown' });
  });
});

describe('Function: turnsFromVerboseJson', () => {
  it('keeps the speaker label and the segment language for the role rule', () => {
    const turns = turnsFromVerboseJson(
      {
        segments: [
          { start: 0, end: 1, text: 'Guten Tag', speaker: 'speaker_1', language: 'german' },
          { start: 1, end: 2, text: 'Merhaba', speaker_id: 0 },
        ],
      },
      { defaultRole: 'unknown', speakerRoles: {} },
    );
    expect(turns.map((t) => [t.speaker_label, t.segment_language])).toEqual([
      ['speaker_1', 'de'],
      ['0', undefined],
    ]);
  });
});
