/**
 * The fields a staff action's form asks for, described once: the card builder draws each as an
 * Adaptive Card input (services/teams/cards/actionInputs.ts) and the action handler reads what
 * the card sends with the zod schema made here from the same description, so the form and the
 * handler can't disagree on a field's name, whether it is required, or how long it may be.
 */
import { z } from 'zod';

interface FieldBase {
  /** The input's id on the card, and the key in the invoke's data. */
  id: string;
  /** The card's label for it. */
  label: string;
  /**
   * true: the card requires it and the handler refuses the action without it. 'service': the card
   * asks for it, and the case service says what is missing (all at once, in its own words).
   */
  required?: true | 'service';
}

export type Field =
  | (FieldBase & { kind: 'text'; max: number; multiline?: boolean; /** Names it in "… is empty". */ what?: string })
  | (FieldBase & { kind: 'email'; max: number; error: string })
  | (FieldBase & { kind: 'date'; error: string })
  /** One of the values the card lists (fixed ones here, or people, close reasons… supplied when it is drawn). */
  | (FieldBase & { kind: 'choice'; values?: readonly [string, ...string[]]; max?: number; error?: string; what?: string })
  | (FieldBase & { kind: 'toggle' });

/** Card inputs arrive as strings; a blank one is "not given", and text is trimmed. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `must be at most ${max} characters`).optional());
const requiredText = (max: number, what: string) =>
  z.preprocess(blankToUndefined, z.string({ error: `${what} is empty` }).trim().min(1, `${what} is empty`).max(max, `${what} must be at most ${max} characters`));

/** The longest a choice's value may be when the card lists people (their directory ids). */
const CHOICE_MAX = 128;

export function fieldSchema(f: Field): z.ZodType {
  const must = f.required === true;
  switch (f.kind) {
    case 'text':
      return must ? requiredText(f.max, f.what ?? f.label) : optionalText(f.max);
    case 'email': {
      const email = z.email({ error: f.error }).max(f.max, `${f.label} must be at most ${f.max} characters`);
      return z.preprocess(blankToUndefined, must ? email : email.optional());
    }
    case 'date': {
      const date = z.iso.date({ error: f.error });
      return z.preprocess(blankToUndefined, must ? date : date.optional());
    }
    case 'choice': {
      if (f.values) {
        const one = z.enum(f.values, { error: f.error ?? `Choose ${f.label.toLowerCase()}` });
        return z.preprocess(blankToUndefined, must ? one : one.optional());
      }
      const max = f.max ?? CHOICE_MAX;
      return must ? requiredText(max, f.what ?? f.label) : optionalText(max);
    }
    case 'toggle':
      return z.preprocess(blankToUndefined, z.enum(['true', 'false']).default('false'));
  }
}
