import type { NextStep, SpeakerRole } from '../../shared/documents';

/** What nextSteps needs of an utterance: who said it and its text (already tidied for display). */
export interface Utterance {
  speaker: SpeakerRole;
  text: string;
}

/** Who a cue makes responsible: the one speaking, the one addressed, or nobody in particular. */
type Party = 'speaker' | 'listener' | 'unknown';

const REQUEST_VERBS = 'bring send call fill sign upload email come submit complete return remember';
const SPEAKER_CUES = ['i will', "i'll", 'we will', "we'll", 'i am going to', "i'm going to"].concat(
  ['we are going to', "we're going to", 'we can', 'send you'],
);
const LISTENER_CUES = ['you will', "you'll", 'you need to', 'you have to', 'you should'].concat([
  'you must',
  ...REQUEST_VERBS.split(' ').map((verb) => `please ${verb}`),
]);
const JOINT_CUES = ["let's", 'let us'];
const CUES: ReadonlyArray<readonly [string, Party]> = [
  ...SPEAKER_CUES.map((cue) => [cue, 'speaker'] as const),
  ...LISTENER_CUES.map((cue) => [cue, 'listener'] as const),
  ...JOINT_CUES.map((cue) => [cue, 'unknown'] as const),
];
/** Phrases that open a commitment, for splitting unpunctuated speech into clauses. */
export const COMMITMENT_CUES: readonly string[] = CUES.map(([cue]) => cue);
/** Weak on its own ("your appointment was cancelled"): used only when no other cue matches. */
const WEAK_CUE = 'appointment';

const MAX_STEPS = 8;
/** Words every commitment shares; they say nothing about which step it is. */
const CUE_WORDS = new Set(
  "will i'll we'll you'll going need have should must please let's".split(' '),
);

/** `alt('a b c')` -> `(?:a|b|c)`. */
const alt = (options: string): string => `(?:${options.trim().split(/\s+/).join('|')})`;
const SMALL = 'one two three four five six seven eight nine ten eleven twelve';
const NUMBER = `(?:${alt(`\\d+ an? ${SMALL} fourteen fifteen twenty thirty`)}|a couple of|a few)`;
const UNIT = `(?:(?:working|business)\\s+)?${alt('days? weeks? months? hours?')}`;
const WEEKDAY = alt('monday tuesday wednesday thursday friday saturday sunday');
const MONTH = alt(`january february march april may june july august september october
  november december`);
const ORDINAL = `(?:(?:twenty|thirty)[ -]?)?${alt(`first second third fourth fifth sixth
  seventh eighth ninth`)}|${alt(`tenth eleventh twelfth thirteenth fourteenth fifteenth
  sixteenth seventeenth eighteenth nineteenth twentieth thirtieth`)}`;
const DAY = `(?:\\d{1,2}(?:st|nd|rd|th)?|${ORDINAL})`;
const YEAR = '(?:,?\\s+\\d{4})?';
const CLOCK = `(?:\\s+at\\s+(?:\\d{1,2}(?::\\d{2})?|${alt(SMALL)})(?:\\s*(?:am|pm|o'clock))?)?`;
const PREPOSITION = `(?:${alt('on by until before from next this coming')}\\s+)`;
const PART_OF_DAY = alt('morning afternoon evening');

/** Stated deadlines only, matched literally; no date is ever computed or invented. */
const DUE_PATTERNS: readonly RegExp[] = [
  /\b\d{4}-\d{2}-\d{2}\b/,
  /\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b/,
  new RegExp(`\\b${PREPOSITION}?(?:the\\s+)?${DAY}\\s+(?:of\\s+)?${MONTH}${YEAR}${CLOCK}`),
  new RegExp(`\\b${PREPOSITION}?${MONTH}\\s+(?:the\\s+)?${DAY}${YEAR}${CLOCK}`),
  new RegExp(`\\b${alt('within in after')}\\s+(?:the\\s+)?(?:next\\s+)?${NUMBER}\\s+${UNIT}\\b`),
  new RegExp(`\\b${PREPOSITION}?${WEEKDAY}(?:\\s+${PART_OF_DAY})?${CLOCK}`),
  /\b(?:(?:by|until|before)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:day|week|month|year)\b/,
  new RegExp(
    `\\b(?:(?:by|until|before)\\s+)?(?:next|this|later\\s+this)\\s+(?:week|month|year|${PART_OF_DAY})\\b`,
  ),
  new RegExp(`\\b(?:(?:by|until|later)\\s+)?(?:today|tonight|tomorrow(?:\\s+${PART_OF_DAY})?)\\b`),
  /\bas soon as possible\b/,
].map((pattern) => new RegExp(pattern.source, 'gi'));

/** The deadline phrase as said ("by friday", "within two weeks"), or undefined. */
export function findDue(text: string): string | undefined {
  let best: { index: number; phrase: string } | undefined;
  for (const pattern of DUE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const phrase = match[0].trim();
      const earlier = !best || match.index < best.index;
      if (earlier || (match.index === best?.index && phrase.length > best.phrase.length)) {
        best = { index: match.index, phrase };
      }
    }
  }
  return best?.phrase;
}

/** Who owns a commitment, or undefined when the utterance makes none. */
export function commitmentOwner(speaker: SpeakerRole, text: string): NextStep['owner'] | undefined {
  const spaced = ` ${words(text).join(' ')} `;
  let first: { index: number; party: Party } | undefined;
  for (const [cue, party] of CUES) {
    const index = spaced.indexOf(` ${cue} `);
    if (index >= 0 && (!first || index < first.index)) first = { index, party };
  }
  if (!first && spaced.includes(` ${WEAK_CUE} `)) first = { index: 0, party: 'unknown' };
  if (!first) return undefined;
  if (first.party === 'unknown' || speaker === 'unknown') return 'unknown';
  const speakerOwns = first.party === 'speaker';
  // The agent speaks for the authority; the caller for the citizen.
  if (speaker === 'agent') return speakerOwns ? 'authority' : 'citizen';
  return speakerOwns ? 'citizen' : 'authority';
}

/**
 * Commitments in time order, near-duplicates merged (an agent's promise repeated back by the
 * caller is one step). `used` holds the indices of all commitments, merged ones included, so
 * they are not quoted again as facts.
 */
export function extractNextSteps(utterances: readonly Utterance[]): {
  steps: NextStep[];
  used: Set<number>;
} {
  const kept: Array<{ step: NextStep; words: Set<string> }> = [];
  const used = new Set<number>();
  utterances.forEach(({ speaker, text }, index) => {
    const owner = commitmentOwner(speaker, text);
    if (!owner) return;
    used.add(index);
    const due = findDue(text);
    const content = new Set(words(text).filter((word) => word.length > 3 && !CUE_WORDS.has(word)));
    const twin = kept.find(
      (other) => other.step.owner === owner && similarity(other.words, content) >= 0.6,
    );
    if (twin) {
      if (!twin.step.due && due) twin.step.due = due;
      return;
    }
    kept.push({ step: { action: text, owner, ...(due ? { due } : {}) }, words: content });
  });
  return { steps: kept.slice(0, MAX_STEPS).map(({ step }) => step), used };
}

function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/’/g, "'")
      .match(/[\p{L}\p{N}]+(?:'\p{L}+)*/gu) ?? []
  );
}

/** Overlap coefficient: a step repeated in fewer words still counts as the same step. */
function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / Math.min(a.size, b.size);
}
