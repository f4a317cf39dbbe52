import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/sovereignty-report';

const scratch = mkdtempSync(join(tmpdir(), 'callbrief-human-access-'));
const args = (context: Record<string, string>) =>
  Object.entries({ account: '123456789012', ...context }).flatMap(([k, v]) => ['-c', `${k}=${v}`]);

describe('Function: humanAccess', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('lists the workspace API, its issuer host and no route without an authorizer', () => {
    // Act
    const { report } = main([
      '--out',
      join(scratch, 'with'),
      ...args({
        workspace: 'true',
        workspaceIssuer: 'https://login.example-authority.de/realms/callbrief',
        workspaceAudience: 'callbrief-workspace',
      }),
    ]);

    // Assess
    expect(report.humanAccess).toHaveLength(1);
    const [api] = report.humanAccess;
    expect(api?.unauthenticatedRoutes).toEqual([]);
    expect(api?.routes).toContain('GET /{proxy+} (JWT)');
    expect(api?.issuers).toEqual([
      { host: 'login.example-authority.de', audience: ['callbrief-workspace'] },
    ]);
    const markdown = readFileSync(join(scratch, 'with', 'report.md'), 'utf-8');
    expect(markdown).toContain('## Human access');
    expect(markdown).toContain('| none | login.example-authority.de | callbrief-workspace |');
    expect(report.openFindings).toEqual([]);
  });

  it('says that no API reaches call content when the workspace is not deployed', () => {
    const { report } = main(['--out', join(scratch, 'without'), ...args({})]);
    expect(report.humanAccess).toEqual([]);
    expect(readFileSync(join(scratch, 'without', 'report.md'), 'utf-8')).toContain(
      'No API gives people access to call content',
    );
  });
});
