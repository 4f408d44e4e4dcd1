/** Every command the case lifecycle knows; the transition table says when each is allowed. */
export const CASE_COMMANDS = [
  'acknowledge',
  'assign',
  'addNote',
  'messageResident',
  'addResidentMessage',
  'extend',
  'respond',
  'escalate',
  'convert',
  'addRelatedIssue',
  'reopen',
  'close',
  'referToOmbudsman',
  'recordAuthorisation',
  'copyCouncillor',
  'anonymise',
  'recordLearning',
  'completeLearningAction',
] as const;
export type CaseCommand = (typeof CASE_COMMANDS)[number];
