import { wavFormatName } from '../../audio/wavFormatNames';
import type { RecordingInfo } from '../../shared/documents';
import { CorruptAudioError, UnsupportedAudioError } from '../../shared/errors';
import { audioContainerOf } from './audioSignatures';
import { readFlacHead } from './containers/flacHeader';
import { mp3DurationSeconds, readMp3Head } from './containers/mp3Header';
import { oggDurationSeconds, readOggHead } from './containers/oggHeader';
import { describeAmr, describeMatroska, describeMp4 } from './containers/refusedFormats';
import { isRiffWave, readWavLayout } from './wavLayout';

/** How much of the object's head (and, for Ogg, of its tail) is fetched to identify it. */
export const PROBE_BYTES = 64 * 1024;

const SUPPORTED =
  'WAV (PCM 8/16/24/32-bit, 32-bit float, mu-law, A-law), Ogg/Opus, Ogg/Vorbis, FLAC or MP3; 8-48 kHz, mono or stereo';

/** WAV format codes accepted, the codec name recording.json gives them, and their widths. */
const WAV_CODECS: Readonly<Record<number, { codec: string; bits: number[] }>> = {
  1: { codec: 'pcm', bits: [8, 16, 24, 32] },
  3: { codec: 'float', bits: [32] },
  6: { codec: 'alaw', bits: [8] },
  7: { codec: 'mulaw', bits: [8] },
};

type Audio = NonNullable<RecordingInfo['audio']>;
/** Reads the object's last `length` bytes (fewer when it is smaller). */
export type ReadTail = (length: number) => Promise<Uint8Array>;

/**
 * Identifies a recording by its content, never by its name, and checks that the object holds
 * the audio its header promises (a truncated upload is rejected, not half-transcribed): WAV by
 * the data chunk's size, Ogg by an end-of-stream page at the very end, MP3 by its Xing header.
 *
 * Headers are read here rather than with an audio-metadata library: each format needs a few
 * fields, a library would weigh more than the rest of the function, and decoding (in the
 * transcribe stage) is what proves the audio itself. A test checks the result against
 * music-metadata for every case of the bad-input corpus.
 */
export async function probeRecording(
  head: Uint8Array,
  objectSize: number,
  readTail: ReadTail = async () => head,
): Promise<Audio> {
  if (objectSize === 0) throw new CorruptAudioError('the object is empty (0 bytes)');
  const container = audioContainerOf(head);
  const audio = isRiffWave(head)
    ? probeWav(head, objectSize)
    : container === 'Ogg'
      ? await probeOgg(head, objectSize, readTail)
      : container === 'FLAC'
        ? probeFlac(head)
        : container === 'MP3'
          ? probeMp3(head, objectSize)
          : refuse(head, container);
  checkRange(audio);
  if (!(audio.duration_seconds > 0)) {
    throw new CorruptAudioError('the recording holds no audio samples');
  }
  return { ...audio, duration_seconds: Math.round(audio.duration_seconds * 1000) / 1000 };
}

function refuse(head: Uint8Array, container: string | undefined): never {
  const what =
    container === 'AMR'
      ? describeAmr(head)
      : container === 'MP4/M4A'
        ? describeMp4(head)
        : container === 'WebM/Matroska'
          ? describeMatroska(head)
          : container;
  throw new UnsupportedAudioError(
    what
      ? `${what} is not supported (expected ${SUPPORTED})`
      : `not a recognised audio format (expected ${SUPPORTED})`,
  );
}

function checkRange(audio: Audio): void {
  const { sample_rate: rate, channels } = audio;
  const what = `${audio.container}/${audio.codec}`;
  if (rate < 8000 || rate > 48000) {
    throw new UnsupportedAudioError(
      `sample rate ${rate} Hz is not supported (${what}; expected ${SUPPORTED})`,
    );
  }
  if (channels < 1 || channels > 2) {
    throw new UnsupportedAudioError(
      `${channels} channels are not supported (${what}; expected ${SUPPORTED})`,
    );
  }
}

function probeWav(head: Uint8Array, objectSize: number): Audio {
  const layout = readWavLayout(head);
  const { formatCode, sampleRate, channels, bitsPerSample } = layout;
  const known = WAV_CODECS[formatCode];
  if (!known) {
    throw new UnsupportedAudioError(
      `WAV with ${wavFormatName(formatCode)} is not supported (expected ${SUPPORTED})`,
    );
  }
  if (!known.bits.includes(bitsPerSample)) {
    throw new UnsupportedAudioError(
      `${bitsPerSample}-bit ${known.codec === 'pcm' ? 'PCM' : wavFormatName(formatCode)} is not supported (expected ${SUPPORTED})`,
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
  return {
    container: 'wav',
    codec: known.codec,
    sample_rate: sampleRate,
    channels,
    bits_per_sample: bitsPerSample,
    // Computed from the format, not the header's byte-rate field, which writers get wrong.
    duration_seconds: layout.declaredDataBytes / (sampleRate * layout.blockAlign),
  };
}

async function probeOgg(head: Uint8Array, objectSize: number, readTail: ReadTail) {
  const info = readOggHead(head);
  const tail = objectSize <= head.length ? head : await readTail(PROBE_BYTES);
  return {
    container: 'ogg',
    codec: info.codec,
    sample_rate: info.sampleRate,
    channels: info.channels,
    duration_seconds: oggDurationSeconds(info, tail),
  };
}

function probeFlac(head: Uint8Array): Audio {
  const info = readFlacHead(head);
  return {
    container: 'flac',
    codec: 'flac',
    sample_rate: info.sampleRate,
    channels: info.channels,
    bits_per_sample: info.bitsPerSample,
    duration_seconds: info.totalSamples / info.sampleRate,
  };
}

function probeMp3(head: Uint8Array, objectSize: number): Audio {
  const info = readMp3Head(head);
  return {
    container: 'mp3',
    codec: 'mp3',
    sample_rate: info.sampleRate,
    channels: info.channels,
    duration_seconds: mp3DurationSeconds(info, objectSize),
  };
}
