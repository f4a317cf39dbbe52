import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Speaks `text` with espeak-ng into a 16 kHz mono 16-bit WAV (byte-identical run to run). */
export async function speak(
  dir: string,
  name: string,
  text: string,
  voice = 'en-us',
): Promise<string> {
  const raw = join(dir, `${name}.raw.wav`);
  const out = join(dir, `${name}.wav`);
  await run('espeak-ng', ['-v', voice, '-s', '140', '-w', raw, text]);
  await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', out]);
  return out;
}
