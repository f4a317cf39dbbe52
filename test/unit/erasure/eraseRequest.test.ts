import { describe, expect, it } from 'vitest';
import { parseEraseRequest } from '../../../functions/core/erasure/eraseRequest';
import { InvalidMessageError } from '../../../functions/shared/errors';

const body = (requestedBy: string) =>
  JSON.stringify({
    type: 'erase-case',
    case_id: 'C-1',
    request_id: 'r-1',
    requested_by: requestedBy,
  });

describe('Function: parseEraseRequest', () => {
  it.each(['case-system-jobcentre-north', 'dpo:office.7', 'svc_erasure'])(
    'accepts %s as requested_by',
    (requestedBy) => {
      expect(parseEraseRequest(body(requestedBy)).requested_by).toBe(requestedBy);
    },
  );

  it.each(['max.mustermann@example.org', 'Max Mustermann', '', 'a/b', '-leading'])(
    'refuses %j as requested_by: an identifier, not a person',
    (requestedBy) => {
      expect(() => parseEraseRequest(body(requestedBy))).toThrow(InvalidMessageError);
    },
  );

  it('says that an e-mail address is not an identifier', () => {
    expect(() => parseEraseRequest(body('max@example.org'))).toThrow(/not an e-mail address/);
  });
});
