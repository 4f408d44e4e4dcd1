/** Calendar dates and wall-clock times in Europe/London, whatever the server's time zone. */
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function londonFields(ms: number): { y: number; m: number; d: number; h: number; min: number } {
  const p: Record<string, number> = {};
  for (const part of parts.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year, m: p.month, d: p.day, h: p.hour, min: p.minute };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The London calendar date (YYYY-MM-DD) at an instant. */
export function londonDate(at: Date): string {
  const { y, m, d } = londonFields(at.getTime());
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** The instant when London clocks show `hhmm` on `isoDate` (DST-aware). */
export function londonInstant(isoDate: string, hhmm: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  const [h, min] = hhmm.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h, min);
  const offsetAt = (ms: number) => {
    const f = londonFields(ms);
    return Date.UTC(f.y, f.m - 1, f.d, f.h, f.min) - Math.floor(ms / 60_000) * 60_000;
  };
  // Two passes settle the offset on either side of a clock change.
  let utc = wall - offsetAt(wall);
  utc = wall - offsetAt(utc);
  return new Date(utc);
}
