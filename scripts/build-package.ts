/**
 * Builds what `import 'callbrief'` loads: dist/index.js (infra/index.ts bundled with esbuild,
 * every npm package left external) and the declarations under dist/types/ (tsc). The Lambda handlers ship as TypeScript sources (functions/), which the
 * construct bundles at synth like any NodejsFunction entry. Run by `npm run build` and `prepack`.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../infra/config';
import { exitWithUsageIfAsked } from './usage';

exitWithUsageIfAsked(`Usage: npm run build
Builds the package for platform teams: dist/index.js (esbuild) and the declarations in
dist/types/ (tsc). npm runs it before packing (prepack).
  -h, --help   show this help and do nothing else`);

const DIST = join(REPO_ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
await build({
  entryPoints: [join(REPO_ROOT, 'infra', 'index.ts')],
  outfile: join(DIST, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // aws-cdk-lib, constructs, cdk-nag, zod...: the app's own copies, resolved at run time.
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
// Declarations of the entry and what it references, beside the sources' layout.
execFileSync(
  process.execPath,
  [
    join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--project',
    join(REPO_ROOT, 'tsconfig.build.json'),
  ],
  { stdio: 'inherit' },
);
console.log('Built dist/index.js and dist/types/');
