import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../functions/shared/errors';

/** The endpoints and credentials scripts/onprem-up.sh writes (a KEY=value file). */
export interface OnpremEnv {
  s3Endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  uploaderAccessKeyId: string;
  uploaderSecretAccessKey: string;
  recordingsBucket: string;
  resultsBucket: string;
  amqpUrl: string;
  amqpProvisionUrl: string;
  amqpRgwUrl: string;
  /** HMAC key (32 bytes) naming cases in erasure markers, as the KMS key does in AWS. */
  caseIdMacKey: Uint8Array;
}

export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1]) values[match[1]] = match[2] ?? '';
  }
  return values;
}

function hexKey(hex: string, path: string): Uint8Array {
  if (!/^[0-9a-f]{64,}$/.test(hex)) {
    throw new ConfigurationError(
      `${path}: CALLBRIEF_CASE_ID_MAC_KEY must be at least 32 bytes in hex`,
    );
  }
  return Buffer.from(hex, 'hex');
}

export function readOnpremEnv(path: string): OnpremEnv {
  let text: string;
  try {
    text = readFileSync(path, 'utf-8');
  } catch {
    throw new ConfigurationError(`${path} not found: run ./scripts/onprem-up.sh first`);
  }
  const v = parseEnvFile(text);
  const need = (name: string) => {
    const value = v[name];
    if (!value) throw new ConfigurationError(`${path} lacks ${name}`);
    return value;
  };
  return {
    s3Endpoint: need('CALLBRIEF_S3_ENDPOINT'),
    region: need('CALLBRIEF_S3_REGION'),
    accessKeyId: need('CALLBRIEF_S3_ACCESS_KEY_ID'),
    secretAccessKey: need('CALLBRIEF_S3_SECRET_ACCESS_KEY'),
    uploaderAccessKeyId: need('CALLBRIEF_S3_UPLOADER_ACCESS_KEY_ID'),
    uploaderSecretAccessKey: need('CALLBRIEF_S3_UPLOADER_SECRET_ACCESS_KEY'),
    recordingsBucket: need('CALLBRIEF_RECORDINGS_BUCKET'),
    resultsBucket: need('CALLBRIEF_RESULTS_BUCKET'),
    amqpUrl: need('CALLBRIEF_AMQP_URL'),
    amqpProvisionUrl: need('CALLBRIEF_AMQP_PROVISION_URL'),
    amqpRgwUrl: need('CALLBRIEF_AMQP_RGW_URL'),
    caseIdMacKey: hexKey(need('CALLBRIEF_CASE_ID_MAC_KEY'), path),
  };
}
