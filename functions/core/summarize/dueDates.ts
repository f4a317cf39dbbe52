import type { NextStep } from '../../shared/documents';

/**
 * Resolves a stated deadline ("by Friday", "in zwei Wochen", "antes del 5 de diciembre") to a
 * calendar date, counted from when the contact started, in the authority's time zone. The
 * start's local date comes from Intl (IANA zones, daylight saving included); everything after
 * it is calendar arithmetic on that date, where time zones play no part. Unresolvable phrases
 * ("as soon as possible") give undefined: no date is ever invented.
 *
 * Rules (documented in README): a weekday means its next occurrence after the start day (the
 * same weekday means a week later; "next Friday" is read like "Friday"); "end of the week" is
 * its Friday, of the month its last day, of the year 31 December; "next week" / "this week"
 * the Friday of that week; a day and month without a year is the next such date.
 */

interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const WEEKDAYS: ReadonlyArray<readonly string[]> = [
  ['sunday', 'sonntag', 'domingo'],
  ['monday', 'montag', 'lunes'],
  ['tuesday', 'dienstag', 'martes'],
  ['wednesday', 'mittwoch', 'miércoles', 'miercoles'],
  ['thursday', 'donnerstag', 'jueves'],
  ['friday', 'freitag', 'viernes'],
  ['saturday', 'samstag', 'sonnabend', 'sábado', 'sabado'],
];
const MONTHS: ReadonlyArray<readonly string[]> = [
  ['january', 'januar', 'jänner', 'enero'],
  ['february', 'februar', 'febrero'],
  ['march', 'märz', 'marzo'],
  ['april', 'abril'],
  ['may', 'mai', 'mayo'],
  ['june', 'juni', 'junio'],
  ['july', 'juli', 'julio'],
  ['august', 'agosto'],
  ['september', 'septiembre', 'setiembre'],
  ['october', 'oktober', 'octubre'],
  ['november', 'noviembre'],
  ['december', 'dezember', 'diciembre'],
];
const NUMBERS: ReadonlyMap<string, number> = new Map(
  [
    ['one a an ein eine einem einer einen un una uno', 1],
    ['two couple zwei dos', 2],
    ['three few drei tres', 3],
    ['four vier cuatro', 4],
    ['five fünf cinco', 5],
    ['six sechs seis', 6],
    ['seven sieben siete', 7],
    ['eight acht ocho', 8],
    ['nine neun nueve', 9],
    ['ten zehn diez', 10],
    ['fourteen vierzehn catorce', 14],
    ['fifteen fünfzehn quince', 15],
    ['twenty zwanzig veinte', 20],
    ['thirty dreißig treinta', 30],
  ].flatMap(([words, n]) => (words as string).split(' ').map((w) => [w, n as number] as const)),
);
const UNITS: ReadonlyArray<readonly [RegExp, 'day' | 'workday' | 'week' | 'month']> = [
  [/^(working|business)$|^werktag|^arbeitstag|^días? hábil|^dias? habil/, 'workday'],
  [/^days?$|^tag(e|en)?$|^días?$|^dias?$/, 'day'],
  [/^weeks?$|^woche(n)?$|^semanas?$/, 'week'],
  [/^months?$|^monat(e|en)?$|^mes(es)?$/, 'month'],
];

/** The local calendar day of an instant in a time zone. */
export function localDay(instant: Date, timeZone: string): CalendarDay {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** Day arithmetic in UTC, where every day has 24 hours; Date normalises overflowing fields. */
const utc = (d: CalendarDay, plusDays = 0) =>
  new Date(Date.UTC(d.year, d.month - 1, d.day + plusDays));
const iso = (date: Date) => date.toISOString().slice(0, 10);
const weekday = (d: CalendarDay) => utc(d).getUTCDay();

function addWorkdays(start: CalendarDay, n: number): Date {
  let date = utc(start);
  let left = n;
  while (left > 0) {
    date = new Date(date.getTime() + 86_400_000);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) left -= 1;
  }
  return date;
}

function fridayOfWeek(start: CalendarDay, weeksAhead: number): Date {
  const fromMonday = (weekday(start) + 6) % 7;
  return utc(start, 4 - fromMonday + 7 * weeksAhead);
}

const indexIn = (table: ReadonlyArray<readonly string[]>, word: string) =>
  table.findIndex((names) => names.includes(word));

/** The due date (YYYY-MM-DD) a phrase names, counted from `start`; undefined when it names none. */
export function resolveDueDate(phrase: string, start: Date, timeZone: string): string | undefined {
  const text = phrase.toLowerCase().normalize('NFC');
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const today = localDay(start, timeZone);

  const isoDate = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (isoDate) return `${isoDate[1]}-${isoDate[2]}-${isoDate[3]}`;
  const european = /\b(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})\b/.exec(text);
  if (european) {
    const year = Number(european[3]) < 100 ? 2000 + Number(european[3]) : Number(european[3]);
    return iso(utc({ year, month: Number(european[2]), day: Number(european[1]) }));
  }
  const dayMonth = dayAndMonth(words);
  if (dayMonth) {
    const candidate = { year: today.year, ...dayMonth };
    const passed = utc(candidate) < utc(today);
    return iso(utc(passed ? { ...candidate, year: today.year + 1 } : candidate));
  }
  if (/day after tomorrow|übermorgen|pasado mañana/.test(text)) return iso(utc(today, 2));
  if (words.some((w) => ['today', 'tonight', 'heute', 'hoy'].includes(w))) return iso(utc(today));
  if (words.some((w) => ['tomorrow', 'morgen', 'mañana'].includes(w))) return iso(utc(today, 1));

  const span = spanOf(words);
  if (span) {
    if (span.unit === 'workday') return iso(addWorkdays(today, span.n));
    if (span.unit === 'day') return iso(utc(today, span.n));
    if (span.unit === 'week') return iso(utc(today, 7 * span.n));
    const target = utc({ ...today, month: today.month + span.n, day: 1 });
    // One month after 31 January is the last day of February, not 3 March.
    const last = utc({ year: target.getUTCFullYear(), month: target.getUTCMonth() + 2, day: 0 });
    return iso(
      utc({ ...today, month: today.month + span.n, day: Math.min(today.day, last.getUTCDate()) }),
    );
  }

  const endOf = /\b(end of|ende|fin(al)? de)\b/.test(text);
  const next = words.some((w) =>
    ['next', 'nächste', 'nächsten', 'kommende', 'próxima', 'próximo', 'que', 'viene'].includes(w),
  );
  if (words.some((w) => /^(year|jahr(es)?|año)$/.test(w)) && endOf) {
    return `${today.year + (next ? 1 : 0)}-12-31`;
  }
  if (words.some((w) => /^(month|monat(s)?|mes)$/.test(w)) && (endOf || next)) {
    return iso(utc({ year: today.year, month: today.month + (next ? 2 : 1), day: 0 }));
  }
  if (words.some((w) => /^(week|woche|semana)$/.test(w)))
    return iso(fridayOfWeek(today, next ? 1 : 0));

  const named = words.map((w) => indexIn(WEEKDAYS, w)).find((i) => i >= 0);
  if (named !== undefined) {
    const ahead = (named - weekday(today) + 7) % 7 || 7;
    return iso(utc(today, ahead));
  }
  return undefined;
}

function dayAndMonth(words: string[]): { month: number; day: number } | undefined {
  for (const [i, word] of words.entries()) {
    const month = indexIn(MONTHS, word);
    // "may" is a verb too: only with a day number beside it.
    if (month < 0) continue;
    for (const neighbour of [words[i - 1], words[i - 2], words[i + 1], words[i + 2]]) {
      const day = /^(\d{1,2})(st|nd|rd|th)?$/.exec(neighbour ?? '');
      if (day && Number(day[1]) >= 1 && Number(day[1]) <= 31) {
        return { month: month + 1, day: Number(day[1]) };
      }
    }
  }
  return undefined;
}

function spanOf(
  words: string[],
): { n: number; unit: 'day' | 'workday' | 'week' | 'month' } | undefined {
  for (const [i, word] of words.entries()) {
    const n = /^\d+$/.test(word) ? Number(word) : NUMBERS.get(word);
    if (n === undefined) continue;
    // "two working days", "drei Werktagen", "5 días hábiles": the unit is one or two words on.
    for (const candidate of [words.slice(i + 1, i + 3).join(' '), words[i + 1] ?? '']) {
      const unit = UNITS.find(([pattern]) => pattern.test(candidate))?.[1];
      if (unit) return { n, unit };
    }
  }
  return undefined;
}

/** The steps with `due_date` added wherever their `due` resolves; `due` is kept as said. */
export function withDueDates(steps: NextStep[], start: Date, timeZone: string): NextStep[] {
  return steps.map((step) => {
    const dueDate = step.due ? resolveDueDate(step.due, start, timeZone) : undefined;
    return dueDate ? { ...step, due_date: dueDate } : step;
  });
}
