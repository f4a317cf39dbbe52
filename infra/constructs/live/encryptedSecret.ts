import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnSecret, type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { acknowledge, PACKS } from '../../sovereignty/acknowledge';

/**
 * A Secrets Manager secret under `key`. The L1 resource, because the L2 construct adds a key
 * policy statement conditioned on kms:ViaService in the commercial endpoint form
 * (`secretsmanager.<region>.amazonaws.com`), which Sovereignty-NoCommercialEndpoint refuses and
 * whose aws-eusc value no source confirms.
 */
export function encryptedSecret(
  scope: Construct,
  id: string,
  key: IKey,
  props: { Description: string; GenerateSecretString: Record<string, unknown> },
): ISecret {
  const secret = new CfnSecret(scope, id, {
    description: props.Description,
    kmsKeyId: key.keyArn,
  });
  secret.addPropertyOverride('GenerateSecretString', props.GenerateSecretString);
  acknowledge(
    secret,
    PACKS.awsSolutions,
    ['SMG4'],
    'Rotation needs a rotation Lambda (SecretRotation), which cannot deploy in aws-eusc ' +
      '(ESC-FACTS). The API keys are values agreed with Genesys Cloud and change there first; ' +
      'the view key changes by putting a new value and restarting the tasks (open links end).',
  );
  acknowledge(
    secret,
    PACKS.nist,
    ['SecretsManagerRotationEnabled'],
    'Rotation Lambdas cannot deploy in aws-eusc; the keys are rotated by the platform team ' +
      '(API keys together with Genesys Cloud).',
  );
  return Secret.fromSecretCompleteArn(scope, `${id}Ref`, secret.ref);
}
