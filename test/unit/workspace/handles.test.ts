import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Handles } from '../../../workspace/handles';

describe('Class: Handles', () => {
  it('returns the same opaque handle for the same case id, without the id in it', () => {
    const handles = new Handles(randomBytes(32));
    const handle = handles.caseHandle('Meier-0151-2345678');
    expect(handles.caseHandle('Meier-0151-2345678')).toBe(handle);
    expect(handle).not.toMatch(/Meier|0151/);
    expect(handles.openCase(handle)).toBe('Meier-0151-2345678');
  });

  it('returns undefined when a handle was altered or made with another key', () => {
    const handles = new Handles(randomBytes(32));
    const handle = handles.contactHandle('C-1', 'K-1');
    const altered = `${handle.slice(0, -2)}${handle.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(handles.openContact(altered)).toBeUndefined();
    expect(new Handles(randomBytes(32)).openContact(handle)).toBeUndefined();
    expect(handles.openCase(handle)).toBeUndefined();
    expect(handles.openContact(handle)).toEqual({ case_id: 'C-1', contact_id: 'K-1' });
  });

  it('returns undefined for an expiring token after its expiry', () => {
    const handles = new Handles(randomBytes(32));
    const token = handles.sealExpiring(['audio', 'b', 'k'], new Date(Date.UTC(2026, 0, 1, 12, 5)));
    expect(handles.openExpiring(token, 3, new Date(Date.UTC(2026, 0, 1, 12, 4)))).toEqual([
      'audio',
      'b',
      'k',
    ]);
    expect(handles.openExpiring(token, 3, new Date(Date.UTC(2026, 0, 1, 12, 5)))).toBeUndefined();
  });
});
