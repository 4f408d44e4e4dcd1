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
export const AddNoteInput = CommandBase.extend({ text: text(10000), heading: text(200).optional() });
export const MessageResidentInput = CommandBase.extend({ text: text(5000), awaitReply: z.boolean().default(false) });
export const AddResidentMessageInput = CommandBase.extend({ text: text(10000), evidence: z.array(EvidenceRef).max(20).default([]) });
export const ExtendInput = CommandBase.extend({
  reason: text(2000),
  until: isoDate.optional(),
  workingDays: z.number().int().positive().optional(),
}).refine((v) => (v.until === undefined) !== (v.workingDays === undefined), { message: 'give either until (a date) or workingDays, not both' });
export const LearningPointInput = z.strictObject({ theme: text(100), detail: text(2000) });
/** Loose on purpose: respond checks what is missing and lists it in plain words. */
export const RespondInput = CommandBase.extend({
  decision: z.enum(DECISIONS).optional(),
  points: z.array(z.strictObject({ issue: z.number().int().positive(), decision: z.enum(DECISIONS), reasons: z.string().trim().max(5000) })).default([]),
  reasons: z.string().trim().max(10000).optional(),
  remedy: z.string().trim().max(5000).optional(),
  outstandingActions: z.array(text(1000)).default([]),
  /** For service requests, comments and compliments: the reply. */
  summary: z.string().trim().max(10000).optional(),
  learningPoints: z.array(LearningPointInput).max(20).default([]),
});
/** No reason is asked of a resident who wants a review (Complaint Handling Codes). */
export const EscalateInput = CommandBase.extend({ reason: text(5000).optional(), reviewer: StaffRef.optional() });
export const ConvertInput = CommandBase.extend({ reason: text(5000).optional() });
export const AddRelatedIssueInput = CommandBase.extend({ text: text(10000) });
export const ReopenInput = CommandBase.extend({ reason: text(2000) });
export const CloseInput = CommandBase.extend({ reason: z.enum(CLOSURE_REASONS), note: text(2000).optional(), learningPoints: z.array(LearningPointInput).max(20).default([]) });
export const ReferToOmbudsmanInput = CommandBase.extend({ ombudsmanReference: text(100).optional(), note: text(2000).optional() });
export const RecordAuthorisationInput = CommandBase;
export const CopyCouncillorInput = CommandBase.extend({ name: text(200), email: z.email({ error: 'is not an email address' }).max(254) });
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
