/** Small folding helpers for report figures. */
export function tally<T>(items: readonly T[], key: (item: T) => string | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item) ?? 'none';
    out[k] = (out[k] ?? 0) + 1;
  }
  // Largest first, then by name, so reports read the same every time.
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);
