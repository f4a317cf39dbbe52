import { describe, expect, it } from 'vitest';
import { UtteranceCutter } from '../../../live/audio/UtteranceCutter';

const RATE = 8000;
const tone = (seconds: number, amplitude = 8000) =>
  Int16Array.from({ length: Math.round(seconds * RATE) }, (_, i) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / RATE)),
  );
const noise = (seconds: number, amplitude = 30) =>
  Int16Array.from(
    { length: Math.round(seconds * RATE) },
    (_, i) => ((i * 7919) % (2 * amplitude)) - amplitude,
  );

describe('Class: UtteranceCutter', () => {
  it('returns one utterance per burst of speech with its stream offsets', () => {
    const cutter = new UtteranceCutter({ channel: 1, sampleRate: RATE });
    const cuts = [
      ...cutter.push(noise(1)),
      ...cutter.push(tone(1.2)),
      ...cutter.push(noise(1)),
      ...cutter.push(tone(0.8)),
      ...cutter.push(noise(1)),
    ];
    expect(cuts).toHaveLength(2);
    expect(cuts[0]).toMatchObject({ channel: 1, forced: false });
    expect(cuts[0]?.start).toBeCloseTo(0.8, 1);
    expect(cuts[0]?.end).toBeCloseTo(2.2, 1);
    expect(cuts[1]?.start).toBeCloseTo(3, 1);
    expect(cuts[1]?.end).toBeCloseTo(4, 1);
  });

  it('cuts speech longer than the maximum length into pieces', () => {
    const cutter = new UtteranceCutter({ channel: 0, sampleRate: RATE, maxSeconds: 2 });
    const cuts = [...cutter.push(noise(0.5)), ...cutter.push(tone(5)), ...cutter.flush()];
    expect(cuts.length).toBe(3);
    expect(cuts.every((cut) => cut.end - cut.start <= 2.01)).toBe(true);
    expect(cuts[0]?.forced).toBe(true);
  });

  it('returns the utterance in progress when the stream ends in the middle of it', () => {
    const cutter = new UtteranceCutter({ channel: 0, sampleRate: RATE });
    expect([...cutter.push(noise(0.5)), ...cutter.push(tone(1.003))]).toEqual([]);
    const [cut] = cutter.flush();
    expect(cut?.forced).toBe(true);
    expect(cut?.end).toBeCloseTo(1.503, 3);
  });

  it('drops clicks shorter than the minimum speech length', () => {
    const cutter = new UtteranceCutter({ channel: 0, sampleRate: RATE });
    const cuts = [...cutter.push(noise(0.5)), ...cutter.push(tone(0.06)), ...cutter.push(noise(1))];
    expect(cuts).toEqual([]);
  });

  it('ends an utterance at a gap and counts the gap in later offsets', () => {
    const cutter = new UtteranceCutter({ channel: 0, sampleRate: RATE });
    const first = [...cutter.push(noise(0.5)), ...cutter.push(tone(1)), ...cutter.gap(10)];
    const second = [...cutter.push(tone(1)), ...cutter.push(noise(1))];
    expect(first).toHaveLength(1);
    expect(second[0]?.start).toBeCloseTo(11.5, 1);
  });
});
