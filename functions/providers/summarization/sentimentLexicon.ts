import type { Sentiment, SentimentLabel, SpeakerRole } from '../../shared/documents';

/**
 * A compact English valence lexicon for service calls, scored on the AFINN scale (-5..+5, Nielsen
 * 2011) with AFINN-style negation. Written for callbrief, not copied from AFINN: AFINN's word
 * list is under the ODbL (share-alike), which an embedded copy would impose on this repository.
 * Tuned for calls: courtesy words ("thank", "sorry") are damped because every call has them, and
 * words that are neutral in public-service calls ("fine" as in a parking fine, "hard", "joke") are
 * left out.
 */
export const LEXICON_NAME = 'callbrief-en-1';

const ENTRIES = `
  thank 1 thanks 1 welcome 1 fair 1 agree 1 clear 1 hope 1 hopefully 1 quickly 1 fast 1
  reasonable 1 safe 1 sorted 1 works 1 patient 1
  good 2 glad 2 nice 2 helpful 2 kind 2 happy 2 pleased 2 appreciate 2 appreciated 2 easy 2
  quick 2 relieved 2 lucky 2 useful 2 friendly 2 polite 2 satisfied 2 approved 2 success 2
  successful 2 better 2 comfortable 2 solved 2 resolved 2 fixed 2 thankful 2 interested 1
  great 3 excellent 3 wonderful 3 perfect 3 brilliant 3 fantastic 3 lovely 3 amazing 3
  awesome 3 love 3 grateful 3 delighted 3 superb 3 outstanding 3 marvellous 3 marvelous 3 best 3
  thrilled 4
  sorry -1 unfortunately -1 issue -1 issues -1 waiting -1 late -1 delay -1 delayed -1
  confused -1 unsure -1 concern -1 concerned -1 expensive -1 slow -1 unclear -1 missing -1
  urgent -1 cancelled -1 canceled -1 overdue -1 lost -1 difficult -1 tired -1
  worried -2 worry -2 mistake -2 error -2 wrong -2 problem -2 problems -2 trouble -2 poor -2
  upset -2 annoyed -2 annoying -2 frustrated -2 frustrating -2 frustration -2 disappointed -2
  disappointing -2 unhappy -2 complaint -2 complain -2 complaining -2 rude -2 useless -2
  pointless -2 waste -2 wasted -2 rejected -2 refused -2 denied -2 unfair -2 stress -2
  stressed -2 stressful -2 afraid -2 scared -2 fear -2 emergency -2 broken -2 fail -2 failed -2
  failure -2 impossible -2 shocking -2 sick -2 ill -2 pain -2 hurt -2 stolen -2 penalty -2
  debt -2 ignored -2 mess -2 chaos -2 sad -2 hopeless -2 helpless -2 crazy -2 homeless -2
  bad -3 worse -3 worst -3 terrible -3 awful -3 horrible -3 angry -3 unacceptable -3
  ridiculous -3 hate -3 nightmare -3 disaster -3 desperate -3 stupid -3 incompetent -3 panic -3
  evicted -3 eviction -3
  furious -4 outrageous -4 disgusting -4
`;

export const LEXICON: ReadonlyMap<string, number> = new Map(
  ENTRIES.trim()
    .split(/\s+/)
    .flatMap((item, i, all) => (i % 2 === 0 ? [[item, Number(all[i + 1])] as const] : [])),
);

const NEGATORS = new Set(
  `not no never nobody nothing neither nor none cannot without hardly barely
   can't don't doesn't didn't isn't aren't wasn't weren't won't wouldn't shouldn't couldn't
   haven't hasn't hadn't cant dont doesnt didnt isnt arent wasnt wont wouldnt couldnt`.split(/\s+/),
);
const INTENSIFIERS = new Set(['very', 'really', 'extremely', 'so', 'totally', 'absolutely']);
/** A negator reaches this many tokens ahead ("not at all happy"); "but" ends its scope. */
const NEGATION_SCOPE = 3;
/** Negation flips and damps, as VADER does: "not bad" is mildly good, not great. */
const NEGATION_FACTOR = -0.75;
const INTENSIFIER_FACTOR = 1.5;

/** Sum of valences of lower-case word tokens, with negation and intensifiers applied. */
export function valence(tokens: readonly string[]): number {
  let total = 0;
  let negatedUntil = -1;
  tokens.forEach((token, i) => {
    if (NEGATORS.has(token)) negatedUntil = i + NEGATION_SCOPE;
    else if (token === 'but') negatedUntil = -1;
    const value = LEXICON.get(token);
    if (!value) return;
    const intensified = INTENSIFIERS.has(tokens[i - 1] ?? '') ? value * INTENSIFIER_FACTOR : value;
    total += i <= negatedUntil ? intensified * NEGATION_FACTOR : intensified;
  });
  return total;
}

/** Sentiment of the whole call and of each speaker, from their utterances' lower-case tokens. */
export function lexiconSentiment(
  utterances: ReadonlyArray<{ speaker: SpeakerRole; tokens: readonly string[] }>,
): Sentiment {
  const totals = new Map<SpeakerRole | 'all', { score: number; tokens: number }>();
  for (const { speaker, tokens } of utterances) {
    const score = valence(tokens);
    for (const key of ['all', speaker] as const) {
      const total = totals.get(key) ?? { score: 0, tokens: 0 };
      totals.set(key, { score: total.score + score, tokens: total.tokens + tokens.length });
    }
  }
  const per_speaker: Sentiment['per_speaker'] = {};
  for (const [key, total] of totals) if (key !== 'all') per_speaker[key] = label(total);
  return {
    overall: label(totals.get('all') ?? { score: 0, tokens: 0 }),
    per_speaker,
    method: `lexicon:${LEXICON_NAME}`,
  };
}

/** Normalised by the square root of length, so one "great" does not make a long call positive. */
function label({ score, tokens }: { score: number; tokens: number }): SentimentLabel {
  const normalised = tokens === 0 ? 0 : score / Math.sqrt(tokens);
  if (normalised >= 0.5) return 'positive';
  return normalised <= -0.5 ? 'negative' : 'neutral';
}
