/**
 * Every action staff can take on a case card, in one place: for each verb its form's fields
 * (which give both the card's inputs and the handler's zod schema, limits included), the case
 * command that decides whether it is offered (the transition table and the command's
 * preconditions, asked of the domain, never restated here), its button, and the case-service call.
 *
 * services/teams/cards/caseCard.ts draws the buttons and forms from it; bot/staff/cardActions.ts
 * reads an invoke with it and runs the call. The domain (services/cases) knows nothing of it.
 * A new action is one entry here, its place on the card, and (if it is new to the lifecycle) a
 * command in services/cases with its row in transitions.ts.
 */
import { z } from 'zod';
import { CLOSURE_REASONS, DECISIONS, type Actor } from '../../models/caseRecord';
import { CaseInputError, type CaseCommand, type CaseService, type CaseView, type CommandResult } from '../cases';
import { TEXT_MAX } from '../cases/inputs';
import { canApply, type PolicyFacts } from '../cases/preconditions';
import { hasAnyRole, staffRef, type StaffDirectory } from '../teams/staffDirectory';
import { formatDate, staffText } from '../teams/wording';
import { fieldSchema, type Field } from './fields';

export interface ActionContext {
  cases: CaseService;
  staff: Pick<StaffDirectory, 'get'>;
  /** Who pressed the button. */
  member: { aadObjectId: string; name: string };
  base: { reference: string; commandId: string; actor: Actor; expectedVersion: number };
}

/** What the card sent, read with the action's schema: every field a string (or absent). */
export type ActionData = { reference: string; version: number } & Record<string, string | undefined>;

export interface Ran {
  result: CommandResult;
  /** What the card says was done (a retry says "already done" instead). */
  notice: string;
}

export interface StaffAction {
  verb: string;
  /** The case command whose rules decide whether the action is offered; refreshCard has none. */
  command: CaseCommand | null;
  /** The button that sends it. */
  button: string;
  style?: 'positive' | 'destructive';
  /** The title of the form (a ShowCard) that holds its fields, when it has fields. */
  form?: string;
  fields: readonly Field[];
  /** What the button itself carries besides the case reference and version. */
  extra?: z.ZodRawShape;
  /** Checks across fields. */
  refine?: (data: ActionData, ctx: z.RefinementCtx) => void;
  run?: (ctx: ActionContext, data: ActionData) => Promise<Ran>;
}

const REFERENCE = /^[A-Za-z]{2,6}-\d{4}-\d{6}$/;
export const Reference = z.string().trim().regex(REFERENCE).transform((s) => s.toUpperCase());
const Base = z.object({ reference: Reference, version: z.coerce.number().int().positive() });

const ran = async (result: Promise<CommandResult>, notice: string): Promise<Ran> => ({ result: await result, notice });

/** A person chosen on the card, who must have a role in the app. */
async function withRole(staff: ActionContext['staff'], id: string, refusal: string) {
  const found = await staff.get(id);
  if (!hasAnyRole(found)) throw new CaseInputError(refusal);
  return found;
}

const ACTIONS = [
  { verb: 'refreshCard', command: null, button: 'Refresh', fields: [] },
  {
    verb: 'pickUp',
    command: 'assign',
    button: 'Pick up',
    style: 'positive',
    fields: [],
    run: ({ cases, member, base }) => ran(cases.assign({ ...base, assignee: staffRef(member) }), staffText.applied.pickUp(member.name)),
  },
  {
    verb: 'acknowledge',
    command: 'acknowledge',
    button: 'Acknowledge',
    fields: [],
    run: ({ cases, base }) => ran(cases.acknowledge(base), staffText.applied.acknowledge),
  },
  {
    verb: 'recordAuthorisation',
    command: 'recordAuthorisation',
    button: 'Written authorisation received',
    fields: [],
    run: ({ cases, base }) => ran(cases.recordAuthorisation(base), staffText.applied.recordAuthorisation),
  },
  {
    verb: 'assign',
    command: 'assign',
    button: 'Assign',
    form: 'Assign…',
    fields: [{ kind: 'choice', id: 'assignTo', label: 'Who should handle it', required: true }],
    run: async ({ cases, staff, base }, d) => {
      const target = await withRole(staff, d.assignTo!, 'That person has no role in the feedback app, so cases can\'t be assigned to them.');
      return ran(cases.assign({ ...base, assignee: staffRef(target) }), staffText.applied.assign(target.name));
    },
  },
  {
    verb: 'messageResident',
    command: 'messageResident',
    button: 'Send',
    style: 'positive',
    form: 'Message the resident',
    fields: [
      { kind: 'text', id: 'messageText', label: 'Message', what: 'The message', max: TEXT_MAX.message, multiline: true, required: true },
      { kind: 'toggle', id: 'awaitReply', label: 'Wait for their reply (pauses the case until they answer)' },
    ],
    // The bot delivers it (chat, or in writing) and says where it got to: cardActions.ts.
    run: ({ cases, base }, d) => ran(cases.messageResident({ ...base, text: d.messageText!, awaitReply: d.awaitReply === 'true' }), staffText.relayDelivered),
  },
  {
    verb: 'addNote',
    command: 'addNote',
    button: 'Save note',
    form: 'Add a note',
    fields: [{ kind: 'text', id: 'noteText', label: 'Note (staff only)', what: 'The note', max: TEXT_MAX.note, multiline: true, required: true }],
    run: ({ cases, base }, d) => ran(cases.addNote({ ...base, text: d.noteText! }), staffText.applied.addNote),
  },
  {
    verb: 'extend',
    command: 'extend',
    button: 'Extend',
    form: 'Extend',
    fields: [
      { kind: 'date', id: 'extendUntil', label: 'New response date', error: 'Choose the new response date', required: true },
      { kind: 'text', id: 'extendReason', label: 'Reason for the extension', what: 'The reason', max: TEXT_MAX.extendReason, multiline: true, required: true },
    ],
    run: ({ cases, base }, d) => ran(cases.extend({ ...base, reason: d.extendReason!, until: d.extendUntil! }), staffText.applied.extend(d.extendUntil!)),
  },
  {
    verb: 'respond',
    command: 'respond',
    button: 'Record response',
    style: 'positive',
    form: 'Record the response',
    // A complaint's form asks for decision, reasons and remedy; a reply's for the summary. The service lists what is missing.
    fields: [
      { kind: 'choice', id: 'decision', label: 'Decision', values: DECISIONS, required: 'service' },
      // One decision and its reasons stand for every point raised, so they fit a point's reasons.
      { kind: 'text', id: 'reasons', label: 'Reasons for the decision', max: TEXT_MAX.pointReasons, multiline: true, required: 'service' },
      { kind: 'text', id: 'remedy', label: 'Remedy: what the council will do to put things right, or why nothing is offered', max: TEXT_MAX.remedy, multiline: true, required: 'service' },
      { kind: 'text', id: 'summary', label: 'Summary of the reply', max: TEXT_MAX.replySummary, multiline: true, required: 'service' },
    ],
    run: ({ cases, base }, d) =>
      ran(
        cases.respond({ ...base, decision: d.decision as (typeof DECISIONS)[number] | undefined, reasons: d.reasons, remedy: d.remedy, summary: d.summary, sameForEveryPoint: true }),
        staffText.applied.respond,
      ),
  },
  {
    verb: 'escalate',
    command: 'escalate',
    button: 'Escalate',
    form: 'Escalate to stage 2',
    fields: [
      // Optional, as the service has it: left empty (or with nobody to choose) the review starts unassigned,
      // for a manager to assign. The service checks the person chosen (the reviewer role, not involved at stage 1).
      { kind: 'choice', id: 'reviewer', label: 'Reviewer' },
      { kind: 'text', id: 'escalateReason', label: 'What the resident is still unhappy about (optional)', max: TEXT_MAX.escalateReason, multiline: true },
    ],
    run: async ({ cases, staff, base }, d) => {
      const found = d.reviewer ? await staff.get(d.reviewer) : null;
      if (d.reviewer && !found) throw new CaseInputError('That person is not on the feedback app\'s staff list. Choose someone with the reviewer role.');
      // Their roles go with them: the case service decides whether they may review.
      const reviewer = found ? { ...staffRef(found), roles: found.roles } : undefined;
      return ran(cases.escalate({ ...base, reviewer, reason: d.escalateReason }), staffText.applied.escalate);
    },
  },
  {
    verb: 'convert',
    command: 'convert',
    button: 'Make it a complaint',
    form: 'Make it a complaint',
    fields: [{ kind: 'text', id: 'convertReason', label: 'Why (optional)', max: TEXT_MAX.convertReason, multiline: true }],
    run: ({ cases, base }, d) => ran(cases.convertToComplaint({ ...base, reason: d.convertReason }), staffText.applied.convert),
  },
  {
    verb: 'referToOmbudsman',
    command: 'referToOmbudsman',
    button: 'Record referral',
    form: 'Ombudsman',
    fields: [
      { kind: 'text', id: 'ombudsmanReference', label: 'The ombudsman\'s reference (optional)', max: TEXT_MAX.ombudsmanReference },
      { kind: 'text', id: 'ombudsmanNote', label: 'Note (optional)', max: TEXT_MAX.ombudsmanNote, multiline: true },
    ],
    run: ({ cases, base }, d) => ran(cases.referToOmbudsman({ ...base, ombudsmanReference: d.ombudsmanReference, note: d.ombudsmanNote }), staffText.applied.referToOmbudsman),
  },
  {
    verb: 'copyCouncillor',
    command: 'copyCouncillor',
    button: 'Copy them in',
    form: 'Keep a councillor informed',
    fields: [
      { kind: 'text', id: 'councillorName', label: 'Councillor\'s name', what: 'The councillor\'s name', max: TEXT_MAX.councillorName, required: true },
      { kind: 'email', id: 'councillorEmail', label: 'Councillor\'s email address', error: 'The councillor\'s email address is not an email address', max: TEXT_MAX.email, required: true },
    ],
    run: ({ cases, base }, d) => ran(cases.copyCouncillor({ ...base, name: d.councillorName!, email: d.councillorEmail! }), staffText.applied.copyCouncillor(d.councillorName!)),
  },
  {
    verb: 'reopen',
    command: 'reopen',
    button: 'Reopen case',
    form: 'Reopen',
    fields: [{ kind: 'text', id: 'reopenReason', label: 'Why it is being reopened', what: 'The reason', max: TEXT_MAX.reopenReason, multiline: true, required: true }],
    run: ({ cases, base }, d) => ran(cases.reopen({ ...base, reason: d.reopenReason! }), staffText.applied.reopen),
  },
  {
    verb: 'close',
    command: 'close',
    button: 'Close case',
    style: 'destructive',
    form: 'Close',
    fields: [
      // The reasons listed are the case's own (closeReasonsFor); the service refuses any other.
      { kind: 'choice', id: 'closeReason', label: 'Reason', values: CLOSURE_REASONS, error: 'Choose a reason for closing', required: true },
      { kind: 'text', id: 'closeNote', label: 'Note (optional)', max: TEXT_MAX.closeNote, multiline: true },
    ],
    run: ({ cases, base }, d) => ran(cases.close({ ...base, reason: d.closeReason as (typeof CLOSURE_REASONS)[number], note: d.closeNote }), staffText.applied.close),
  },
  {
    verb: 'recordLearning',
    command: 'recordLearning',
    button: 'Record learning',
    style: 'positive',
    form: 'Record what was learnt',
    fields: [
      { kind: 'text', id: 'learningTheme', label: 'Theme (for example: communication, delay, repairs quality)', what: 'The theme', max: TEXT_MAX.learningTheme, required: true },
      { kind: 'text', id: 'learningDetail', label: 'What was learnt', max: TEXT_MAX.learningDetail, multiline: true, required: true },
      { kind: 'text', id: 'actionText', label: 'Action to take (optional)', max: TEXT_MAX.learningAction, multiline: true },
      { kind: 'choice', id: 'actionOwner', label: 'Who owns the action' },
      { kind: 'date', id: 'actionDue', label: 'Action due by', error: 'The action\'s due date is not a date' },
    ],
    refine: (d, ctx) => {
      // An action is all three or none: an action nobody owns, or with no date, is not tracked.
      const given = [d.actionText, d.actionOwner, d.actionDue].filter((v) => v !== undefined).length;
      if (given === 0 || given === 3) return;
      if (!d.actionText) ctx.addIssue({ code: 'custom', message: 'Say what the action is, or leave the owner and due date empty' });
      if (!d.actionOwner) ctx.addIssue({ code: 'custom', message: 'Choose who owns the action' });
      if (!d.actionDue) ctx.addIssue({ code: 'custom', message: 'Choose the date the action is due by' });
    },
    run: async ({ cases, staff, base }, d) => {
      let action;
      if (d.actionText && d.actionOwner && d.actionDue) {
        const owner = await withRole(staff, d.actionOwner, 'That person has no role in the feedback app, so they can\'t own the action. Choose someone who does.');
        action = { text: d.actionText, owner: staffRef(owner), dueOn: d.actionDue };
      }
      const result = await cases.recordLearning({ ...base, theme: d.learningTheme!, detail: d.learningDetail!, action });
      return { result, notice: action ? `Learning recorded, with an action for ${action.owner.name} due by ${formatDate(action.dueOn)}.` : 'Learning recorded.' };
    },
  },
  {
    verb: 'completeLearningAction',
    command: 'completeLearningAction',
    button: 'Mark the action done',
    fields: [],
    extra: { pointId: z.string().regex(/^L\d{1,3}$/, { error: 'This button does not say which learning point it is for' }) },
    run: ({ cases, base }, d) => ran(cases.completeLearningAction({ ...base, pointId: d.pointId! }), `The action for learning point ${d.pointId} is marked done.`),
  },
] as const satisfies readonly StaffAction[];

export type StaffVerb = (typeof ACTIONS)[number]['verb'];
/** Every verb a card may send, refreshCard included. */
export const STAFF_VERBS: readonly StaffVerb[] = ACTIONS.map((a) => a.verb);

const BY_VERB = new Map<string, StaffAction>(ACTIONS.map((a) => [a.verb, a]));

export function staffAction(verb: StaffVerb): StaffAction;
export function staffAction(verb: string): StaffAction | undefined;
export function staffAction(verb: string): StaffAction | undefined {
  return BY_VERB.get(verb);
}

/** Whether the card offers the action on this case: the case command's rules, asked of the domain. */
export function offered(verb: StaffVerb, view: CaseView, facts: PolicyFacts): boolean {
  const { command } = staffAction(verb);
  return command !== null && canApply(command, view, facts);
}

const schemas = new Map<string, z.ZodType<ActionData>>();

/** The schema an invoke's data is read with, made from the action's fields. */
export function dataSchema(action: StaffAction): z.ZodType<ActionData> {
  const known = schemas.get(action.verb);
  if (known) return known;
  let schema: z.ZodType<ActionData>;
  if (action.command === null) {
    schema = z.object({ reference: Reference }) as unknown as z.ZodType<ActionData>;
  } else {
    const shape = Object.fromEntries(action.fields.map((f) => [f.id, fieldSchema(f)]));
    const object = Base.extend({ ...shape, ...action.extra }) as unknown as z.ZodType<ActionData>;
    schema = action.refine ? object.superRefine(action.refine) : object;
  }
  schemas.set(action.verb, schema);
  return schema;
}
