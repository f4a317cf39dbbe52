import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const UNIT = 'deploy/systemd/callbrief-serve.service';
const ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
if (!ANALYZE) console.warn('SKIPPED systemd unit verification: systemd-analyze is not installed');

/** The unit's settings as key → values (a key may repeat). */
function settings(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match?.[1]) map.set(match[1], [...(map.get(match[1]) ?? []), match[2] ?? '']);
  }
  return map;
}

describe('Unit: deploy/systemd/callbrief-serve.service', () => {
  it('runs serve hardened: a dynamic user, read-only system, no new privileges, restart on failure', async () => {
    const unit = settings(await readFile(UNIT, 'utf-8'));
    expect(unit.get('DynamicUser')).toEqual(['yes']);
    expect(unit.get('ProtectSystem')).toEqual(['strict']);
    expect(unit.get('NoNewPrivileges')).toEqual(['yes']);
    expect(unit.get('Restart')).toEqual(['on-failure']);
    expect(unit.get('EnvironmentFile')).toEqual(['/etc/callbrief/serve.env']);
    expect(unit.get('CapabilityBoundingSet')).toEqual(['']);
    expect(unit.get('ExecStart')?.[0]).toContain('onprem/serve.ts --env %d/onprem.env');
  });

  it.runIf(ANALYZE)('passes systemd-analyze verify', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbrief-unit-'));
    try {
      // verify checks that ExecStart's binary exists: point it at this machine's node.
      const text = (await readFile(UNIT, 'utf-8')).replace('/usr/bin/node', process.execPath);
      const copy = join(dir, 'callbrief-serve.service');
      await writeFile(copy, text);
      const result = await promisify(execFile)(ANALYZE as string, ['verify', copy]).then(
        ({ stderr }) => ({ ok: true, stderr }),
        (error: { stderr?: string }) => ({ ok: false, stderr: error.stderr ?? String(error) }),
      );
      // Complaints about the unit itself name its file; others concern the host's own units.
      const own = result.stderr.split('\n').filter((line) => line.includes('callbrief-serve'));
      expect(own).toEqual([]);
      expect(result.ok).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
