import { wavFormatName } from '../../audio/wavFormatNames';
import type { RecordingInfo } from '../../shared/documents';
import { CorruptAudioError, UnsupportedAudioError } from '../../shared/errors';
import { audioContainerOf } from './audioSignatures';
import { isRiffWave, readWavLayout } from './wavLayout';

/** How much of the object's head is fetched to identify it. */
export const PROBE_BYTES = 64 * 1024;

const SUPPORTED = 'PCM WAV, 8/16/24-bit, 8-48 kHz, mono or stereo';
const PCM = 0x0001;

/**
 * Identifies a recording by its header, never by its name, and checks that the object holds
 * every sample the header promises (a truncated upload is rejected, not half-transcribed).
 *
 * The header is read here rather than with an audio-metadata library: only PCM WAV is accepted,
 * its fmt chunk is six fields, and the chunk walk is needed anyway to find the samples. A test
 * checks the result against music-metadata for every case of the bad-input corpus.
 */
export async function probeRecording(
  head: Uint8Array,
  objectSize: number,
): Promise<RecordingInfo['audio']> {
  if (objectSize === 0) throw new CorruptAudioError('the object is empty (0 bytes)');
  if (!isRiffWave(head)) {
    const container = audioContainerOf(head);
    throw new UnsupportedAudioError(
      container
        ? `${container} is not supported (expected ${SUPPORTED})`
        : `not a recognised audio format (expected ${SUPPORTED})`,
    );
  }
  const layout = readWavLayout(head);
  const { formatCode, sampleRate, channels, bitsPerSample } = layout;
  if (formatCode !== PCM) {
    throw new UnsupportedAudioError(
      `WAV with ${wavFormatName(formatCode)} is not supported (expected ${SUPPORTED})`,
    );
  }
  if (![8, 16, 24].includes(bitsPerSample)) {
    throw new UnsupportedAudioError(
      `${bitsPerSample}-bit PCM is not supported (expected ${SUPPORTED})`,
    );
  }
  if (sampleRate < 8000 || sampleRate > 48000) {
    throw new UnsupportedAudioError(
      `sample rate ${sampleRate} Hz is not supported (expected ${SUPPORTED})`,
    );
  }
  if (channels < 1 || channels > 2) {
    throw new UnsupportedAudioError(
      `${channels} channels are not supported (expected ${SUPPORTED})`,
    );
  }
  if (layout.blockAlign !== (channels * bitsPerSample) / 8) {
    throw new CorruptAudioError(
      `the WAV header is inconsistent: block align ${layout.blockAlign} for ${channels} channel(s) of ${bitsPerSample}-bit samples`,
    );
  }
  const availableDataBytes = objectSize - layout.dataOffset;
  if (layout.declaredDataBytes > availableDataBytes) {
    throw new CorruptAudioError(
      `truncated WAV: the header declares ${layout.declaredDataBytes} bytes of audio but the object holds ${Math.max(availableDataBytes, 0)}`,
    );
  }
  // Computed from the format, not the header's byte-rate field, which writers get wrong.
  const duration = layout.declaredDataBytes / (sampleRate * layout.blockAlign);
  if (duration <= 0) throw new CorruptAudioError('the recording holds no audio samples');
  return {
    container: 'wav',
    codec: 'pcm',
    sample_rate: sampleRate,
    channels,
    bits_per_sample: bitsPerSample,
    duration_seconds: Math.round(duration * 1000) / 1000,
  };
}
