/**
 * Command inputs, parsed with zod at the service's edge (a Teams card submission or a dialog
 * hands them over as plain data). Every command carries a client-chosen commandId: sending the
 * same one again applies the command once and returns the first result.
 */
import { z } from 'zod';
import { Actor, CLOSURE_REASONS, DECISIONS, StaffRef } from '../../models/caseRecord';
import { EvidenceRef } from '../../models/caseDraft';
import { CaseInputError } from './errors';

const text = (max: number) => z.string().trim().min(1, 'is empty').max(max);

/**
 * The longest each free-text input may be. The staff-action registry (services/staffActions) gives
 * the card's fields these same limits, so a form never takes more than the command accepts.
 */
export const TEXT_MAX = {
  note: 10000,
  message: 5000,
  extendReason: 2000,
  decisionReasons: 10000,
  /** Each point's reasons; also the overall reasons when they stand for every point (sameForEveryPoint). */
  pointReasons: 5000,
  remedy: 5000,
  replySummary: 10000,
  escalateReason: 5000,
  convertReason: 5000,
  reopenReason: 2000,
  closeNote: 2000,
  ombudsmanReference: 100,
  ombudsmanNote: 2000,
  councillorName: 200,
  email: 254,
  staffId: 128,
  learningTheme: 100,
  learningDetail: 2000,
  learningAction: 1000,
} as const;
const isoDate = z.iso.date({ error: 'expected a date as YYYY-MM-DD' });

export const CommandBase = z.strictObject({
  reference: z.string().trim().min(1),
  commandId: z.string().trim().min(1).max(128),
  actor: Actor,
  /** The case version the caller last saw; if the case has moved on, the command is refused as a conflict. */
  expectedVersion: z.number().int().positive().optional(),
});
export type CommandBase = z.infer<typeof CommandBase>;

export const AcknowledgeInput = CommandBase;
export const AssignInput = CommandBase.extend({ assignee: StaffRef });
/** `heading` replaces "Note added" on the timeline (notes the system records, such as the works system's updates). */
export const AddNoteInput = CommandBase.extend({ text: text(TEXT_MAX.note), heading: text(200).optional() });
export const MessageResidentInput = CommandBase.extend({ text: text(TEXT_MAX.message), awaitReply: z.boolean().default(false) });
export const AddResidentMessageInput = CommandBase.extend({ text: text(10000), evidence: z.array(EvidenceRef).max(20).default([]) });
export const ExtendInput = CommandBase.extend({
  reason: text(TEXT_MAX.extendReason),
  until: isoDate.optional(),
  workingDays: z.number().int().positive().optional(),
}).refine((v) => (v.until === undefined) !== (v.workingDays === undefined), { message: 'give either until (a date) or workingDays, not both' });
export const LearningPointInput = z.strictObject({ theme: text(100), detail: text(2000) });
/** Loose on purpose: respond checks what is missing and lists it in plain words. */
export const RespondInput = CommandBase.extend({
  decision: z.enum(DECISIONS).optional(),
  points: z.array(z.strictObject({ issue: z.number().int().positive(), decision: z.enum(DECISIONS), reasons: z.string().trim().max(TEXT_MAX.pointReasons) })).default([]),
  reasons: z.string().trim().max(TEXT_MAX.decisionReasons).optional(),
  /**
   * The overall decision and its reasons stand for each point raised (a form that asks once); the
   * case's points are then filled in by the command, and `points` is ignored.
   */
  sameForEveryPoint: z.boolean().default(false),
  remedy: z.string().trim().max(TEXT_MAX.remedy).optional(),
  outstandingActions: z.array(text(1000)).default([]),
  /** For service requests, comments and compliments: the reply. */
  summary: z.string().trim().max(TEXT_MAX.replySummary).optional(),
  learningPoints: z.array(LearningPointInput).max(20).default([]),
});
/** No reason is asked of a resident who wants a review (Complaint Handling Codes). */
export const EscalateInput = CommandBase.extend({
  reason: text(TEXT_MAX.escalateReason).optional(),
  /** `roles`, where the caller knows them (the staff directory's), must include reviewer. */
  reviewer: StaffRef.extend({ roles: z.array(z.string().max(32)).max(10).optional() }).optional(),
});
export const ConvertInput = CommandBase.extend({ reason: text(TEXT_MAX.convertReason).optional() });
export const AddRelatedIssueInput = CommandBase.extend({ text: text(10000) });
export const ReopenInput = CommandBase.extend({ reason: text(TEXT_MAX.reopenReason) });
export const CloseInput = CommandBase.extend({ reason: z.enum(CLOSURE_REASONS), note: text(TEXT_MAX.closeNote).optional(), learningPoints: z.array(LearningPointInput).max(20).default([]) });
export const ReferToOmbudsmanInput = CommandBase.extend({ ombudsmanReference: text(TEXT_MAX.ombudsmanReference).optional(), note: text(TEXT_MAX.ombudsmanNote).optional() });
export const RecordAuthorisationInput = CommandBase;
export const CopyCouncillorInput = CommandBase.extend({ name: text(TEXT_MAX.councillorName), email: z.email({ error: 'is not an email address' }).max(TEXT_MAX.email) });
export const AnonymiseInput = CommandBase.extend({ reason: z.enum(['retention', 'erasure_request']) });

export type AcknowledgeInput = z.input<typeof AcknowledgeInput>;
export type AssignInput = z.input<typeof AssignInput>;
export type AddNoteInput = z.input<typeof AddNoteInput>;
export type MessageResidentInput = z.input<typeof MessageResidentInput>;
export type AddResidentMessageInput = z.input<typeof AddResidentMessageInput>;
export type ExtendInput = z.input<typeof ExtendInput>;
export type RespondInput = z.input<typeof RespondInput>;
export type EscalateInput = z.input<typeof EscalateInput>;
export type ConvertInput = z.input<typeof ConvertInput>;
export type AddRelatedIssueInput = z.input<typeof AddRelatedIssueInput>;
export type ReopenInput = z.input<typeof ReopenInput>;
export type CloseInput = z.input<typeof CloseInput>;
export type ReferToOmbudsmanInput = z.input<typeof ReferToOmbudsmanInput>;
export type AnonymiseInput = z.input<typeof AnonymiseInput>;
export type CopyCouncillorInput = z.input<typeof CopyCouncillorInput>;
export type RecordAuthorisationInput = z.input<typeof RecordAuthorisationInput>;

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new CaseInputError(
    `The ${what} could not be accepted:`,
    result.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`),
  );
}

/** The learning register (services/cases/learning.ts): what was learnt, with an optional action, and the action done later. */
export const RecordLearningInput = CommandBase.extend({
  theme: text(TEXT_MAX.learningTheme),
  detail: text(TEXT_MAX.learningDetail),
  action: z.strictObject({ text: text(TEXT_MAX.learningAction), owner: StaffRef, dueOn: isoDate }).optional(),
});
export const CompleteLearningActionInput = CommandBase.extend({ pointId: z.string().regex(/^L\d{1,3}$/, 'is not a learning point of this case') });
export type RecordLearningInput = z.input<typeof RecordLearningInput>;
export type CompleteLearningActionInput = z.input<typeof CompleteLearningActionInput>;
