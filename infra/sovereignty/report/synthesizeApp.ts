import { buildApp } from '../../app';
import { applyCallbriefChecks } from '../applyChecks';

/**
 * Synthesizes the callbrief app into `outdir` with the rule packs registered, for the report.
 * Findings do not stop synthesis here (the report lists them); handler bundling is skipped,
 * because the report reads templates, not code. `context` overrides cdk.json like `-c` does.
 */
export function synthesizeApp(context: Record<string, unknown>, outdir: string): void {
  const { app } = buildApp(
    {
      'aws:cdk:bundling-stacks': [],
      ...context,
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    },
    { outdir },
  );
  applyCallbriefChecks(app);
  app.synth();
}
