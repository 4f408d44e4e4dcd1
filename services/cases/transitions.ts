/**
 * Which command is allowed in which stage and status: the one table the lifecycle is checked
 * against, and the plain-words reasons given when a command is refused.
 */
import type { CaseRecord, CaseStage, CaseStatus } from '../../models/caseRecord';
import { TransitionRefusedError } from './errors';
import type { CaseCommand } from './caseCommands';
import { COMMAND_VERB, STAGE_LABEL } from './labels';

export { CASE_COMMANDS, type CaseCommand } from './caseCommands';

const ACTIVE: CaseStatus[] = ['open', 'acknowledged', 'in_progress', 'awaiting_resident'];
const NOT_CLOSED: CaseStatus[] = [...ACTIVE, 'responded'];
const WORKING: CaseStage[] = ['service_request', 'stage1', 'stage2', 'feedback'];
const LIVE: CaseStage[] = [...WORKING, 'ombudsman'];
const COMPLAINT: CaseStage[] = ['stage1', 'stage2'];

export interface Transition {
  /** Stages and statuses of a case that is not closed in which the command is allowed. */
  stages: readonly CaseStage[];
  statuses: readonly CaseStatus[];
  /** For a closed case: the stages it may have been closed from. */
  closedFrom: readonly CaseStage[];
}

const t = (stages: CaseStage[], statuses: CaseStatus[], closedFrom: CaseStage[] = []): Transition => ({ stages, statuses, closedFrom });

export const TRANSITIONS: Record<CaseCommand, Transition> = {
  acknowledge: t(WORKING, ['open']),
  assign: t(LIVE, NOT_CLOSED),
  addNote: t(LIVE, NOT_CLOSED, LIVE),
  messageResident: t(LIVE, NOT_CLOSED),
  addResidentMessage: t(LIVE, NOT_CLOSED),
  extend: t(COMPLAINT, ACTIVE),
  respond: t(WORKING, ACTIVE),
  // Asking for a review needs the stage 1 response first; a case closed after it can still be escalated.
  escalate: t(['stage1'], ['responded'], ['stage1']),
  convert: t(['service_request', 'feedback'], NOT_CLOSED, ['service_request', 'feedback']),
  addRelatedIssue: t(['stage1'], ACTIVE),
  reopen: t([], [], LIVE),
  close: t(LIVE, NOT_CLOSED),
  referToOmbudsman: t(COMPLAINT, NOT_CLOSED, COMPLAINT),
  // The signed authorisation for a representative can arrive at any point, also after closure.
  recordAuthorisation: t(LIVE, NOT_CLOSED, LIVE),
  copyCouncillor: t(LIVE, NOT_CLOSED),
  anonymise: t(LIVE, NOT_CLOSED, LIVE),
  // What was learnt is recorded once the council has answered (or closed) the case; its action is done later.
  recordLearning: t(LIVE, ['responded'], LIVE),
  completeLearningAction: t(LIVE, NOT_CLOSED, LIVE),
};

/** Who may issue each command; the rest are for staff (and the system) only. */
export const RESIDENT_COMMANDS: readonly CaseCommand[] = ['addResidentMessage', 'escalate', 'close'];

export function isAllowed(command: CaseCommand, record: Pick<CaseRecord, 'stage' | 'status' | 'closedFromStage'>): boolean {
  const rule = TRANSITIONS[command];
  if (record.stage === 'closed') return record.closedFromStage !== null && rule.closedFrom.includes(record.closedFromStage);
  return rule.stages.includes(record.stage) && rule.statuses.includes(record.status);
}

/** Extra words after the refusal, where there is something useful to do instead. */
const HINTS: Partial<Record<CaseCommand, Partial<Record<CaseStage, string>>>> = {
  extend: { service_request: ' Only complaint deadlines can be extended.', feedback: ' Only complaint deadlines can be extended.' },
  escalate: {
    stage2: ' It has already had its review: the resident can now go to the ombudsman.',
    service_request: ' Turn it into a complaint first.',
    feedback: ' Turn it into a complaint first.',
    ombudsman: ' It is already with the ombudsman.',
  },
  addRelatedIssue: { stage2: ' Log the new issue as a new complaint.' },
  convert: { stage1: ' It is already a complaint.', stage2: ' It is already a complaint.' },
  referToOmbudsman: { service_request: ' Only complaints go to the ombudsman.', feedback: ' Only complaints go to the ombudsman.' },
  respond: { ombudsman: ' The ombudsman decides now; record its decision with a note and close the case.' },
};

/** "…so it can't be given a learning point yet" needs the reason: it has not been answered. */
const NOT_YET_ANSWERED = ' Record what was learnt once the case has been responded to or closed.';

export function refusalMessage(command: CaseCommand, record: Pick<CaseRecord, '_id' | 'stage' | 'status' | 'closedFromStage'>): string {
  const ref = record._id;
  const verb = COMMAND_VERB[command];
  if (record.stage === 'closed') {
    if (command === 'escalate' || command === 'convert' || command === 'referToOmbudsman') {
      return `Case ${ref} was closed as ${STAGE_LABEL[record.closedFromStage ?? 'closed']}, so it can't be ${verb}.`;
    }
    return `Case ${ref} is closed, so it can't be ${verb}. Reopen it first.`;
  }
  if (command === 'reopen') return `Case ${ref} is not closed, so it can't be reopened.`;
  if (command === 'acknowledge' && record.status !== 'open' && TRANSITIONS.acknowledge.stages.includes(record.stage)) {
    return `Case ${ref} has already been acknowledged.`;
  }
  if (command === 'escalate' && record.stage === 'stage1') {
    return `Case ${ref} hasn't had its stage 1 response yet, so it can't be escalated to a stage 2 review. Respond at stage 1 first.`;
  }
  if (record.status === 'responded' && TRANSITIONS[command].stages.includes(record.stage)) {
    const after = command === 'addRelatedIssue' ? ' Log the new issue as a new complaint.' : ' Reopen it first if more is needed.';
    return `Case ${ref} has already been responded to at this stage, so it can't be ${verb}.${after}`;
  }
  const hint = command === 'recordLearning' ? NOT_YET_ANSWERED : (HINTS[command]?.[record.stage] ?? '');
  return `Case ${ref} is ${STAGE_LABEL[record.stage]}, so it can't be ${verb}.${hint}`;
}

export function assertAllowed(command: CaseCommand, record: CaseRecord): void {
  if (!isAllowed(command, record)) {
    throw new TransitionRefusedError(record._id, command, record.stage, record.status, refusalMessage(command, record));
  }
}
