import type { SummaryContent } from '../functions/shared/documents';

type Form = Record<string, string | string[]>;

const all = (form: Form, name: string): string[] => {
  const value = form[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * The correction form's fields as summary content: lists one item per line, next steps as
 * parallel `step_action` / `step_owner` / `step_due` fields (a step without action is dropped).
 * parseReviewRequest validates the result.
 */
export function correctionFromForm(form: Form): SummaryContent {
  const actions = all(form, 'step_action');
  const owners = all(form, 'step_owner');
  const dues = all(form, 'step_due');
  const next_steps = actions.flatMap((action, i) => {
    const trimmed = action.trim();
    if (!trimmed) return [];
    const owner = owners[i];
    const due = dues[i]?.trim();
    return [
      {
        action: trimmed,
        owner: owner === 'citizen' || owner === 'unknown' ? owner : 'authority',
        ...(due ? { due } : {}),
      } as const,
    ];
  });
  const reason = all(form, 'reason_for_contact')[0]?.trim() ?? '';
  return {
    reason_for_contact: reason,
    key_facts: lines(all(form, 'key_facts')[0]),
    next_steps,
    open_questions: lines(all(form, 'open_questions')[0]),
  };
}
