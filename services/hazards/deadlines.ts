/**
 * The legal timescales for a hazard, from the pack's rules (Awaab's Law). Hours are clock time
 * from the moment the council became aware (the resident's message); working days are counted
 * from the London date of that moment as day 0, Monday to Friday without bank holidays (the
 * guidance's "Day Zero"), and weeks are calendar weeks. The council's own closure days do not
 * stretch a legal deadline, so the calendar here has bank holidays only.
 *
 * Steps counted from the investigation are given from the latest day the investigation may end
 * (its own deadline): the dates the tenant can hold the council to if it takes the full time.
 */
import type { Hazards, HazardPeriod } from '../policy/packSchema';
import type { HolidayRegion } from '../workingDays/holidays';
import { createWorkingDayCalendar, WorkingDayCalendar } from '../workingDays/calendar';
import { londonDate } from '../workingDays/londonTime';
import type { HazardLevel, HazardStep } from '../../models/hazardVocabulary';

export interface HazardDeadline {
  step: HazardStep;
  /** What must be done, from the pack. */
  duty: string;
  /** The last day (Europe/London). */
  dueOn: string;
  /** The exact moment, for clock-time (hours) rules; null for day rules. */
  dueAt: Date | null;
  from: HazardPeriod['from'];
}

const calendars = new Map<HolidayRegion, WorkingDayCalendar>();
function legalCalendar(region: HolidayRegion): WorkingDayCalendar {
  let calendar = calendars.get(region);
  if (!calendar) calendars.set(region, (calendar = createWorkingDayCalendar({ region })));
  return calendar;
}

const HOUR_MS = 3_600_000;

function due(period: HazardPeriod, start: { at: Date; on: string }, calendar: WorkingDayCalendar): { dueOn: string; dueAt: Date | null } {
  switch (period.unit) {
    case 'hours': {
      const dueAt = new Date(start.at.getTime() + period.count * HOUR_MS);
      return { dueOn: londonDate(dueAt), dueAt };
    }
    case 'working_days':
      return { dueOn: calendar.addWorkingDays(start.on, period.count), dueAt: null };
    case 'weeks':
      return { dueOn: calendar.addCalendarDays(start.on, period.count * 7), dueAt: null };
  }
}

/** Every timed step for a hazard of this level, in order, from the moment the council became aware. */
export function hazardDeadlines(level: HazardLevel, awareAt: Date, rules: Hazards, region: HolidayRegion): HazardDeadline[] {
  const calendar = legalCalendar(region);
  const aware = { at: awareAt, on: londonDate(awareAt) };
  const steps = Object.entries(level === 'emergency' ? rules.emergency : rules.significant) as Array<[HazardStep, HazardPeriod]>;
  const out: HazardDeadline[] = [];
  // Steps from the investigation run from the latest moment it may end.
  let investigated = aware;
  for (const [step, period] of steps) {
    const { dueOn, dueAt } = due(period, period.from === 'awareness' ? aware : investigated, calendar);
    out.push({ step, duty: period.duty, dueOn, dueAt, from: period.from });
    if (step === 'investigate') investigated = { at: dueAt ?? new Date(`${dueOn}T12:00:00Z`), on: dueOn };
  }
  return out;
}
