import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../functions/shared/runCommand';

/**
 * A recording as the telephony side would stream it: 8 kHz 16-bit PCM per channel (at most two).
 * sox converts whatever rate and encoding the file has; it is one of the offline engines' packages.
 */
export async function readRecordingChannels(path: string): Promise<Int16Array[]> {
  const info = await runCommand('soxi', ['-c', path]);
  const channels = Math.min(2, Math.max(1, Number(info.stdout.trim()) || 1));
  const dir = await mkdtemp(join(tmpdir(), 'callbrief-live-play-'));
  try {
    const raw = join(dir, 'audio.raw');
    await runCommand('sox', [
      path,
      '-t',
      'raw',
      '-r',
      '8000',
      '-e',
      'signed-integer',
      '-b',
      '16',
      '-L',
      '-c',
      String(channels),
      raw,
    ]);
    const bytes = await readFile(raw);
    const interleaved = new Int16Array(
      bytes.buffer,
      bytes.byteOffset,
      Math.floor(bytes.length / 2),
    );
    const frames = Math.floor(interleaved.length / channels);
    const out = Array.from({ length: channels }, () => new Int16Array(frames));
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < channels; c++)
        (out[c] as Int16Array)[i] = interleaved[i * channels + c] ?? 0;
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
