// Writes the workspace's stylesheet, script and fonts into a folder: the Lambda bundle's
// afterBundling hook runs it (infra/constructs/workspace/), so a cold start only reads files.
// Usage: node --import tsx workspace/assets/buildAssets.ts OUTDIR
import { defaultSources, writeAssetFolder } from './sourceAssets';

const out = process.argv[2];
if (!out) {
  console.error('usage: node --import tsx workspace/assets/buildAssets.ts OUTDIR');
  process.exit(2);
}
await writeAssetFolder(defaultSources(), out);
