/**
 * The annual report and the Code self-assessment as a manager reads them through the tab's API,
 * over a year of seeded cases whose figures this test works out for itself from the plan
 * (test/support/governanceSeed.ts: its own working-day arithmetic, not the product's).
 */
import { CaseService } from '../../services/cases';
import { addWorking, isHousing, seed, workingBetween, type PlannedCase, type PlannedStage } from '../support/governanceSeed';
import { TENANT } from './support/activities';
import { startTeamsTestApp, TeamsTestApp } from './support/app';
import { LocalIssuer, startLocalIssuer } from './support/jwks';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = `api://bot.example.org/${APP_ID}`;
const MANAGER = '00000000-0000-4000-8000-0000000000a7';
const INVESTIGATOR = '00000000-0000-4000-8000-0000000000b7';

jest.setTimeout(120_000);

let t: TeamsTestApp;
let issuer: LocalIssuer;
let planned: PlannedCase[];

beforeAll(async () => {
  issuer = await startLocalIssuer();
  t = await startTeamsTestApp('teams_annual', { COUNCIL: 'oadby-wigston', TEAMS_TENANT_ID: TENANT, TEAMS_SSO_AUDIENCE: AUDIENCE, TEAMS_SSO_JWKS_URL: issuer.jwksUrl });
  await t.app.teams.staff.grant({ aadObjectId: MANAGER, name: 'Alex Jones' }, 'manager');
  await t.app.teams.staff.grant({ aadObjectId: INVESTIGATOR, name: 'Sam Patel' }, 'investigator');
  let now = new Date('2026-06-01T10:00:00Z');
  const cases = new CaseService({ connection: t.db.connection, council: 'oadby-wigston', clock: () => now, reminders: false });
  planned = await seed(cases, (day) => (now = new Date(`${day}T10:00:00Z`)));
});
afterAll(async () => {
  await t?.close();
  await issuer?.close();
});

const token = (oid: string) => issuer.sign({ aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid, name: oid === MANAGER ? 'Alex Jones' : 'Sam Patel' });
async function call(path: string, oid = MANAGER, init: RequestInit = {}): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const res = await fetch(`${t.url}${path}`, { ...init, headers: { authorization: `Bearer ${await token(oid)}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, text, headers: res.headers };
}

// ---- the figures, worked out from the plan ------------------------------------------------
const count = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;
const tallyOf = (xs: string[]) => xs.reduce<Record<string, number>>((o, x) => ({ ...o, [x]: (o[x] ?? 0) + 1 }), {});
const pct = (met: number, of: number) => (of ? Math.round((1000 * met) / of) / 10 : null);
const ratio = (met: number, of: number) => ({ met, of, percent: pct(met, of) });
const stage1 = () => planned.filter((p) => p.s1).map((p) => ({ p, s: p.s1! }));
const stage2 = () => planned.filter((p) => p.s2).map((p) => ({ p, s: p.s2! }));
const codeAck = (s: PlannedStage) => workingBetween(s.startedOn, s.ackOn) <= 5;
const codeAnswer = (s: PlannedStage, days: number) => workingBetween(s.ackOn, s.respondedOn!) <= days + (s.extendedBy ? days : 0);
const packAnswer = (s: PlannedStage, days: number) => s.respondedOn! <= addWorking(addWorking(s.startedOn, days), s.extendedBy ?? 0);

test('a manager reads the year: volumes, timeliness against the pack and the Code, escalations, outcomes, signposting, ombudsman and learning', async () => {
  const res = await call('/api/tab/annual-report?year=2026-27');
  expect(res.status).toBe(200);
  const r = res.body.report;
  expect(r).toMatchObject({ council: 'oadby-wigston', financialYear: '2026-27', quarter: null, period: { from: '2026-04-01', to: '2027-03-31' }, codes: ['lgsco', 'housing'] });

  const kinds = planned.map((p) => (p.s1 ? 'complaint' : p.kind)); // the converted service request is a complaint now
  expect(r.received.total).toBe(planned.length);
  expect(r.received.byKind).toEqual(tallyOf(kinds));
  expect(r.received.byChannel).toEqual(tallyOf(planned.map((p) => p.channel)));
  expect(r.received.byServiceArea).toEqual(tallyOf(planned.map((p) => p.area)));
  expect(r.received.byStage).toEqual({ service_request: count(planned, (p) => p.kind === 'service_request'), stage1: stage1().length, stage2: stage2().length, ombudsman: count(planned, (p) => !!p.ombudsmanOn) });
  expect(r.received.byQuarter).toEqual({ '2026-27 Q1': count(planned, (p) => p.receivedOn < '2026-07-01'), '2026-27 Q2': count(planned, (p) => p.receivedOn >= '2026-07-01'), '2026-27 Q3': 0, '2026-27 Q4': 0 });

  const s1 = stage1();
  const answered1 = s1.filter(({ s }) => s.respondedOn);
  const extended = answered1.filter(({ s }) => s.extendedBy);
  expect(r.timeliness.stage1).toEqual({
    received: s1.length,
    acknowledged: s1.length,
    acknowledgedOnTime: ratio(count(s1, ({ s }) => s.ackOn <= addWorking(s.startedOn, 5)), s1.length),
    acknowledgedWithinCode: ratio(count(s1, ({ s }) => codeAck(s)), s1.length),
    responded: answered1.length,
    respondedOnTime: ratio(count(answered1, ({ s }) => packAnswer(s, 10)), answered1.length),
    respondedWithinCode: ratio(count(answered1, ({ s }) => codeAnswer(s, 10)), answered1.length),
    averageWorkingDaysToRespond: Math.round((10 * answered1.reduce((n, { s }) => n + workingBetween(s.startedOn, s.respondedOn!), 0)) / answered1.length) / 10,
    extensions: {
      extended: extended.length,
      averageWorkingDays: Math.round((10 * extended.reduce((n, { s }) => n + s.extendedBy!, 0)) / extended.length) / 10,
      longestWorkingDays: Math.max(...extended.map(({ s }) => s.extendedBy!)),
      beyondPackLimit: 0, // this council sets no limit
      beyondCodeLimit: count(extended, ({ s }) => s.extendedBy! > 10),
    },
    decisions: { upheld: 0, partly_upheld: 0, not_upheld: 0, resolved: 0, ...tallyOf(answered1.map(({ s }) => s.decision!)) },
  });
  // The plan has each kind of figure in it, so none of the checks above is trivially zero.
  expect(r.timeliness.stage1.acknowledgedWithinCode.met).toBeLessThan(s1.length);
  expect(r.timeliness.stage1.respondedWithinCode.met).not.toBe(r.timeliness.stage1.respondedOnTime.met);
  expect(r.timeliness.stage1.extensions.beyondCodeLimit).toBeGreaterThan(0);

  const s2 = stage2();
  expect(r.timeliness.stage2).toMatchObject({
    received: s2.length,
    acknowledgedWithinCode: ratio(count(s2, ({ s }) => codeAck(s)), s2.length),
    responded: s2.length,
    respondedOnTime: ratio(count(s2, ({ s }) => packAnswer(s, 20)), s2.length),
    respondedWithinCode: ratio(count(s2, ({ s }) => codeAnswer(s, 20)), s2.length),
  });
  const srs = planned.filter((p) => p.sr);
  expect(r.timeliness.serviceRequests).toMatchObject({ received: 4, responded: srs.length, respondedOnTime: ratio(count(srs, (p) => p.sr!.respondedOn <= addWorking(p.receivedOn, 10)), srs.length), acknowledgedWithinCode: null });

  expect(r.escalations).toEqual({ stage1Responded: answered1.length, escalatedToStage2: ratio(s2.length, answered1.length), serviceRequestsBecameComplaints: 1 });
  expect(r.outcomes.stage2).toEqual({ upheld: 0, partly_upheld: s2.length, not_upheld: 0, resolved: 0 });
  expect(r.notHandled).toMatchObject({
    signposted: tallyOf(planned.flatMap((p) => p.signposted)),
    outOfTimeAccepted: count(planned, (p) => p.outOfTime && !!p.s1),
    closedByReason: { withdrawn: count(planned, (p) => !!p.withdrawnOn) },
  });
  expect(r.ombudsman).toEqual({ referred: count(planned, (p) => !!p.ombudsmanOn), byBody: tallyOf(planned.filter((p) => p.ombudsmanOn).map((p) => (isHousing(p) ? 'housing' : 'lgsco'))), closedAfterOmbudsmanDecision: 0 });
  const learnt = planned.filter((p) => p.learning);
  expect(r.learning).toMatchObject({ recorded: learnt.length, byTheme: tallyOf(learnt.map((p) => p.learning!)) });
  expect(r.learning.points.map((l: { reference: string }) => l.reference).sort()).toEqual(learnt.map((p) => p.reference).sort());
  // Nobody was asked the survey in this seed: every quarter is there, with nothing counted.
  expect(r.survey).toMatchObject({ invited: 0, answered: 0 });
  expect(Object.keys(r.survey.byQuarter)).toHaveLength(4);
  expect(r.learning.actions.total).toBe(0);
  // Case references only: no names, contact details or what residents wrote.
  expect(res.text).not.toMatch(/Jane|Smith|example\.org|Seeded|hospital|Tell residents/);
});

test('a quarter on its own counts only what happened in it', async () => {
  const q1 = (await call('/api/tab/annual-report?year=2026-27&quarter=Q1')).body.report;
  expect(q1.period).toEqual({ from: '2026-04-01', to: '2026-06-30' });
  expect(q1.received.total).toBe(count(planned, (p) => p.receivedOn < '2026-07-01'));
  const ackedInQ1 = stage1().filter(({ s }) => s.ackOn < '2026-07-01');
  expect(q1.timeliness.stage1.acknowledgedWithinCode).toEqual(ratio(count(ackedInQ1, ({ s }) => codeAck(s)), ackedInQ1.length));
});

test('the self-assessment quotes each evidenced provision with its figure and cases, per Code and its scope', async () => {
  const { selfAssessments } = (await call('/api/tab/annual-report?year=2026-27')).body;
  expect(selfAssessments.map((s: { code: string }) => s.code)).toEqual(['lgsco', 'housing']);
  for (const sa of selfAssessments) {
    const inScope = (p: PlannedCase) => (sa.code === 'housing' ? isHousing(p) : !isHousing(p));
    const s1 = stage1().filter(({ p }) => inScope(p));
    const ack = sa.evidenced.find((e: { section: string }) => e.section === '6.2');
    const met = count(s1, ({ s }) => codeAck(s));
    expect(ack.figure).toEqual(ratio(met, s1.length));
    expect(ack.statement).toBe(`acknowledged within 5 working days: ${met} of ${s1.length} stage 1 complaints acknowledged, ${Math.floor((100 * met) / s1.length)}%`);
    expect([...ack.cases].sort()).toEqual(s1.map(({ p }) => p.reference).sort());
    expect([...ack.shortfalls].sort()).toEqual(s1.filter(({ s }) => !codeAck(s)).map(({ p }) => p.reference).sort());

    const answered = s1.filter(({ s }) => s.respondedOn);
    expect(sa.evidenced.find((e: { section: string }) => e.section === '6.3').figure).toEqual(ratio(count(answered, ({ s }) => codeAnswer(s, 10)), answered.length));
    const ext = answered.filter(({ s }) => s.extendedBy);
    expect(sa.evidenced.find((e: { section: string }) => e.section === '6.4').figure).toEqual(ratio(count(ext, ({ s }) => s.extendedBy! <= 10), ext.length));
    const s2 = stage2().filter(({ p }) => inScope(p));
    expect(sa.evidenced.find((e: { section: string }) => e.section === '6.13').figure).toEqual(ratio(s2.length, s2.length));
    expect(sa.evidenced.find((e: { section: string }) => e.section === '6.14').figure).toEqual(ratio(count(s2, ({ s }) => codeAnswer(s, 20)), s2.length));
    // Provisions only the council can answer are listed, unanswered.
    expect(sa.toAnswer.map((q: { section: string }) => q.section)).toEqual(expect.arrayContaining(['1.2', '3.2', '4.1', '8.2']));
    expect(sa.toAnswer.every((q: { answer: unknown }) => q.answer === null)).toBe(true);
  }
  // The Member Responsible for Complaints is 9.5 in both Codes; what could not be confirmed against a Code's text is said beside it.
  for (const sa of selfAssessments) expect(sa.toAnswer.find((q: { section: string }) => q.section === '9.5')).toMatchObject({ requirement: expect.stringMatching(/Member Responsible for Complaints/), uncertain: null });
  expect(selfAssessments[0].evidenced.find((e: { section: string }) => e.section === '6.14').uncertain).toMatch(/LGSCO Code’s stage 2 paragraphs were not found/);
  expect(selfAssessments[0].evidenced.find((e: { section: string }) => e.section === '6.2').uncertain).toBeNull();
  // Each Code's provisions are numbered once.
  for (const sa of selfAssessments) {
    const sections = [...sa.evidenced, ...sa.toAnswer].map((p: { section: string }) => p.section);
    expect(new Set(sections).size).toBe(sections.length);
  }
});

test('a manager saves an answer; it is kept in the database and shown and exported with the report; others and bad input are refused', async () => {
  const answer = { financialYear: '2026-27', code: 'lgsco', section: '5.6', complies: 'partly', evidence: 'Adjustments are recorded on every case.', improvement: 'Review them each quarter.' };
  const saved = await call('/api/tab/self-assessment/answers', MANAGER, { method: 'POST', body: JSON.stringify(answer) });
  expect(saved.status).toBe(200);
  expect(saved.body.saved).toEqual({ code: 'lgsco', financialYear: '2026-27', section: '5.6', complies: 'partly', answeredBy: 'Alex Jones' });
  const stored = await t.db.connection.collection('self_assessment_answers').find({}).toArray();
  expect(stored).toEqual([expect.objectContaining({ _id: 'oadby-wigston|lgsco|2026-27|5.6', complies: 'partly', evidence: answer.evidence, improvement: answer.improvement, answeredBy: { id: MANAGER, name: 'Alex Jones' } })]);

  const again = await call('/api/tab/self-assessment/answers', MANAGER, { method: 'POST', body: JSON.stringify({ ...answer, complies: 'yes', improvement: undefined }) });
  expect(again.status).toBe(200);
  expect(await t.db.connection.collection('self_assessment_answers').countDocuments({})).toBe(1); // replaced, not added

  const sa = (await call('/api/tab/annual-report?year=2026-27')).body.selfAssessments[0];
  expect(sa.toAnswer.find((q: { section: string }) => q.section === '5.6').answer).toMatchObject({ complies: 'yes', evidence: answer.evidence, improvement: null, answeredBy: 'Alex Jones' });
  expect(sa.answered).toBe(1);

  const refusals = [
    [INVESTIGATOR, answer, 403],
    [MANAGER, { ...answer, section: '6.2' }, 400], // evidenced from the records
    [MANAGER, { ...answer, complies: { $ne: 'x' } }, 400],
    [MANAGER, { ...answer, $where: '1' }, 400],
    [MANAGER, { ...answer, evidence: '' }, 400],
    [MANAGER, { ...answer, financialYear: '2026-28' }, 400],
  ] as const;
  for (const [who, body, status] of refusals) expect((await call('/api/tab/self-assessment/answers', who, { method: 'POST', body: JSON.stringify(body) })).status).toBe(status);
  expect(await t.db.connection.collection('self_assessment_answers').countDocuments({})).toBe(1);

  const json = await call('/api/tab/annual-report/export?year=2026-27&format=json');
  expect(json.headers.get('content-disposition')).toBe('attachment; filename="complaints-oadby-wigston-2026-27.json"');
  expect(json.body.selfAssessments[0].toAnswer.find((q: { section: string }) => q.section === '5.6').answer.complies).toBe('yes');
  const csv = await call('/api/tab/annual-report/export?year=2026-27&format=csv&part=self-assessment&code=lgsco');
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(csv.text.split('\r\n')[0]).toBe('code,financial_year,section,requirement,evidenced_by,met,of,percent,statement_or_answer,improvement,cases,shortfalls,to_check');
  expect(csv.text).toMatch(/\r\nlgsco,2026-27,5\.6,[^\r]*,"council \(yes, \d{4}-\d{2}-\d{2}\)",,,,Adjustments are recorded on every case\.,,,,\r\n/);
  const reportCsv = await call('/api/tab/annual-report/export?year=2026-27&format=csv');
  expect(reportCsv.text).toContain(`received,total,${planned.length}\r\n`);
  expect(reportCsv.text).toContain(`timeliness,stage1.acknowledgedWithinCode.met,${count(stage1(), ({ s }) => codeAck(s))}\r\n`);
});

test('the governance routes are for managers only, and check what they are asked', async () => {
  expect((await call('/api/tab/annual-report?year=2026-27', INVESTIGATOR)).status).toBe(403);
  expect((await call('/api/tab/annual-report/export?year=2026-27&format=csv', INVESTIGATOR)).status).toBe(403);
  expect((await fetch(`${t.url}/api/tab/annual-report?year=2026-27`)).status).toBe(401);
  expect((await call('/api/tab/annual-report?year=2026-28')).status).toBe(400);
  expect((await call('/api/tab/annual-report?year=2026-27&quarter=Q5')).status).toBe(400);
  expect((await call('/api/tab/annual-report?year[$gt]=')).status).toBe(400);
  expect((await call('/api/tab/annual-report/export?year=2026-27&format=xml')).status).toBe(400);
});
