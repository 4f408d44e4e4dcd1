/**
 * Date-only arithmetic on "day numbers" (days since 1970-01-01). Deadlines are about calendar
 * dates, not instants, so working in whole days avoids time zones and DST entirely.
 * Conversions use Howard Hinnant's civil-date algorithms: pure integer maths, no Date objects.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(n: number): { y: number; m: number; d: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export function daysInMonth(y: number, m: number): number {
  return daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
}

/** Parses YYYY-MM-DD strictly (2026-02-30 is rejected rather than rolled over). */
export function toDayNumber(iso: string): number {
  const match = ISO_DATE.exec(iso);
  if (match) {
    const y = Number(match[1]);
    const m = Number(match[2]);
    const d = Number(match[3]);
    if (m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return daysFromCivil(y, m, d);
  }
  throw new RangeError(`Expected a date as YYYY-MM-DD, got "${iso}"`);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function fromDayNumber(n: number): string {
  const { y, m, d } = civilFromDays(n);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export function yearOf(n: number): number {
  return civilFromDays(n).y;
}

/** Adds whole calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(n: number, months: number): number {
  const { y, m, d } = civilFromDays(n);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

const READABLE = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
/** "2026-03-09" → "Mon 9 Mar 2026": how staff and residents read a date (ISO dates are for machines). */
export function readableDate(iso: string): string {
  return READABLE.format(new Date(`${iso}T12:00:00Z`));
}
