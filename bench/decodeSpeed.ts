// Decoding speed per accepted format, as a multiple of real time: a synthetic stereo 16 kHz call
// is encoded with the Debian tools a recorder would use, then probed and decoded to 16-bit PCM
// WAV by the code the transcribe stage runs (functions/audio/decoders/decodeToWav.ts).
//   node --import tsx bench/decodeSpeed.ts [--seconds 600] [--runs 3]
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { decodeToWav } from '../functions/audio/decoders/decodeToWav';
import { PROBE_BYTES, probeRecording } from '../functions/core/ingest/probeRecording';
import { median } from '../local/statistics';
import { writeSyntheticCall } from './syntheticCall';

const run = promisify(execFile);

export interface DecodeFigure {
  format: string;
  /** How the file was made. */
  encoder: string;
  recordingSeconds: number;
  fileBytes: number;
  runs: number;
  decodeSecondsMedian: number;
  /** Seconds of audio decoded per second of decoding (median run). */
  timesRealTime: number;
}

const FORMATS: Array<{
  format: string;
  file: string;
  encoder: string;
  args: (s: string, t: string) => [string, string[]];
}> = [
  {
    format: 'WAV mu-law',
    file: 'mulaw.wav',
    encoder: 'sox -e mu-law',
    args: (s, t) => ['sox', [s, '-e', 'mu-law', t]],
  },
  {
    format: 'WAV A-law',
    file: 'alaw.wav',
    encoder: 'sox -e a-law',
    args: (s, t) => ['sox', [s, '-e', 'a-law', t]],
  },
  {
    format: 'WAV 32-bit float',
    file: 'float.wav',
    encoder: 'sox -e floating-point -b 32',
    args: (s, t) => ['sox', [s, '-e', 'floating-point', '-b', '32', t]],
  },
  {
    format: 'Ogg/Opus',
    file: 'call.opus',
    encoder: 'opusenc --bitrate 32',
    args: (s, t) => ['opusenc', ['--quiet', '--bitrate', '32', '--comp', '3', s, t]],
  },
  {
    format: 'Ogg/Vorbis',
    file: 'call.ogg',
    encoder: 'sox -C 3',
    args: (s, t) => ['sox', [s, '-C', '3', t]],
  },
  {
    format: 'FLAC',
    file: 'call.flac',
    encoder: 'sox (FLAC level 5)',
    args: (s, t) => ['sox', [s, t]],
  },
  {
    format: 'MP3',
    file: 'call.mp3',
    encoder: 'lame -b 64',
    args: (s, t) => ['lame', ['--quiet', '-b', '64', s, t]],
  },
];

async function headAndTail(path: string) {
  const size = (await stat(path)).size;
  const handle = await open(path, 'r');
  try {
    const read = async (position: number, length: number) => {
      const buffer = new Uint8Array(Math.min(length, size - position));
      await handle.read(buffer, 0, buffer.length, position);
      return buffer;
    };
    return {
      size,
      head: await read(0, PROBE_BYTES),
      tail: await read(Math.max(0, size - PROBE_BYTES), PROBE_BYTES),
    };
  } finally {
    await handle.close();
  }
}

export async function measureDecodeSpeed(seconds: number, runs: number): Promise<DecodeFigure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'callbrief-bench-decode-'));
  try {
    const source = join(dir, 'source.wav');
    await writeSyntheticCall(source, seconds);
    const figures: DecodeFigure[] = [];
    for (const f of FORMATS) {
      const path = join(dir, f.file);
      const [command, args] = f.args(source, path);
      await run(command, args);
      const { size, head, tail } = await headAndTail(path);
      const audio = await probeRecording(head, size, async () => tail);
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const out = join(dir, 'decoded.wav');
        const started = performance.now();
        const decoded = await decodeToWav(path, out, audio);
        times.push((performance.now() - started) / 1000);
        if (Math.abs(decoded.durationSeconds - seconds) > 1) {
          throw new Error(`${f.format}: decoded ${decoded.durationSeconds} s of ${seconds} s`);
        }
        await rm(out);
      }
      await rm(path);
      const decodeSecondsMedian = median(times);
      const figure: DecodeFigure = {
        format: f.format,
        encoder: f.encoder,
        recordingSeconds: seconds,
        fileBytes: size,
        runs,
        decodeSecondsMedian,
        timesRealTime: seconds / decodeSecondsMedian,
      };
      figures.push(figure);
      process.stderr.write(
        `  ${f.format}: ${(size / 1e6).toFixed(1)} MB, ${decodeSecondsMedian.toFixed(2)} s, ${figure.timesRealTime.toFixed(0)}x real time\n`,
      );
    }
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '600' },
      runs: { type: 'string', default: '3' },
    },
  });
  await measureDecodeSpeed(Number(values.seconds), Number(values.runs));
}
