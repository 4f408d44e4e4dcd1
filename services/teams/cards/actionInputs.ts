/**
 * A staff action's button and form inputs, drawn from its registry entry (services/staffActions):
 * the ids, labels, limits and required marks are the ones the action handler reads them with.
 * What the card lists in a choice (people, close reasons) and a date's range come from the case.
 */
import type { Field } from '../../staffActions/fields';
import { staffAction, type StaffVerb } from '../../staffActions/registry';
import { CardAction, CardElement, choiceSet, execute, inputDate, inputText, showCard, toggle } from './adaptive';

export interface InputOptions {
  /** Only these fields (a form that asks for part of them), in the registry's order. */
  only?: readonly string[];
  /** The choices a choice field lists, by field id. */
  choices?: Record<string, Array<{ title: string; value: string }>>;
  /** A date field's range, by field id. */
  dates?: Record<string, { min?: string; max?: string }>;
  /** Words shown after a field, by field id. */
  after?: Record<string, CardElement[]>;
}

function input(f: Field, opts: InputOptions): CardElement | null {
  const required = f.required !== undefined;
  switch (f.kind) {
    case 'text':
      return inputText(f.id, f.label, { multiline: f.multiline, ...(required ? { required } : {}), maxLength: f.max });
    case 'email':
      return inputText(f.id, f.label, { ...(required ? { required } : {}), maxLength: f.max });
    case 'date':
      return inputDate(f.id, f.label, { ...opts.dates?.[f.id], ...(required ? { required } : {}) });
    case 'choice': {
      const choices = opts.choices?.[f.id] ?? [];
      // A choice with nothing to choose from is left off the form.
      return choices.length ? choiceSet(f.id, f.label, choices, required ? { required } : {}) : null;
    }
    case 'toggle':
      return toggle(f.id, f.label);
  }
}

/** The action's form inputs. */
function actionInputs(verb: StaffVerb, opts: InputOptions = {}): CardElement[] {
  const fields = staffAction(verb).fields.filter((f) => !opts.only || opts.only.includes(f.id));
  return fields.flatMap((f) => {
    const element = input(f, opts);
    return [...(element ? [element] : []), ...(opts.after?.[f.id] ?? [])];
  });
}

/** The button that sends the action (its title from the registry unless the card says otherwise). */
export function actionButton(verb: StaffVerb, data: Record<string, unknown>, title?: string): CardAction {
  const a = staffAction(verb);
  return execute(title ?? a.button, verb, data, a.style);
}

/** The action's form: a ShowCard with an intro, the inputs and the button. */
export function actionForm(verb: StaffVerb, ids: Record<string, unknown>, intro: CardElement[] = [], opts: InputOptions = {}): CardAction {
  const a = staffAction(verb);
  return showCard(a.form ?? a.button, [...intro, ...actionInputs(verb, opts)], [actionButton(verb, ids)]);
}
