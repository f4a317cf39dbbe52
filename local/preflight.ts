import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PipelineConfig } from '../functions/shared/pipelineConfig';

const run = promisify(execFile);

/** Debian binaries each offline provider needs, and the packages that bring them. */
const NEEDS: Record<string, { binaries: string[]; packages: string[] }> = {
  pocketsphinx: {
    binaries: ['pocketsphinx_continuous', 'sox'],
    packages: ['pocketsphinx', 'pocketsphinx-en-us', 'sox'],
  },
  apertium: { binaries: ['apertium'], packages: ['apertium', 'apertium-eng-spa'] },
};

async function onPath(binary: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${binary}`]);
    return true;
  } catch {
    return false;
  }
}

/** Names the missing engines and the one command that installs them, before any work starts. */
export async function missingEngines(config: PipelineConfig): Promise<string | undefined> {
  const missing: string[] = [];
  const packages = new Set<string>();
  for (const capability of ['speechToText', 'translation', 'summarization'] as const) {
    const need = NEEDS[config[capability].type];
    if (!need) continue;
    for (const binary of need.binaries) {
      if (!(await onPath(binary))) {
        missing.push(`${binary} (for ${capability}.type "${config[capability].type}")`);
        for (const p of need.packages) packages.add(p);
      }
    }
  }
  if (missing.length === 0) return undefined;
  return [
    `Missing offline engines: ${missing.join(', ')}.`,
    `Install them with: sudo apt-get install -y ${[...packages].join(' ')}`,
    'or run ./scripts/setup.sh, or choose HTTP providers in the config file (--config).',
  ].join('\n');
}
