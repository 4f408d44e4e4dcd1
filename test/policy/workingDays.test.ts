import {
  bankHolidayDates,
  createWorkingDayCalendar,
  dueDateFor,
  extendedDueDate,
} from '../../services/workingDays';

const england = createWorkingDayCalendar({ region: 'england-and-wales' });
const scotland = createWorkingDayCalendar({ region: 'scotland' });
const northernIreland = createWorkingDayCalendar({ region: 'northern-ireland' });

// Weekday bank holidays as published on GOV.UK (https://www.gov.uk/bank-holidays).
const ENGLAND_WEEKDAY_BANK_HOLIDAYS: Record<number, string[]> = {
  2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
  2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
  2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
  2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2028: ['01-03', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'],
};

/** The weekdays in a year that a calendar treats as non-working. */
function weekdaysOff(calendar: ReturnType<typeof createWorkingDayCalendar>, year: number): string[] {
  const off: string[] = [];
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
    const date = new Date(day);
    const iso = date.toISOString().slice(0, 10);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6 && !calendar.isWorkingDay(iso)) off.push(iso.slice(5));
  }
  return off;
}

describe('bank holidays in England and Wales', () => {
  test.each(Object.keys(ENGLAND_WEEKDAY_BANK_HOLIDAYS).map(Number))('%i: exactly the GOV.UK weekday bank holidays are days off', (year) => {
    expect(weekdaysOff(england, year)).toEqual(ENGLAND_WEEKDAY_BANK_HOLIDAYS[year]);
  });

  test('2026 bank holidays are the GOV.UK list (Boxing Day falls on a Saturday, so Monday 28th is the substitute)', () => {
    expect(bankHolidayDates('england-and-wales', 2026)).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-26', '2026-12-28',
    ]);
  });

  test.each([
    // Christmas Day and Boxing Day on a weekend: the substitute days are the following Monday and Tuesday.
    ['2021-12-24', '2021-12-29'],
    ['2027-12-24', '2027-12-29'],
    // Christmas on a Sunday (2022): Boxing Day Monday, Christmas substitute Tuesday.
    ['2022-12-23', '2022-12-28'],
    // Boxing Day on a Saturday (2026): substitute Monday 28th.
    ['2026-12-24', '2026-12-29'],
  ])('the working day after %s is %s', (from, next) => {
    expect(england.addWorkingDays(from, 1)).toBe(next);
  });

  test.each([
    [2024, '2024-03-29', '2024-04-01'],
    [2025, '2025-04-18', '2025-04-21'],
    [2026, '2026-04-03', '2026-04-06'],
    [2027, '2027-03-26', '2027-03-29'],
    [2028, '2028-04-14', '2028-04-17'],
  ])('Easter %i: Good Friday %s and Easter Monday %s are not working days', (_year, goodFriday, easterMonday) => {
    expect(england.isWorkingDay(goodFriday)).toBe(false);
    expect(england.isWorkingDay(easterMonday)).toBe(false);
    // Thursday before Easter to the Tuesday after is one working day.
    expect(england.workingDaysBetween(england.addWorkingDays(goodFriday, -1), england.addWorkingDays(easterMonday, 1))).toBe(1);
  });

  test('early May, spring and summer bank holidays, including the moved 2020 and extra 2023 ones', () => {
    for (const day of ['2025-05-05', '2025-05-26', '2025-08-25', '2020-05-08', '2023-05-08']) expect(england.isWorkingDay(day)).toBe(false);
    // In 2020 the early May bank holiday moved to Friday 8 May for VE Day, so Monday 4 May was a working day.
    expect(england.isWorkingDay('2020-05-04')).toBe(true);
  });
});

describe('bank holidays in Scotland and Northern Ireland', () => {
  test('Scotland has 2 January and St Andrew’s Day, and the summer holiday in early August, but not Easter Monday', () => {
    expect(scotland.isWorkingDay('2026-01-02')).toBe(false);
    expect(england.isWorkingDay('2026-01-02')).toBe(true);
    expect(scotland.isWorkingDay('2026-11-30')).toBe(false);
    expect(scotland.isWorkingDay('2025-12-01')).toBe(false); // St Andrew's Day 2025 is a Sunday
    expect(scotland.isWorkingDay('2026-04-06')).toBe(true);
    expect(scotland.isWorkingDay('2026-04-03')).toBe(false);
    expect(scotland.isWorkingDay('2026-08-03')).toBe(false);
    expect(scotland.isWorkingDay('2026-08-31')).toBe(true);
  });

  test('Northern Ireland has St Patrick’s Day and the Battle of the Boyne (12 July, or the Monday after)', () => {
    expect(northernIreland.isWorkingDay('2026-03-17')).toBe(false);
    expect(northernIreland.isWorkingDay('2024-03-18')).toBe(false); // 17 March 2024 is a Sunday
    expect(northernIreland.isWorkingDay('2027-07-12')).toBe(false);
    expect(northernIreland.isWorkingDay('2026-07-13')).toBe(false); // 12 July 2026 is a Sunday
    expect(england.isWorkingDay('2026-03-17')).toBe(true);
    expect(england.isWorkingDay('2027-07-12')).toBe(true);
  });
});

describe('counting working days', () => {
  test('the day of receipt is day 0 and one working day later is day 1', () => {
    const monday9am = new Date('2026-03-09T09:00:00Z');
    expect(england.receiptDay(monday9am)).toBe('2026-03-09');
    expect(england.dueDate(monday9am, 0)).toBe('2026-03-09');
    expect(england.dueDate(monday9am, 1)).toBe('2026-03-10');
    expect(england.dueDate(monday9am, 5)).toBe('2026-03-16');
  });

  test('a message sent on a Saturday counts from Monday', () => {
    const saturday = new Date('2026-03-14T10:00:00Z');
    expect(england.receiptDay(saturday)).toBe('2026-03-16');
    expect(england.dueDate(saturday, 5)).toBe('2026-03-23');
  });

  test('a message sent on a bank holiday counts from the next working day', () => {
    expect(england.receiptDay(new Date('2026-04-06T12:00:00Z'))).toBe('2026-04-07');
  });

  test('council closure days are skipped as well as bank holidays', () => {
    const closedOverNewYear = createWorkingDayCalendar({
      region: 'england-and-wales',
      closureDays: ['2026-12-29', '2026-12-30', '2026-12-31'],
    });
    expect(closedOverNewYear.addWorkingDays('2026-12-24', 1)).toBe('2027-01-04');
    expect(closedOverNewYear.isWorkingDay('2026-12-30')).toBe(false);
    expect(england.isWorkingDay('2026-12-30')).toBe(true);
  });

  test('a message after the cut-off counts as received the next working day', () => {
    const withCutoff = createWorkingDayCalendar({ region: 'england-and-wales', cutoff: '17:00' });
    expect(withCutoff.receiptDay(new Date('2026-03-10T16:59:00Z'))).toBe('2026-03-10');
    expect(withCutoff.receiptDay(new Date('2026-03-10T17:00:00Z'))).toBe('2026-03-11');
    // Friday evening counts from Monday.
    expect(withCutoff.receiptDay(new Date('2026-03-13T17:30:00Z'))).toBe('2026-03-16');
    // Without a cut-off a late message still counts that day.
    expect(england.receiptDay(new Date('2026-03-10T22:00:00Z'))).toBe('2026-03-10');
  });

  test('receipt uses London time: 23:30 UTC in summer is already the next day, in winter it is not', () => {
    expect(england.receiptDay(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(england.receiptDay(new Date('2026-01-14T23:30:00Z'))).toBe('2026-01-14');
    // London midnight in summer is 23:00 UTC, to the second.
    expect(england.receiptDay(new Date('2026-03-30T22:59:59Z'))).toBe('2026-03-30');
    expect(england.receiptDay(new Date('2026-03-30T23:00:00Z'))).toBe('2026-03-31');
    // Saturday 23:30 UTC on the night the clocks change is still Saturday in London, so Monday counts.
    expect(england.receiptDay(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-30');
  });

  test('the cut-off is London time, so it moves with British Summer Time', () => {
    const withCutoff = createWorkingDayCalendar({ region: 'england-and-wales', cutoff: '17:00' });
    // 16:30 UTC is 17:30 in London in July.
    expect(withCutoff.receiptDay(new Date('2026-07-01T16:30:00Z'))).toBe('2026-07-02');
    expect(withCutoff.receiptDay(new Date('2026-01-14T16:30:00Z'))).toBe('2026-01-14');
  });

  test('working days between two dates counts the days after the first up to and including the second', () => {
    expect(england.workingDaysBetween('2026-04-02', '2026-04-08')).toBe(2);
    expect(england.workingDaysBetween('2026-04-08', '2026-04-02')).toBe(-2);
    expect(england.workingDaysBetween('2026-04-08', '2026-04-08')).toBe(0);
    expect(england.addWorkingDays('2026-04-02', england.workingDaysBetween('2026-04-02', '2026-04-08'))).toBe('2026-04-08');
    expect(england.addWorkingDays('2026-04-07', -1)).toBe('2026-04-02');
  });

  test('counting works across many years', () => {
    expect(england.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(253);
    // 2 January is itself a working day, so 252 remain in 2026; 1 January 2027 is a bank holiday.
    expect(england.addWorkingDays('2026-01-02', 253)).toBe('2027-01-04');
  });

  test('bad input is refused rather than guessed', () => {
    expect(() => england.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => england.addWorkingDays('2026-03-10', 1.5)).toThrow(RangeError);
    expect(() => england.receiptDay(new Date('not a date'))).toThrow(RangeError);
    expect(() => createWorkingDayCalendar({ region: 'england-and-wales', cutoff: '25:00' })).toThrow(/HH:MM/);
    expect(() => createWorkingDayCalendar({ region: 'wales' as never })).toThrow(/Unknown bank-holiday region/);
  });
});

describe('deadlines from policy rules', () => {
  test('working days can run from acknowledgement rather than receipt', () => {
    const rule = { days: 10, unit: 'working_days', from: 'acknowledgement' } as const;
    expect(dueDateFor(england, rule, { receipt: '2026-03-02', acknowledgement: '2026-03-05' })).toBe('2026-03-19');
    expect(() => dueDateFor(england, rule, { receipt: '2026-03-02' })).toThrow(/acknowledgement date/);
  });

  test('weeks are counted on the calendar and a deadline on a bank holiday moves to the next working day', () => {
    const tenWeeks = { days: 10, unit: 'weeks', from: 'receipt' } as const;
    expect(dueDateFor(england, tenWeeks, { receipt: '2026-03-02' })).toBe('2026-05-11');
    expect(dueDateFor(england, tenWeeks, { receipt: '2026-03-16' })).toBe('2026-05-26');
  });

  test('calendar days and months roll forward off weekends, and a month from 31 January ends in February', () => {
    expect(dueDateFor(england, { days: 28, unit: 'calendar_days' }, { receipt: '2026-03-04' })).toBe('2026-04-01');
    const oneMonth = { days: 1, unit: 'months', from: 'stage1_response' } as const;
    expect(dueDateFor(england, oneMonth, { stage1_response: '2026-01-30' })).toBe('2026-03-02'); // 28 Feb is a Saturday
    expect(dueDateFor(england, oneMonth, { stage1_response: '2024-01-31' })).toBe('2024-02-29');
  });

  test('an extension runs on from the original due date, or has no limit', () => {
    expect(extendedDueDate(england, '2026-03-19', 10)).toBe('2026-04-02');
    expect(extendedDueDate(england, '2026-03-19', null)).toBeNull();
  });
});
