/** Plain-English names for stages, statuses and commands, used in staff-facing messages. */
import type { CaseStage, CaseStatus, ClosureReason } from '../../models/caseRecord';
import type { CaseCommand } from './caseCommands';
import { readableDate } from '../workingDays/isoDate';

export const STAGE_LABEL: Record<CaseStage, string> = {
  service_request: 'a service request',
  stage1: 'a complaint at stage 1 (first response)',
  stage2: 'a complaint at stage 2 (review)',
  ombudsman: 'with the ombudsman',
  feedback: 'a comment or compliment',
  closed: 'closed',
};

export const STATUS_LABEL: Record<CaseStatus, string> = {
  open: 'not yet acknowledged',
  acknowledged: 'acknowledged',
  in_progress: 'being worked on',
  awaiting_resident: 'waiting for the resident',
  responded: 'responded to',
  closed: 'closed',
};

/** Completes "so it can't be …". */
export const COMMAND_VERB: Record<CaseCommand, string> = {
  acknowledge: 'acknowledged',
  assign: 'assigned',
  addNote: 'given a note',
  messageResident: 'used to message the resident',
  addResidentMessage: 'given a new message from the resident',
  extend: 'extended',
  respond: 'responded to',
  escalate: 'escalated to a stage 2 review',
  convert: 'turned into a complaint',
  addRelatedIssue: 'given a related issue',
  reopen: 'reopened',
  close: 'closed',
  referToOmbudsman: 'referred to the ombudsman',
  recordAuthorisation: 'given the written authorisation',
  copyCouncillor: 'given a councillor to keep informed',
  anonymise: 'anonymised',
  recordLearning: 'given a learning point yet',
  completeLearningAction: 'given a completed action',
};

/** "stage 1" on its own is jargon: say what it means. */
export const TRACK_NAME: Record<string, string> = {
  service_request: 'service request',
  stage1: 'stage 1 (first response)',
  stage2: 'stage 2 (review)',
  feedback: 'comment or compliment',
};

/** Completes "can only be closed as …". */
export const CLOSURE_WORDS: Record<ClosureReason, string> = {
  responded: 'responded to',
  resolved: 'resolved',
  withdrawn: 'withdrawn',
  duplicate: 'a duplicate',
  recorded: 'recorded',
  ombudsman_decided: "the ombudsman's decision",
};

/** How a written letter went, in "Sent by … instead". */
const IN_WRITING_BY: Record<string, string> = { email: 'email', sms: 'text message', letter: 'post' };
const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;

/**
 * Where a staff message to the resident stands (services/teams/chatDelivery.ts), the same words on
 * the card, in the timeline and in the case thread. `writtenBy` is the channel of the letter that
 * took it instead, once written.
 */
export function deliveryLine(
  d: { state: 'pending' | 'delivered' | 'in_writing' | 'not_delivered'; reason: 'no_conversation' | 'unreachable' | null; tries: number; deliveredOn: string | null },
  writtenBy?: string | null,
): string {
  switch (d.state) {
    case 'delivered':
      return d.deliveredOn ? `Delivered to the chat ${readableDate(d.deliveredOn)}` : 'Delivered to the chat';
    case 'pending':
      return `Waiting to reach the resident's chat (tried ${times(d.tries)})`;
    case 'in_writing':
      return writtenBy && IN_WRITING_BY[writtenBy] ? `Sent by ${IN_WRITING_BY[writtenBy]} instead` : 'Sent in writing instead';
    case 'not_delivered':
      return d.reason === 'no_conversation'
        ? 'Not delivered: the resident has no chat with the council. Contact them another way'
        : `Not delivered: the resident's chat could not be reached (tried ${times(d.tries)}). Contact them another way`;
  }
}
