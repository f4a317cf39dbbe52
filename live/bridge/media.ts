import { mulaw } from '../audio/g711';
import type { MediaChannel, MediaParameter } from './messages';

/** What the bridge accepts: 8 kHz G.711 mu-law or 16-bit linear, stereo or mono. */
export const SAMPLE_RATE = 8000;

/**
 * Picks the first offered media entry the bridge can take, in the client's order of preference:
 * audio, 8 kHz, PCMU or L16, channels `external` and/or `internal` each at most once.
 * Undefined when none fits.
 */
export function chooseMedia(offered: readonly unknown[]): MediaParameter | undefined {
  for (const entry of offered) {
    const candidate = entry as Partial<MediaParameter>;
    if (candidate.type !== 'audio' || candidate.rate !== SAMPLE_RATE) continue;
    if (candidate.format !== 'PCMU' && candidate.format !== 'L16') continue;
    const channels = candidate.channels ?? [];
    const known = channels.every((c) => c === 'external' || c === 'internal');
    if (!known || channels.length < 1 || channels.length > 2) continue;
    if (new Set(channels).size !== channels.length) continue;
    return {
      type: 'audio',
      format: candidate.format,
      channels: [...channels] as MediaChannel[],
      rate: SAMPLE_RATE,
    };
  }
  return undefined;
}

/** Bytes of one sample frame (one sample of every channel). */
export function bytesPerFrame(media: MediaParameter): number {
  return (media.format === 'PCMU' ? 1 : 2) * media.channels.length;
}

/**
 * Splits one binary audio frame into one 16-bit PCM array per negotiated channel (in the order
 * of `media.channels`). PCMU is G.711 mu-law, decoded with alawmulaw. L16 is read little-endian,
 * as the protocol's reference implementation reads it (a host-order Int16Array on x86/ARM).
 */
export function deinterleave(frame: Uint8Array, media: MediaParameter): Int16Array[] {
  const channels = media.channels.length;
  const samples = frame.length / bytesPerFrame(media);
  const out = media.channels.map(() => new Int16Array(samples));
  if (media.format === 'PCMU') {
    const decoded = mulaw.decode(frame);
    for (let i = 0; i < samples; i++) {
      for (let c = 0; c < channels; c++) (out[c] as Int16Array)[i] = decoded[i * channels + c] ?? 0;
    }
    return out;
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  for (let i = 0; i < samples; i++) {
    for (let c = 0; c < channels; c++) {
      (out[c] as Int16Array)[i] = view.getInt16((i * channels + c) * 2, true);
    }
  }
  return out;
}
