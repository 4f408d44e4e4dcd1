/** Plain-English names for stages, statuses and commands, used in staff-facing messages. */
import type { CaseStage, CaseStatus } from '../../models/caseRecord';
import type { CaseCommand } from './caseCommands';

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
