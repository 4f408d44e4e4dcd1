/**
 * The learning register's card actions (services/teams/cards/learningSection.ts draws them):
 * what the card form sends, read with zod, and the case command each calls. Kept apart from
 * cardActions.ts, which spreads LEARNING_VERB_DATA into its verbs and hands these two over.
 */
import { z } from 'zod';
import type { Actor } from '../../models/caseRecord';
import { CaseInputError, type CaseService, type CommandResult } from '../../services/cases';
import { formatDate } from '../../services/teams/wording';
import { hasAnyRole, staffRef, type StaffDirectory } from '../../services/teams/staffDirectory';

// The same reading of card input as cardActions.ts (blank fields are "not given", text is trimmed).
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `must be at most ${max} characters`).optional());
const requiredText = (max: number, what: string) =>
  z.preprocess(blankToUndefined, z.string({ error: `${what} is empty` }).trim().min(1, `${what} is empty`).max(max, `${what} must be at most ${max} characters`));
const Base = z.object({
  reference: z.string().trim().regex(/^[A-Za-z]{2,6}-\d{4}-\d{6}$/).transform((s) => s.toUpperCase()),
  version: z.coerce.number().int().positive(),
});

/** The verbs' data schemas; cardActions.ts spreads them into its own. */
export const LEARNING_VERB_DATA = {
  recordLearning: Base.extend({
    learningTheme: requiredText(100, 'The theme'),
    learningDetail: requiredText(2000, 'What was learnt'),
    actionText: optionalText(1000),
    actionOwner: optionalText(128),
    actionDue: z.preprocess(blankToUndefined, z.iso.date({ error: 'The action\'s due date is not a date' }).optional()),
  }).superRefine((d, ctx) => {
    // An action is all three or none: an action nobody owns, or with no date, is not tracked.
    const given = [d.actionText, d.actionOwner, d.actionDue].filter((v) => v !== undefined).length;
    if (given === 0 || given === 3) return;
    if (!d.actionText) ctx.addIssue({ code: 'custom', message: 'Say what the action is, or leave the owner and due date empty' });
    if (!d.actionOwner) ctx.addIssue({ code: 'custom', message: 'Choose who owns the action' });
    if (!d.actionDue) ctx.addIssue({ code: 'custom', message: 'Choose the date the action is due by' });
  }),
  completeLearningAction: Base.extend({ pointId: z.string().regex(/^L\d{1,3}$/, { error: 'This button does not say which learning point it is for' }) }),
} as const;

type RecordData = { reference: string; learningTheme: string; learningDetail: string; actionText?: string; actionOwner?: string; actionDue?: string };
type CompleteData = { reference: string; pointId: string };
interface Deps {
  cases: CaseService;
  staff: StaffDirectory;
  base: { reference: string; commandId: string; actor: Actor; expectedVersion: number };
}

/** Runs the verb's command; returns the result and the words for the card's notice. */
export async function learningAction(verb: 'recordLearning' | 'completeLearningAction', data: unknown, { cases, staff, base }: Deps): Promise<[CommandResult, string]> {
  if (verb === 'completeLearningAction') {
    const d = data as CompleteData;
    return [await cases.completeLearningAction({ ...base, pointId: d.pointId }), `The action for learning point ${d.pointId} is marked done.`];
  }
  const d = data as RecordData;
  let action;
  if (d.actionText && d.actionOwner && d.actionDue) {
    const owner = await staff.get(d.actionOwner);
    if (!hasAnyRole(owner)) throw new CaseInputError('That person has no role in the feedback app, so they can\'t own the action. Choose someone who does.');
    action = { text: d.actionText, owner: staffRef(owner), dueOn: d.actionDue };
  }
  const result = await cases.recordLearning({ ...base, theme: d.learningTheme, detail: d.learningDetail, action });
  const words = action ? `Learning recorded, with an action for ${action.owner.name} due by ${formatDate(action.dueOn)}.` : 'Learning recorded.';
  return [result, words];
}
