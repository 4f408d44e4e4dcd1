/**
 * UK local-government financial quarters: the year runs April to March, so Apr–Jun is Q1 and
 * Jan–Mar is Q4 of the year that started the April before. Labels read "2026-27 Q1".
 */
const LABEL = /^(\d{4})-(\d{2}) Q([1-4])$/;

export function financialQuarter(isoDate: string): string {
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  const start = m >= 4 ? y : y - 1;
  const q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')} Q${q}`;
}

export function financialYear(isoDate: string): string {
  return financialQuarter(isoDate).slice(0, 7);
}

/** The four quarter labels of a financial year given as "2026-27" (or just its starting year). */
export function quartersOfYear(year: string | number): string[] {
  const start = typeof year === 'number' ? year : Number(String(year).slice(0, 4));
  const label = `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
  return [1, 2, 3, 4].map((q) => `${label} Q${q}`);
}

/** First and last ISO dates of a quarter label. */
export function quarterRange(label: string): { from: string; to: string } {
  const m = LABEL.exec(label);
  if (!m) throw new RangeError(`Expected a financial quarter such as "2026-27 Q1", got "${label}"`);
  const start = Number(m[1]);
  const q = Number(m[3]);
  const firstMonth = ((q - 1) * 3 + 3) % 12; // 0-based: Q1 → April (3), Q4 → January (0)
  const year = q === 4 ? start + 1 : start;
  const from = new Date(Date.UTC(year, firstMonth, 1));
  const to = new Date(Date.UTC(year, firstMonth + 3, 0));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

export function isQuarterLabel(label: string): boolean {
  return LABEL.test(label);
}
