import type { CompletedStep, NextStep, SpeakerRole, Transcript } from '../../shared/documents';
import { tokens } from '../sentiment/turnSentiment';

/** An open step of the case, as the roll-up holds it. */
export interface OpenStep extends NextStep {
  step_id: string;
}

/** Words saying something was done, in English, German and Spanish. */
const DONE_CUES = new Set(
  `uploaded sent submitted done completed finished brought handed delivered returned signed filed
   emailed posted paid already received got hochgeladen geschickt gesendet geschickt eingereicht
   erledigt abgegeben unterschrieben bezahlt überwiesen bereits schon erhalten bekommen
   subido subí envié enviado enviada entregado entregada entregué hecho firmado firmé pagado pagué
   ya recibido recibí`.split(/\s+/),
);
/** Words every step shares or that say nothing about which step it is. */
const NOISE = new Set(
  `will shall would have has had been the and that this with your their they them then there
   until before after friday monday tuesday wednesday thursday saturday sunday today tomorrow
   week weeks month days citizen caller agent authority please need must should could
   wird werden haben hat sein bitte bis zum zur dem den der die das einen eine und oder nach vor
   freitag montag dienstag mittwoch donnerstag samstag sonntag morgen heute woche
   para antes hasta este esta usted ustedes tiene tienen debe viernes lunes martes miércoles
   jueves sábado domingo mañana semana ciudadano ciudadana bürger bürgerin behörde`.split(/\s+/),
);
/** Shared prefix length that counts as the same word ("upload" / "uploaded", "contrato"). */
const STEM = 5;

const stem = (word: string) => word.slice(0, STEM);
const keyTerms = (text: string) =>
  new Set(
    tokens(text)
      .filter((w) => w.length > 3 && !NOISE.has(w) && !DONE_CUES.has(w))
      .map(stem),
  );

const ownerRole: Record<NextStep['owner'], SpeakerRole | undefined> = {
  citizen: 'caller',
  authority: 'agent',
  unknown: undefined,
};

/**
 * The offline way to close steps, without a model: a turn by the step's owner (the caller for
 * the citizen, the agent for the authority) that says something was done and shares at least
 * half of the step's key terms (words of four letters or more, compared by their first five
 * letters, without owner and date words). Deliberately
 * simple, and marked `term-overlap` so a case worker knows how the step was closed.
 */
export function matchCompletedSteps(
  transcript: Transcript,
  openSteps: readonly OpenStep[],
): CompletedStep[] {
  const completed: CompletedStep[] = [];
  for (const step of openSteps) {
    const terms = keyTerms(step.action);
    if (terms.size === 0) continue;
    const needed = Math.ceil(terms.size / 2);
    const role = ownerRole[step.owner];
    const turn = transcript.turns.find((candidate) => {
      if (role && candidate.speaker !== role && candidate.speaker !== 'unknown') return false;
      const words = tokens(candidate.text);
      if (!words.some((w) => DONE_CUES.has(w))) return false;
      // A term counts when a word starts with it ("hoch" in "hochgeladen", "uploa" in "uploaded").
      const shared = [...terms].filter((term) => words.some((w) => w.startsWith(term)));
      return shared.length >= needed;
    });
    if (turn) {
      completed.push({ step_id: step.step_id, method: 'term-overlap', evidence: turn.text.trim() });
    }
  }
  return completed;
}
