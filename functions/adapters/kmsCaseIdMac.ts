import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import type { CaseIdMac } from '../core/erasure/caseIdMac';

export function createKmsClient(options: { region?: string; endpoint?: string } = {}): KMSClient {
  return new KMSClient({ region: options.region, endpoint: options.endpoint });
}

/**
 * HMAC-SHA256 of the case id computed inside KMS with the app's HMAC key (KeySpec HMAC_256):
 * the key never leaves KMS, and a role may compute MACs without being able to export it.
 */
export function kmsCaseIdMac(kms: KMSClient, keyId: string): CaseIdMac {
  return async (caseId) => {
    const out = await kms.send(
      new GenerateMacCommand({
        KeyId: keyId,
        MacAlgorithm: 'HMAC_SHA_256',
        Message: new TextEncoder().encode(caseId),
      }),
    );
    if (!out.Mac) throw new Error('KMS GenerateMac returned no MAC');
    return Buffer.from(out.Mac).toString('hex');
  };
}
