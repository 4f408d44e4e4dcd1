/**
 * Due dates for a policy pack's timescale rules. A rule counts `days` units from a starting
 * event (receipt, acknowledgement, or the stage 1 response for "ask for stage 2 within…").
 * Working-day rules use the calendar; weeks, calendar days and months are counted on the
 * calendar and, if they land on a non-working day, move to the next working day (as court and
 * council deadlines conventionally do), so a deadline never falls on a day the council is shut.
 */
import type { WorkingDayCalendar } from './calendar';

export const DEADLINE_UNITS = ['working_days', 'weeks', 'calendar_days', 'months'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export const DEADLINE_BASES = ['receipt', 'acknowledgement', 'stage1_response'] as const;
export type DeadlineBasis = (typeof DEADLINE_BASES)[number];

export interface DeadlineRule {
  /** How many `unit`s (the name follows the packs, where most rules are in working days). */
  days: number;
  unit: DeadlineUnit;
  /** The event the period runs from; receipt when omitted. */
  from?: DeadlineBasis;
}

/** ISO dates of the events a rule may count from; receipt is the receipt day (day 0). */
export type DeadlineDates = Partial<Record<DeadlineBasis, string>>;

export function addPeriod(calendar: WorkingDayCalendar, fromIsoDate: string, count: number, unit: DeadlineUnit): string {
  switch (unit) {
    case 'working_days':
      return calendar.addWorkingDays(fromIsoDate, count);
    case 'weeks':
      return calendar.rollForward(calendar.addCalendarDays(fromIsoDate, count * 7));
    case 'calendar_days':
      return calendar.rollForward(calendar.addCalendarDays(fromIsoDate, count));
    case 'months':
      return calendar.rollForward(calendar.addMonths(fromIsoDate, count));
  }
}

/** The due date of a rule given the dates of the events so far; throws if its start event has no date yet. */
export function dueDateFor(calendar: WorkingDayCalendar, rule: DeadlineRule, dates: DeadlineDates): string {
  const basis = rule.from ?? 'receipt';
  const start = dates[basis];
  if (start === undefined) {
    throw new Error(`This deadline runs from the ${basis.replace('_', ' ')} date, which was not given`);
  }
  return addPeriod(calendar, start, rule.days, rule.unit);
}

/** The latest date an extension may run to, or null when the policy sets no limit. */
export function extendedDueDate(calendar: WorkingDayCalendar, dueDate: string, maxExtraWorkingDays: number | null): string | null {
  return maxExtraWorkingDays === null ? null : calendar.addWorkingDays(dueDate, maxExtraWorkingDays);
}
