/**
 * The council's rules as the case service applies them: a policy pack, its working-day calendar
 * and the service's own settings (defaults where the pack is silent).
 */
import type { PolicyPack } from '../policy/packSchema';
import { loadPack } from '../policy/loadPack';
import { validatePack } from '../policy/loadPack';
import { createWorkingDayCalendar, WorkingDayCalendar } from '../workingDays';

export interface CaseRulesOptions {
  /** A pack id (e.g. "leicester") or a pack object; "default" when omitted. */
  council?: string | PolicyPack;
  /** Local time 'HH:MM' after which a message counts as received the next working day (CASE_CUTOFF). */
  cutoff?: string;
  /** Working days left at which a deadline counts as due soon (default 2). */
  dueSoonWorkingDays?: number;
  /** Response target for service requests when the pack sets none (default 10 working days). */
  serviceRequestTargetDays?: number;
  /** London time at which reminders are sent (default 08:00). */
  reminderTime?: string;
}

export interface CaseRules {
  readonly pack: PolicyPack;
  readonly calendar: WorkingDayCalendar;
  readonly dueSoonWorkingDays: number;
  readonly serviceRequestTargetDays: number;
  readonly reminderTime: string;
}

export function createCaseRules(options: CaseRulesOptions = {}): CaseRules {
  const pack = typeof options.council === 'object' ? validatePack(options.council) : loadPack(options.council ?? 'default');
  const calendar = createWorkingDayCalendar({ region: pack.calendar.region, closureDays: pack.calendar.closureDays, cutoff: options.cutoff });
  return {
    pack,
    calendar,
    dueSoonWorkingDays: options.dueSoonWorkingDays ?? 2,
    serviceRequestTargetDays: options.serviceRequestTargetDays ?? 10,
    reminderTime: options.reminderTime ?? '08:00',
  };
}
