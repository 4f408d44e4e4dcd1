/** A figure as "met of total": what the self-assessment quotes and the report's tables show. */
export interface Ratio {
  met: number;
  of: number;
  /** One decimal place; null when there is nothing to count. */
  percent: number | null;
}

export const ratio = (met: number, of: number): Ratio => ({ met, of, percent: of === 0 ? null : Math.round((1000 * met) / of) / 10 });

/** Whole per cent, rounded down, so that 99.6% is never read as "all of them" (100%). */
export const wholePercent = (r: Ratio): string => (r.of === 0 ? 'none to count' : `${Math.floor((100 * r.met) / r.of)}%`);
