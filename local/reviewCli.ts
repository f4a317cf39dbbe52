import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseReviewRequest } from '../functions/core/review/reviewRequest';
import { runCommand, sendLocalRequest } from './localRequest';
import { classifyReview } from './reviewOutcome';
import { DEFAULT_STATE_DIR } from './stateDir';

const USAGE = `Usage: npm run review -- --case ID --contact ID --by REVIEWER (--approve | --correct FILE) [--state DIR]

Records a case worker's decision on an AI summary in the local pipeline's storage, as a case
system does through the review queue: --approve, or --correct FILE with the corrected summary
(JSON: reason_for_contact, key_facts, next_steps, open_questions). The AI original is kept.

  --case ID        the case
  --contact ID     the contact whose summary is reviewed
  --by REVIEWER    who decided (recorded in the review)
  --approve        approve the AI summary as it is
  --correct FILE   replace it with the corrected summary in FILE
  --state DIR      the local state folder (default: ${DEFAULT_STATE_DIR})
  -h, --help       show this help and do nothing else`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      case: { type: 'string' },
      contact: { type: 'string' },
      by: { type: 'string' },
      approve: { type: 'boolean', default: false },
      correct: { type: 'string' },
      state: { type: 'string', default: DEFAULT_STATE_DIR },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (
    values.help ||
    !values.case ||
    !values.contact ||
    !values.by ||
    values.approve === Boolean(values.correct)
  ) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const request = parseReviewRequest({
    type: 'review-summary',
    case_id: values.case,
    contact_id: values.contact,
    reviewed_by: values.by,
    ...(values.correct
      ? { decision: 'corrected', summary: JSON.parse(await readFile(values.correct, 'utf-8')) }
      : { decision: 'approved' }),
  });
  return sendLocalRequest(values.state, 'review', request, async (pipeline) => {
    const outcome = await classifyReview(pipeline, request);
    console.log(outcome.message);
    return outcome.ok ? 0 : 1;
  });
}

runCommand('review', main);
