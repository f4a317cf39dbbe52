import { parseBuffer } from 'music-metadata';
import type { RecordingInfo } from '../../shared/documents';
import { CorruptAudioError, UnsupportedAudioError } from '../../shared/errors';
import { readWavLayout } from './wavLayout';

/** How much of the object's head is fetched to identify it. */
export const PROBE_BYTES = 64 * 1024;

const SUPPORTED = 'PCM WAV, 8/16/24-bit, 8-48 kHz, mono or stereo';

/**
 * Identifies a recording by its header, never by its name, and checks that the object holds
 * every sample the header promises (a truncated upload is rejected, not half-transcribed).
 */
export async function probeRecording(
  head: Uint8Array,
  objectSize: number,
): Promise<RecordingInfo['audio']> {
  if (objectSize === 0) throw new CorruptAudioError('the object is empty (0 bytes)');
  let format: Awaited<ReturnType<typeof parseBuffer>>['format'];
  try {
    ({ format } = await parseBuffer(
      head,
      { size: objectSize },
      { duration: false, skipCovers: true },
    ));
  } catch (error) {
    throw new UnsupportedAudioError(`not a recognised audio format (expected ${SUPPORTED})`, {
      cause: error,
    });
  }
  if (!format.container) {
    throw new UnsupportedAudioError(`not a recognised audio format (expected ${SUPPORTED})`);
  }
  const described = `${format.container}/${format.codec ?? 'unknown codec'}`;
  if (format.container !== 'WAVE' || format.codec !== 'PCM') {
    throw new UnsupportedAudioError(`${described} is not supported (expected ${SUPPORTED})`);
  }
  const { sampleRate = 0, numberOfChannels = 0, bitsPerSample = 0 } = format;
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
  if (numberOfChannels < 1 || numberOfChannels > 2) {
    throw new UnsupportedAudioError(
      `${numberOfChannels} channels are not supported (expected ${SUPPORTED})`,
    );
  }
  const layout = readWavLayout(head);
  const availableDataBytes = objectSize - layout.dataOffset;
  if (layout.declaredDataBytes > availableDataBytes) {
    throw new CorruptAudioError(
      `truncated WAV: the header declares ${layout.declaredDataBytes} bytes of audio but the object holds ${Math.max(availableDataBytes, 0)}`,
    );
  }
  const duration = layout.declaredDataBytes / layout.byteRate;
  if (duration <= 0) throw new CorruptAudioError('the recording holds no audio samples');
  return {
    container: 'wav',
    codec: 'pcm',
    sample_rate: sampleRate,
    channels: numberOfChannels,
    bits_per_sample: bitsPerSample,
    duration_seconds: Math.round(duration * 1000) / 1000,
  };
}
