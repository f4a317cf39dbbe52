import { App, Stack } from 'aws-cdk-lib';
import { AccountPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
// As a platform team imports it: by the package name, through package.json `exports`.
import {
  acknowledge,
  applyCallbriefChecks,
  CASE_SYSTEM_READABLE,
  CallbriefPipeline,
  nagArnOf,
  PACKS,
} from 'callbrief';

export const ACCOUNT = '210987654321';
export const RECORDINGS_BUCKET = 'bza-contact-centre-recordings';
export const RESULTS_BUCKET = 'bza-contact-centre-case-results';

export interface PlatformApp {
  app: App;
  stack: Stack;
  pipeline: CallbriefPipeline;
  recorder: Role;
  caseSystem: Role;
}

/**
 * A platform team's own CDK app: its stack, its bucket names, its recorder and case-system
 * roles, the callbrief pipeline inside, and the three rule packs on every synth.
 * `context` stands for the team's cdk.json (feature flags); `acknowledgeOwnRoles` lets a test
 * show that the packs check the team's roles too.
 */
export function buildPlatformApp(
  outdir: string,
  context: Record<string, unknown>,
  options: { acknowledgeOwnRoles?: boolean } = {},
): PlatformApp {
  const app = new App({ outdir, context });
  applyCallbriefChecks(app);
  const stack = new Stack(app, 'ContactCentre', {
    env: { account: ACCOUNT, region: 'eusc-de-east-1' },
  });
  const pipeline = new CallbriefPipeline(stack, 'Callbrief', {
    recordingsBucketName: RECORDINGS_BUCKET,
    resultsBucketName: RESULTS_BUCKET,
    recordingsPrefix: 'calls/',
    pipelineConfig: {
      speechToText: {
        type: 'openai-compatible',
        baseUrl: 'https://api.eu.mistral.ai/v1',
        model: 'voxtral-mini-transcribe-3',
        apiKeySecretId: 'contact-centre/mistral',
      },
      translation: {
        type: 'deepl',
        baseUrl: 'https://api.deepl.com',
        apiKeySecretId: 'contact-centre/deepl',
      },
      summarization: { type: 'extractive' },
      languages: { caseWorker: 'de' },
    },
    stages: { transcribe: { maxConcurrency: 3 } },
    logRetention: RetentionDays.SIX_MONTHS,
  });

  const recorder = new Role(stack, 'RecorderRole', { assumedBy: new AccountPrincipal(ACCOUNT) });
  pipeline.grantUpload(recorder);
  const caseSystem = new Role(stack, 'CaseSystemRole', {
    assumedBy: new AccountPrincipal(ACCOUNT),
  });
  pipeline.grantConsumeSummaries(caseSystem);
  pipeline.grantSendEraseRequests(caseSystem);
  pipeline.grantSendReviewDecisions(caseSystem);

  if (options.acknowledgeOwnRoles ?? true) {
    const results = nagArnOf(pipeline.results.bucket);
    const recordings = nagArnOf(pipeline.recordings.bucket);
    acknowledge(
      caseSystem,
      PACKS.awsSolutions,
      CASE_SYSTEM_READABLE.map((key) => `IAM5[Resource::${results}/${key}]`),
      'Summary keys contain case and contact ids, unknown at deploy time; the case system ' +
        'reads only what callbrief publishes for it.',
    );
    acknowledge(
      caseSystem,
      PACKS.awsSolutions,
      ['IAM5[Action::kms:GenerateDataKey*]', 'IAM5[Action::kms:ReEncrypt*]'],
      "CDK's queue send grant (erase and review requests) adds these key actions on the " +
        "pipeline's queue key only.",
    );
    acknowledge(
      recorder,
      PACKS.awsSolutions,
      [`IAM5[Resource::${recordings}/calls/*]`],
      'Recorders name their files; they may only put objects under the recordings prefix.',
    );
    for (const role of [recorder, caseSystem]) {
      acknowledge(
        role,
        PACKS.nist,
        ['IAMNoInlinePolicy'],
        'The inline default policy holds only the statements callbrief grant methods write, ' +
          'for this one role.',
      );
    }
  }
  return { app, stack, pipeline, recorder, caseSystem };
}
