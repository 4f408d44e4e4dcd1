/**
 * UK bank holidays per nation from date-holidays. Only `type === 'public'` entries count:
 * the library also lists observances (Mother's Day, Easter Sunday…) that are not days off.
 * Substitute days (e.g. 27/28 Dec when Christmas falls at a weekend) are 'public' entries too.
 */
import Holidays from 'date-holidays';
import { fromDayNumber, toDayNumber } from './isoDate';

export const HOLIDAY_REGIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type HolidayRegion = (typeof HOLIDAY_REGIONS)[number];

// England and Wales share one list; date-holidays calls it GB-ENG.
const SUBDIVISION: Record<HolidayRegion, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

const libraries = new Map<HolidayRegion, Holidays>();
const cache = new Map<HolidayRegion, Map<number, readonly number[]>>();

function library(region: HolidayRegion): Holidays {
  let lib = libraries.get(region);
  if (!lib) {
    lib = new Holidays('GB', SUBDIVISION[region]);
    libraries.set(region, lib);
  }
  return lib;
}

/** Day numbers of the region's bank holidays in a year (weekend-dated originals included). Cached. */
export function bankHolidayDayNumbers(region: HolidayRegion, year: number): readonly number[] {
  let byYear = cache.get(region);
  if (!byYear) {
    byYear = new Map();
    cache.set(region, byYear);
  }
  let days = byYear.get(year);
  if (!days) {
    days = library(region)
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => toDayNumber(h.date.slice(0, 10)));
    byYear.set(year, days);
  }
  return days;
}

/** ISO dates of the region's bank holidays in a year, in order (for display and checks). */
export function bankHolidayDates(region: HolidayRegion, year: number): string[] {
  return [...bankHolidayDayNumbers(region, year)].sort((a, b) => a - b).map(fromDayNumber);
}
