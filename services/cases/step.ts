/**
 * One command applied to a case in memory, exactly as the service applies it before storing:
 * who may issue it, the transition table, what the command needs of the case (preconditions.ts),
 * the command's own rules, then the deadlines derived
 * again and the result validated. The service (caseService.ts) stores what this returns; the
 * random-sequence test (test/cases/sequences.test.ts) runs thousands of commands through it
 * without a database, and checks a sample against what the service stores.
 */
import type { z } from 'zod';
import { CaseRecord } from '../../models/caseRecord';
import * as C from './commands';
import * as L from './learning';
import { derive } from './deadlines';
import { CaseRuleError } from './errors';
import { assertIndependent, needsIndependence } from './independence';
import { preconditionRefusal } from './preconditions';
import * as I from './inputs';
import type { CaseRules } from './rules';
import { londonDate } from '../workingDays/londonTime';
import { CaseCommand, RESIDENT_COMMANDS, assertAllowed } from './transitions';

type Apply<S extends z.ZodType> = (record: CaseRecord, input: z.output<S>, ctx: C.CommandContext) => C.Applied;

export interface Stepped {
  applied: C.Applied;
  next: CaseRecord;
}

/** Throws the refusal (a CaseError) when the command may not be applied; nothing is changed either way. */
export function step<S extends z.ZodType<I.CommandBase>>(command: CaseCommand, record: CaseRecord, input: z.output<S>, apply: Apply<S>, rules: CaseRules, now: Date): Stepped {
  if (input.actor.role === 'resident' && !RESIDENT_COMMANDS.includes(command)) {
    throw new CaseRuleError(record._id, 'Only council staff can do that.');
  }
  assertAllowed(command, record);
  // Who acts comes before what the case needs: someone involved at stage 1 is told that first.
  if (needsIndependence(command)) assertIndependent(record, input.actor, command);
  const refusal = preconditionRefusal(command, record._id, record, rules);
  if (refusal) throw new CaseRuleError(record._id, refusal);
  const applied = apply(record, input, { rules, now, today: londonDate(now), actor: input.actor });
  const next = CaseRecord.parse(derive({ ...applied.next, version: record.version + 1, updatedAt: now }, rules));
  return { applied, next };
}

/** The lifecycle commands the service runs through `step`, with the schema each input is parsed with. */
export const COMMANDS = {
  acknowledge: [I.AcknowledgeInput, C.acknowledge],
  assign: [I.AssignInput, C.assign],
  addNote: [I.AddNoteInput, C.addNote],
  messageResident: [I.MessageResidentInput, C.messageResident],
  addResidentMessage: [I.AddResidentMessageInput, C.addResidentMessage],
  extend: [I.ExtendInput, C.extend],
  respond: [I.RespondInput, C.respond],
  escalate: [I.EscalateInput, C.escalate],
  convert: [I.ConvertInput, C.convert],
  addRelatedIssue: [I.AddRelatedIssueInput, C.addRelatedIssue],
  reopen: [I.ReopenInput, C.reopen],
  close: [I.CloseInput, C.close],
  referToOmbudsman: [I.ReferToOmbudsmanInput, C.referToOmbudsman],
  copyCouncillor: [I.CopyCouncillorInput, C.copyCouncillor],
  recordAuthorisation: [I.RecordAuthorisationInput, C.recordAuthorisation],
  recordLearning: [I.RecordLearningInput, L.recordLearning],
  completeLearningAction: [I.CompleteLearningActionInput, L.completeLearningAction],
} as const;

/** Parses a raw input and applies the command in memory (the test's in-memory path). */
export function stepRaw(command: keyof typeof COMMANDS, record: CaseRecord, raw: unknown, rules: CaseRules, now: Date): Stepped {
  const [schema, apply] = COMMANDS[command] as unknown as [z.ZodType<I.CommandBase>, Apply<z.ZodType<I.CommandBase>>];
  return step(command, record, I.parseInput(schema, raw, `${command} command`), apply, rules, now);
}
