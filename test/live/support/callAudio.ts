import { mulaw } from '../../../live/audio/g711';

/** A burst of speech-like sound on one side of a scripted call. */
export interface Burst {
  side: 'external' | 'internal';
  start: number;
  end: number;
}

const RATE = 8000;

/**
 * Stereo test audio (external first, as offered) at 8 kHz: a 300 Hz tone with a slow
 * amplitude wobble during each burst, faint noise elsewhere. Returns PCMU bytes, interleaved.
 */
export function scriptedCallPcmu(bursts: Burst[], seconds: number): Uint8Array {
  const samples = Math.round(seconds * RATE);
  const pcm = new Int16Array(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = i / RATE;
    for (const [c, side] of (['external', 'internal'] as const).entries()) {
      const speaking = bursts.some((b) => b.side === side && t >= b.start && t < b.end);
      const noise = ((i * 2654435761 + c * 97) % 41) - 20;
      const tone =
        6000 *
        Math.sin(2 * Math.PI * (side === 'external' ? 300 : 420) * t) *
        (0.7 + 0.3 * Math.sin(2 * Math.PI * 3 * t));
      pcm[2 * i + c] = Math.round(speaking ? tone : noise);
    }
  }
  return mulaw.encode(pcm);
}

/** Splits interleaved stereo PCMU into frames of `ms` milliseconds. */
export function* framesOf(pcmu: Uint8Array, ms = 100): Generator<Uint8Array> {
  const bytes = (RATE * ms * 2) / 1000;
  for (let at = 0; at < pcmu.length; at += bytes)
    yield pcmu.subarray(at, Math.min(pcmu.length, at + bytes));
}
