import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { receiptKey } from '../functions/core/erasure/eraseCase';
import { type ErasureReceipt, parseEraseRequest } from '../functions/core/erasure/eraseRequest';
import { runCommand, sendLocalRequest } from './localRequest';
import { DEFAULT_STATE_DIR } from './stateDir';

const USAGE = `Usage: npm run erase -- --case ID [--state DIR] [--request-id ID] [--requested-by WHO]

Erases one case from the local pipeline's storage (right to erasure, GDPR Art. 17): writes the
case's erasure marker (no stage writes for the case again), deletes every object and version of
the case in the recordings and results buckets, sweeps a second time once nothing can be in
flight, and writes a receipt that holds no personal data. Sends the same erase request a case
system puts on the erase queue. --requested-by names a system or role, never a person.

  --case ID            the case to erase
  --state DIR          the local state folder (default: ${DEFAULT_STATE_DIR})
  --request-id ID      the request's id, recorded in the receipt (default: local-<uuid>)
  --requested-by WHO   who asked for the erasure (default: local-operator)
  -h, --help           show this help and do nothing else`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      case: { type: 'string' },
      state: { type: 'string', default: DEFAULT_STATE_DIR },
      'request-id': { type: 'string', default: `local-${randomUUID()}` },
      'requested-by': { type: 'string', default: 'local-operator' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values.case) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const request = parseEraseRequest(
    JSON.stringify({
      type: 'erase-case',
      case_id: values.case,
      request_id: values['request-id'],
      requested_by: values['requested-by'],
    }),
  );
  return sendLocalRequest(values.state, 'erase', request, async (pipeline) => {
    const key = await receiptKey(pipeline, request);
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: key }),
    );
    const receipt = JSON.parse((await out.Body?.transformToString()) ?? '{}') as ErasureReceipt;
    console.log(`Erased case ${values.case}:`);
    console.log(
      `  ${receipt.deleted.recordings_bucket} object versions from the recordings bucket`,
    );
    console.log(`  ${receipt.deleted.results_bucket} object versions from the results bucket`);
    if (receipt.second_sweep) {
      const again = receipt.second_sweep.deleted;
      console.log(
        `  second sweep: ${again.recordings_bucket + again.results_bucket} more object versions`,
      );
    }
    console.log(`  receipt: s3://${pipeline.resultsBucket}/${key}`);
    console.log(JSON.stringify(receipt, null, 2));
    return 0;
  });
}

runCommand('erase', main);
