/** Report figures on a small seeded set, as a complaints manager would read them. UK financial quarters: Apr–Jun is Q1. */
import type { Database } from '../../services/database/database';
import type { CaseService } from '../../services/cases';
import { CaseReports, complimentsCsv, financialQuarter, ombudsmanReturnCsv, quarterlyReportCsv, quarterRange } from '../../services/reports';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, draft, manager, officer, resident, reviewer, service, staffRef, testClock } from './support';

let db: Database;
const clock = testClock('2026-03-30T10:00:00Z');
let cases: CaseService;
let reports: CaseReports;

const at = (day: string) => clock.set(`${day}T10:00:00Z`);
async function open(day: string, extra: Parameters<typeof draft>[0] = {}): Promise<string> {
  at(day);
  return (await cases.open(draft({ receivedAt: new Date(`${day}T10:00:00Z`), ...extra }), { commandId: cmd() })).reference;
}
const base = (reference: string, actor = officer) => ({ reference, commandId: cmd(), actor });
async function respond(reference: string, day: string, decision: 'upheld' | 'not_upheld' | 'partly_upheld' | 'resolved', learning: string[] = [], actor = officer) {
  at(day);
  await cases.respond({ ...base(reference, actor), decision, points: [{ issue: 1, decision, reasons: 'r' }], reasons: 'r', remedy: 'm', learningPoints: learning.map((theme) => ({ theme, detail: 'd' })) });
}

beforeAll(async () => {
  db = await openTestDb('cases_reports');
  cases = service(db, { clock: clock.now, reminders: false });
  reports = new CaseReports({ connection: db.connection, council: 'oadby-wigston' });

  // E: received in 2025-26 Q4, acknowledged then, answered in Q1 on time (5 working days).
  const e = await open('2026-03-30');
  at('2026-03-31');
  await cases.acknowledge(base(e));
  await respond(e, '2026-04-08', 'resolved');

  // A: waste complaint by web chat; acknowledged and answered on time.
  const a = await open('2026-04-01');
  at('2026-04-02');
  await cases.acknowledge(base(a));
  await respond(a, '2026-04-10', 'upheld', ['Missed collections']);

  // B: housing repairs via Facebook; late at stage 1, reviewed at stage 2 in time, then to the Housing Ombudsman.
  const b = await open('2026-04-01', { serviceAreas: ['housing_repairs'], source: { channel: 'facebook' } });
  at('2026-04-13');
  await cases.acknowledge(base(b));
  await respond(b, '2026-04-20', 'not_upheld');
  at('2026-04-21');
  await cases.escalate({ ...base(b), actor: resident, reviewer: staffRef(reviewer) });
  // A stage 2 review is acknowledged before it is answered (the Codes).
  await cases.acknowledge(base(b, reviewer));
  await respond(b, '2026-04-30', 'partly_upheld', [], reviewer);
  at('2026-05-05');
  await cases.referToOmbudsman(base(b, manager));

  // C: a compliment; D: a service request answered after the May bank holiday.
  await open('2026-05-01', { kind: 'compliment', serviceAreas: ['parks_open_spaces'], description: 'The park staff were brilliant.' });
  const d = await open('2026-05-01', { kind: 'service_request' });
  at('2026-05-05');
  await cases.respond({ ...base(d), summary: 'Collected.' });
});
afterAll(() => dropTestDb(db));

test('quarters are UK financial quarters', () => {
  expect(financialQuarter('2026-04-01')).toBe('2026-27 Q1');
  expect(financialQuarter('2026-03-31')).toBe('2025-26 Q4');
  expect(financialQuarter('2027-01-15')).toBe('2026-27 Q4');
  expect(quarterRange('2026-27 Q4')).toEqual({ from: '2027-01-01', to: '2027-03-31' });
});

test('the quarterly report: volumes, timeliness, themes and the compliments register', async () => {
  const r = await reports.quarterly('2026-27 Q1');
  expect(r.period).toEqual({ from: '2026-04-01', to: '2026-06-30' });
  expect(r.received).toEqual({
    total: 4,
    byKind: { complaint: 2, compliment: 1, service_request: 1 },
    byServiceArea: { waste_recycling: 2, housing_repairs: 1, parks_open_spaces: 1 },
    byChannel: { webchat: 3, facebook: 1 },
    byStage: { service_request: 1, stage1: 2, stage2: 1, ombudsman: 1 },
  });
  expect(r.timeliness.stage1).toEqual({
    received: 2,
    acknowledged: 2,
    acknowledgedOnTime: 1,
    acknowledgedOnTimePercent: 50,
    responded: 3,
    respondedOnTime: 2,
    respondedOnTimePercent: 66.7,
    averageWorkingDaysToRespond: 7,
    decisions: { upheld: 1, partly_upheld: 0, not_upheld: 1, resolved: 1 },
  });
  expect(r.timeliness.stage2).toMatchObject({ received: 1, responded: 1, respondedOnTime: 1, respondedOnTimePercent: 100, averageWorkingDaysToRespond: 7 });
  expect(r.timeliness.serviceRequests).toMatchObject({ received: 1, responded: 1, respondedOnTimePercent: 100, averageWorkingDaysToRespond: 1 });
  expect(r.themes).toEqual({ complaintServiceAreas: { housing_repairs: 1, waste_recycling: 1 }, learningPoints: { 'missed collections': 1 } });
  expect(r.compliments).toEqual([{ reference: expect.stringMatching(/^OWBC-2026-/), receivedOn: '2026-05-01', serviceAreas: ['parks_open_spaces'], channel: 'webchat', summary: 'The park staff were brilliant.' }]);

  const previous = await reports.quarterly('2025-26 Q4');
  expect(previous.received.total).toBe(1);
  expect(previous.timeliness.stage1).toMatchObject({ received: 1, acknowledged: 1, responded: 0 });
});

test('the Housing Ombudsman return counts housing complaints only', async () => {
  const ret = await reports.housingOmbudsmanReturn('2026-27', { homes: 1000 });
  expect(ret).toMatchObject({
    financialYear: '2026-27',
    stage1: { received: 1, responded: 1, respondedWithinTimescale: 0, percentWithinTimescale: 0, averageWorkingDays: 11 },
    stage2: { received: 1, responded: 1, respondedWithinTimescale: 1, percentWithinTimescale: 100, averageWorkingDays: 7 },
    referredToOmbudsman: 1,
    outcomes: { stage1: { not_upheld: 1 }, stage2: { partly_upheld: 1 } },
    tsm: { CH01_stage1Per1000Homes: 1, CH01_stage2Per1000Homes: 1, CH02_stage1PercentWithinTimescale: 0, CH02_stage2PercentWithinTimescale: 100 },
  });
});

test('CSV exports', async () => {
  const r = await reports.quarterly('2026-27 Q1');
  const csv = quarterlyReportCsv(r);
  expect(csv.split('\r\n')[0]).toBe('section,measure,value');
  expect(csv).toContain('timeliness,stage1.respondedOnTimePercent,66.7\r\n');
  expect(csv).toContain('received,byChannel.facebook,1\r\n');
  expect(complimentsCsv(r.compliments)).toMatch(/^reference,received_on,service_areas,channel,summary\r\nOWBC-2026-\d{6},2026-05-01,parks_open_spaces,webchat,The park staff were brilliant\.\r\n$/);
  expect(complimentsCsv([{ reference: 'X', receivedOn: 'd', serviceAreas: [], channel: 'c', summary: '=HYPERLINK("x"), "quoted"' }])).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
  expect(ombudsmanReturnCsv(await reports.housingOmbudsmanReturn('2026-27'))).toContain('stage2,percentWithinTimescale,100\r\n');
});
