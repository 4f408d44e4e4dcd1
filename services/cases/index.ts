/** The case service: lifecycle, deadlines, reminders, staff views. Domain only. */
export { CaseService, SYSTEM_ACTOR } from './caseService';
export type { CaseServiceOptions, CommandResult, ExtendResult, NewDeadlinesResult, OmbudsmanResult, RelayResult, RespondResult } from './caseService';
export { CaseConflictError, CaseError, CaseInputError, CaseNotFoundError, CaseRuleError, TransitionRefusedError } from './errors';
export type * from './inputs';
export { CASE_COMMANDS, TRANSITIONS, isAllowed, refusalMessage } from './transitions';
export { REMOVED } from './anonymise';
export type { CaseCommand, Transition } from './transitions';
export { createCaseRules } from './rules';
export type { CaseRules, CaseRulesOptions } from './rules';
export { derivePriority } from './openCase';
export { DEADLINE_REMINDER_JOB, createDeadlineReminderHandler, reminderJobsFor } from './reminders';
export type { DeadlineNotification, Notify, ReminderSource, ReminderType } from './reminders';
export type { QueueFilters } from './queries';
export type { CaseSummary, CaseView, TimelineEntry } from './views';
export { financialQuarter, financialYear, quarterRange, quartersOfYear } from './financialQuarter';
export { londonDate, londonInstant } from '../workingDays/londonTime';
export * from '../../models/caseRecord';
