/**
 * Working-day calendar for complaint deadlines: Monday–Friday, minus the nation's bank holidays
 * and the council's own closure days. Dates are ISO strings (YYYY-MM-DD) in Europe/London.
 * Convention: the day a message counts as received is day 0; "n working days" is the n-th
 * working day after it.
 */
import { bankHolidayDayNumbers, HOLIDAY_REGIONS, HolidayRegion } from './holidays';
import { addMonths, daysFromCivil, fromDayNumber, toDayNumber, weekday, yearOf } from './isoDate';
import { londonFields } from './londonTime';

export interface WorkingDayCalendarOptions {
  region: HolidayRegion;
  /** Extra days the council is closed (ISO dates), e.g. the days between Christmas and New Year. */
  closureDays?: readonly string[];
  /** Local London time 'HH:MM' at or after which a message counts as received the next working day. */
  cutoff?: string;
}

export interface WorkingDayCalendar {
  readonly region: HolidayRegion;
  /** The London date counted as day 0 for a message received at this instant. */
  receiptDay(receivedAt: Date): string;
  /** The n-th working day after fromIsoDate (n may be negative; 0 returns fromIsoDate). */
  addWorkingDays(fromIsoDate: string, n: number): string;
  isWorkingDay(isoDate: string): boolean;
  /** Working days after a up to and including b; negative when b is before a. */
  workingDaysBetween(a: string, b: string): number;
  /** isoDate itself if it is a working day, otherwise the next working day. */
  rollForward(isoDate: string): string;
  /** addCalendarDays / addMonths without rolling, for weeks and calendar-day deadlines. */
  addCalendarDays(isoDate: string, days: number): string;
  addMonths(isoDate: string, months: number): string;
  /** Convenience: addWorkingDays(receiptDay(receivedAt), n). */
  dueDate(receivedAt: Date, n: number): string;
}

const CUTOFF = /^([01]\d|2[0-3]):([0-5]\d)$/;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const offsetByUtcHour = new Map<number, number>();

/** Europe/London offset from UTC in ms. Clocks change on the hour (UTC), so one Intl call per UTC hour suffices. */
function londonOffsetMs(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByUtcHour.get(hour);
  if (offset === undefined) {
    const f = londonFields(hour * HOUR_MS);
    offset = Date.UTC(f.y, f.m - 1, f.d, f.h, f.min) - hour * HOUR_MS;
    if (offsetByUtcHour.size > 100_000) offsetByUtcHour.clear(); // bound memory for long-running processes
    offsetByUtcHour.set(hour, offset);
  }
  return offset;
}

/** London calendar date (as a day number) and minutes past local midnight for an instant. */
function londonDayAndMinutes(at: Date): { day: number; minutes: number } {
  const ms = at instanceof Date ? at.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError('receivedAt must be a valid Date');
  const local = ms + londonOffsetMs(ms);
  const day = Math.floor(local / DAY_MS);
  return { day, minutes: Math.floor((local - day * DAY_MS) / 60_000) };
}

function assertInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

export function createWorkingDayCalendar(options: WorkingDayCalendarOptions): WorkingDayCalendar {
  const { region } = options;
  if (!HOLIDAY_REGIONS.includes(region)) {
    throw new RangeError(`Unknown bank-holiday region "${String(region)}"; expected one of ${HOLIDAY_REGIONS.join(', ')}`);
  }
  let cutoffMinutes: number | null = null;
  if (options.cutoff !== undefined) {
    const match = CUTOFF.exec(options.cutoff);
    if (!match) throw new RangeError(`cutoff must be HH:MM (24-hour), got "${options.cutoff}"`);
    cutoffMinutes = Number(match[1]) * 60 + Number(match[2]);
  }

  // Holidays and closures in one set of day numbers; bank holidays are loaded a year at a time.
  const closed = new Set<number>((options.closureDays ?? []).map(toDayNumber));
  let firstYear = Infinity;
  let lastYear = -Infinity;
  let loadedFrom = Infinity;
  let loadedTo = -Infinity;

  function loadYear(year: number): void {
    for (const day of bankHolidayDayNumbers(region, year)) closed.add(day);
  }

  function ensureLoaded(day: number): void {
    if (day >= loadedFrom && day <= loadedTo) return;
    const year = yearOf(day);
    const from = Math.min(year, firstYear);
    const to = Math.max(year, lastYear);
    for (let y = from; y <= to; y++) if (y < firstYear || y > lastYear) loadYear(y);
    firstYear = from;
    lastYear = to;
    loadedFrom = daysFromCivil(from, 1, 1);
    loadedTo = daysFromCivil(to, 12, 31);
  }

  function working(day: number): boolean {
    const dow = weekday(day);
    if (dow === 0 || dow === 6) return false;
    ensureLoaded(day);
    return !closed.has(day);
  }

  function nextWorkingOnOrAfter(day: number): number {
    let d = day;
    while (!working(d)) d++;
    return d;
  }

  function addWorking(day: number, n: number): number {
    let d = day;
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; ) {
      d += step;
      if (working(d)) left--;
    }
    return d;
  }

  const calendar: WorkingDayCalendar = {
    region,
    receiptDay(receivedAt) {
      const { day, minutes } = londonDayAndMinutes(receivedAt);
      // After the cut-off the message is handled as if it arrived the next morning.
      const start = cutoffMinutes !== null && minutes >= cutoffMinutes ? day + 1 : day;
      return fromDayNumber(nextWorkingOnOrAfter(start));
    },
    addWorkingDays(fromIsoDate, n) {
      assertInteger(n, 'n');
      return fromDayNumber(addWorking(toDayNumber(fromIsoDate), n));
    },
    isWorkingDay(isoDate) {
      return working(toDayNumber(isoDate));
    },
    workingDaysBetween(a, b) {
      const from = toDayNumber(a);
      const to = toDayNumber(b);
      const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
      let count = 0;
      for (let d = lo + 1; d <= hi; d++) if (working(d)) count++;
      return sign * count;
    },
    rollForward(isoDate) {
      return fromDayNumber(nextWorkingOnOrAfter(toDayNumber(isoDate)));
    },
    addCalendarDays(isoDate, days) {
      assertInteger(days, 'days');
      return fromDayNumber(toDayNumber(isoDate) + days);
    },
    addMonths(isoDate, months) {
      assertInteger(months, 'months');
      return fromDayNumber(addMonths(toDayNumber(isoDate), months));
    },
    dueDate(receivedAt, n) {
      return calendar.addWorkingDays(calendar.receiptDay(receivedAt), n);
    },
  };
  return calendar;
}
