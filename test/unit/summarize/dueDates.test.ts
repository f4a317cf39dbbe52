import { describe, expect, it } from 'vitest';
import { resolveDueDate, withDueDates } from '../../../functions/core/summarize/dueDates';

const BERLIN = 'Europe/Berlin';
const due = (phrase: string, at: string, zone = BERLIN) =>
  resolveDueDate(phrase, new Date(at), zone);

describe('Function: resolveDueDate', () => {
  it('returns that Friday for "by Friday" said on a Wednesday', () => {
    expect(due('by Friday', '2026-12-02T10:00:00Z')).toBe('2026-12-04');
    expect(due('bis Freitag', '2026-12-02T10:00:00Z')).toBe('2026-12-04');
    expect(due('antes del viernes', '2026-12-02T10:00:00Z')).toBe('2026-12-04');
  });

  it('returns the next week when the weekday is the day of the call or has passed', () => {
    expect(due('by Wednesday', '2026-12-02T10:00:00Z')).toBe('2026-12-09');
    expect(due('on Monday', '2026-12-02T10:00:00Z')).toBe('2026-12-07');
  });

  it('crosses the end of a week, a month and a year', () => {
    // Friday 27 November: Monday is in the next week.
    expect(due('on Monday', '2026-11-27T09:00:00Z')).toBe('2026-11-30');
    // Monday 30 November: tomorrow is 1 December.
    expect(due('tomorrow', '2026-11-30T09:00:00Z')).toBe('2026-12-01');
    // Thursday 31 December: Friday is in the new year.
    expect(due('by Friday', '2026-12-31T09:00:00Z')).toBe('2027-01-01');
    expect(due('within two weeks', '2026-12-24T09:00:00Z')).toBe('2027-01-07');
    expect(due('end of the month', '2027-02-10T09:00:00Z')).toBe('2027-02-28');
    expect(due('end of the year', '2026-05-10T09:00:00Z')).toBe('2026-12-31');
    expect(due('in einem Monat', '2027-01-31T09:00:00Z')).toBe('2027-02-28');
  });

  it("counts from the call's local day in the authority's time zone, not from UTC", () => {
    // 23:30 UTC on Saturday 31 October 2026 is already Sunday 1 November in Berlin.
    expect(due('tomorrow', '2026-10-31T23:30:00Z')).toBe('2026-11-02');
    expect(due('tomorrow', '2026-10-31T23:30:00Z', 'UTC')).toBe('2026-11-01');
    // New Year's Eve, 23:30 UTC: already 1 January in Berlin.
    expect(due('today', '2026-12-31T23:30:00Z')).toBe('2027-01-01');
  });

  it('stays on the right day across the daylight-saving changes', () => {
    // Clocks go forward in Berlin early on Sunday 29 March 2026: 22:30 UTC on Saturday is
    // 23:30 CET, still Saturday; 22:30 UTC on Sunday is 00:30 CEST on Monday.
    expect(due('tomorrow', '2026-03-28T22:30:00Z')).toBe('2026-03-29');
    expect(due('today', '2026-03-29T22:30:00Z')).toBe('2026-03-30');
    expect(due('in 3 Tagen', '2026-03-27T12:00:00Z')).toBe('2026-03-30');
    // Clocks go back on Sunday 25 October 2026: 22:30 UTC on Saturday is 00:30 CEST on Sunday.
    expect(due('by Friday', '2026-10-24T22:30:00Z')).toBe('2026-10-30');
    expect(due('tomorrow', '2026-10-25T23:30:00Z')).toBe('2026-10-27');
  });

  it('skips weekends for working days', () => {
    expect(due('within 3 working days', '2026-12-04T09:00:00Z')).toBe('2026-12-09');
    expect(due('innerhalb von zwei Werktagen', '2026-12-04T09:00:00Z')).toBe('2026-12-08');
  });

  it('reads named dates, taking the next year when the day has passed', () => {
    expect(due('by the 5th of January', '2026-12-02T09:00:00Z')).toBe('2027-01-05');
    expect(due('bis zum 15. Dezember', '2026-12-02T09:00:00Z')).toBe('2026-12-15');
    expect(due('antes del 20 de noviembre', '2026-12-02T09:00:00Z')).toBe('2027-11-20');
    expect(due('2026-12-18', '2026-12-02T09:00:00Z')).toBe('2026-12-18');
    expect(due('bis 18.12.2026', '2026-12-02T09:00:00Z')).toBe('2026-12-18');
  });

  it('returns undefined for a phrase that names no date', () => {
    expect(due('as soon as possible', '2026-12-02T09:00:00Z')).toBeUndefined();
    expect(due('later', '2026-12-02T09:00:00Z')).toBeUndefined();
  });
});

describe('Function: withDueDates', () => {
  it('adds due_date and keeps the words as said', () => {
    const steps = withDueDates(
      [
        { action: 'Upload the rental contract', owner: 'citizen', due: 'by Friday' },
        { action: 'Call back', owner: 'authority', due: 'as soon as possible' },
        { action: 'Wait', owner: 'unknown' },
      ],
      new Date('2026-12-02T10:00:00Z'),
      BERLIN,
    );
    expect(steps).toEqual([
      {
        action: 'Upload the rental contract',
        owner: 'citizen',
        due: 'by Friday',
        due_date: '2026-12-04',
      },
      { action: 'Call back', owner: 'authority', due: 'as soon as possible' },
      { action: 'Wait', owner: 'unknown' },
    ]);
  });
});
