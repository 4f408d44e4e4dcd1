/**
 * The learning register through the real bot and database: staff record what a case taught the
 * council from its Teams card (with an action, its owner and due date), mark the action done, and
 * read the register in the tab's API by status, service area and theme; the annual report and its
 * CSV carry it. Refusals are in plain words and change nothing.
 */
import { CaseService } from '../../services/cases';
import { financialYear } from '../../services/cases/financialQuarter';
import { LearningRegister } from '../../services/learning/learningRegister';
import { londonDate } from '../../services/workingDays/londonTime';
import { cardAction, person, post, TENANT } from './support/activities';
import { openCase, startTeamsTestApp, TeamsTestApp } from './support/app';
import { cardActions, cardProblems, cardText } from './support/cards';
import { LocalIssuer, startLocalIssuer } from './support/jwks';
import { FakeTeams, startFakeTeams } from './support/teamsChannel';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = `api://bot.example.org/${APP_ID}`;
const manager = person('Alex Jones', '00000000-0000-4000-8000-0000000000a7');
const investigator = person('Sam Patel', '00000000-0000-4000-8000-0000000000b7');
const outsider = person('Chris Doe', '00000000-0000-4000-8000-0000000000d7');

const DAY = 86_400_000;
const isoIn = (days: number) => londonDate(new Date(Date.now() + days * DAY));
const readable = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).replace(/,(?= \d)/, ',');

describe('the learning register', () => {
  let t: TeamsTestApp;
  let teams: FakeTeams;
  let issuer: LocalIssuer;
  const seenCards: unknown[] = [];
  const staffActor = (p: typeof manager) => ({ id: p.aadObjectId, name: p.name, role: 'staff' as const });
  let n = 0;
  const cmd = () => `learning-test-${Date.now()}-${++n}`;

  beforeAll(async () => {
    teams = await startFakeTeams();
    issuer = await startLocalIssuer();
    t = await startTeamsTestApp('teams_learning', { TEAMS_TENANT_ID: TENANT, TEAMS_SSO_AUDIENCE: `${AUDIENCE},${APP_ID}`, TEAMS_SSO_JWKS_URL: issuer.jwksUrl });
    await t.app.teams.staff.grant({ aadObjectId: manager.aadObjectId, name: manager.name, teamsUserId: manager.id }, 'manager');
    await t.app.teams.staff.grant({ aadObjectId: investigator.aadObjectId, name: investigator.name, teamsUserId: investigator.id }, 'investigator');
  });
  afterAll(async () => {
    for (const card of seenCards) expect(cardProblems(card)).toEqual([]);
    // Staff's learning words and names stay out of the logs, like everything people write.
    expect(t.logs.join('\n')).not.toMatch(/route sheet|Sam Patel|crew briefing/i);
    await t?.close();
    await teams?.close();
    await issuer?.close();
  });

  const token = (p: typeof manager) => issuer.sign({ aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: p.aadObjectId, name: p.name });
  async function api(path: string, who = manager): Promise<{ status: number; body: any; text: string }> {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${await token(who)}` } });
    const text = await res.text();
    let body: unknown = null;
    try { body = JSON.parse(text); } catch { /* a CSV */ }
    return { status: res.status, body, text };
  }

  async function press(who: typeof manager, verb: string, data: Record<string, unknown>, id?: string) {
    const res = await post(t.url, cardAction({ serviceUrl: teams.serviceUrl }, who, verb, data, { id }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    seenCards.push(res.body.value);
    return { card: res.body.value, text: cardText(res.body.value) };
  }
  const version = async (reference: string) => (await t.cases.getByReference(reference))!.version;

  /** A complaint answered at stage 1 by the investigator. */
  async function answered(serviceArea: 'waste_recycling' | 'housing_repairs' = 'waste_recycling') {
    const reference = await openCase(t.cases, { serviceAreas: [serviceArea] });
    await t.cases.acknowledge({ reference, commandId: cmd(), actor: staffActor(investigator) });
    await t.cases.respond({ reference, commandId: cmd(), actor: staffActor(investigator), decision: 'upheld', points: [{ issue: 1, decision: 'upheld', reasons: 'The crew missed it.' }], reasons: 'The crew missed it.', remedy: 'Collected the next day.' });
    return reference;
  }

  test('the card offers recording learning only once the case is answered; before that the refusal says why and records nothing', async () => {
    const open = await openCase(t.cases);
    const fresh = await press(investigator, 'refreshCard', { reference: open });
    expect(cardActions(fresh.card).map((a) => a.verb)).not.toContain('recordLearning');
    const before = await version(open);
    const refused = await press(investigator, 'recordLearning', { reference: open, version: before, learningTheme: 'Delay', learningDetail: 'Too slow.' });
    expect(refused.text).toMatch(new RegExp(`Case ${open} is a complaint at stage 1 \\(first response\\), so it can't be given a learning point yet\\. Record what was learnt once the case has been responded to or closed\\.`));
    expect(await version(open)).toBe(before);

    const reference = await answered();
    const card = await press(investigator, 'refreshCard', { reference });
    expect(cardActions(card.card).map((a) => a.verb)).toContain('recordLearning');
    expect(JSON.stringify(card.card)).toContain('"title":"Sam Patel","value":"' + investigator.aadObjectId + '"');
  });

  test('learning with an action is recorded from the card once (a retried invoke too), shown with its owner and due date, and marked done later', async () => {
    const reference = await answered();
    const due = isoIn(14);
    const half = await press(investigator, 'recordLearning', { reference, version: await version(reference), learningTheme: 'Communication', learningDetail: 'x', actionText: 'Brief the crews.' });
    expect(half.text).toMatch(/Choose who owns the action/);
    expect(half.text).toMatch(/Choose the date the action is due by/);

    const data = {
      reference,
      version: await version(reference),
      learningTheme: 'Communication',
      learningDetail: 'The route sheet was out of date, and nobody told the resident when the crew would return.',
      actionText: 'Update the route sheets and hold a crew briefing.',
      actionOwner: investigator.aadObjectId,
      actionDue: due,
    };
    const first = await press(manager, 'recordLearning', data, 'f:learning-retry-1');
    expect(first.text).toContain(`Learning recorded, with an action for Sam Patel due by ${readable(due)}.`);
    expect(first.text).toMatch(/L1 · communication: The route sheet was out of date/);
    expect(first.text).toMatch(new RegExp(`Action: Update the route sheets and hold a crew briefing\\. \\(Sam Patel, due ${readable(due)}\\)\\. Status: open\\.`));
    const again = await press(manager, 'recordLearning', data, 'f:learning-retry-1');
    expect(again.text).toMatch(/already done/i);
    const timeline = await t.cases.timeline(reference);
    expect(timeline.filter((e) => e.command === 'recordLearning').map((e) => e.what)).toEqual([`Learning recorded (communication), with an action for Sam Patel due by ${readable(due)}`]);
    const stored = await t.db.connection.collection('learning_entries').findOne({ _id: `${reference}|L1` as never });
    expect(stored).toMatchObject({ reference, theme: 'communication', serviceArea: 'waste_recycling', action: { owner: { name: 'Sam Patel' }, dueOn: due, doneOn: null } });

    const buttons = cardActions(first.card).filter((a) => a.verb === 'completeLearningAction');
    expect(buttons.map((b) => b.title)).toEqual(['Mark L1 action done']);
    const done = await press(investigator, 'completeLearningAction', buttons[0].data);
    expect(done.text).toContain('The action for learning point L1 is marked done.');
    expect(done.text).toMatch(/Status: done\./);
    expect(cardActions(done.card).map((a) => a.verb)).not.toContain('completeLearningAction');
    const twice = await press(investigator, 'completeLearningAction', { ...buttons[0].data, version: await version(reference) });
    expect(twice.text).toMatch(new RegExp(`The action for learning point L1 was already marked done on .* by Sam Patel\\.`));
    expect((await t.db.connection.collection('learning_entries').findOne({ _id: `${reference}|L1` as never }))?.action).toMatchObject({ doneOn: londonDate(new Date()), doneBy: { name: 'Sam Patel' } });

    // A closed case still takes learning, without an action.
    await t.cases.close({ reference, commandId: cmd(), actor: staffActor(investigator), reason: 'responded' });
    const closed = await press(manager, 'recordLearning', { reference, version: await version(reference), learningTheme: 'Delay', learningDetail: 'The first call was not logged.' });
    expect(closed.text).toContain('Learning recorded.');
    expect(closed.text).toMatch(/L2 · delay: The first call was not logged\. Status: no action needed\./);
  });

  test('bad card input is refused in plain words: a past due date, an owner without a role, a made-up point', async () => {
    const reference = await answered();
    const base = { reference, learningTheme: 'Delay', learningDetail: 'Slow to answer.', actionText: 'Review the rota.' };
    const past = await press(manager, 'recordLearning', { ...base, version: await version(reference), actionOwner: investigator.aadObjectId, actionDue: isoIn(-3) });
    expect(past.text).toMatch(/The action's due date, .*, is in the past\. Choose today or a later date\./);
    const nobody = await press(manager, 'recordLearning', { ...base, version: await version(reference), actionOwner: outsider.aadObjectId, actionDue: isoIn(3) });
    expect(nobody.text).toMatch(/has no role in the feedback app, so they can't own the action/);
    const made = await press(manager, 'completeLearningAction', { reference, version: await version(reference), pointId: 'L9' });
    expect(made.text).toContain(`Case ${reference} has no learning point L9.`);
    const hostile = await press(manager, 'recordLearning', { reference, version: await version(reference), learningTheme: { $gt: '' }, learningDetail: 'x' });
    expect(hostile.text).toMatch(/The theme is empty|expected string/i);
    expect((await t.cases.getByReference(reference))!.learningPoints).toEqual([]);
  });

  test('learning points recorded before the register existed are entered once, by the backfill', async () => {
    // The test's own case service has no register listener: like a case answered before the register.
    const reference = await openCase(t.cases);
    await t.cases.acknowledge({ reference, commandId: cmd(), actor: staffActor(investigator) });
    await t.cases.respond({ reference, commandId: cmd(), actor: staffActor(investigator), decision: 'upheld', points: [{ issue: 1, decision: 'upheld', reasons: 'r' }], reasons: 'r', remedy: 'm', learningPoints: [{ theme: 'Signage', detail: 'The bin day notice was wrong.' }] });
    const entries = t.db.connection.collection('learning_entries');
    expect(await entries.findOne({ _id: `${reference}|L1` as never })).toBeNull();
    const register = new LearningRegister({ connection: t.db.connection, council: t.cases.council });
    // The bot's own backfill ran at startup (its marker is there); without the marker it runs again.
    const marker = { _id: `_backfilled|${t.cases.council}` as never };
    for (let i = 0; i < 50 && !(await entries.findOne(marker)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await entries.findOne(marker)).not.toBeNull();
    await entries.deleteOne(marker);
    expect(await register.backfill(t.cases.store.cases)).toBeGreaterThanOrEqual(1);
    expect(await entries.findOne({ _id: `${reference}|L1` as never })).toMatchObject({ theme: 'signage', action: null, pointId: 'L1' });
    expect(await register.backfill(t.cases.store.cases)).toBe(0);
    const listed = await register.list({ financialYear: financialYear(londonDate(new Date())) }, londonDate(new Date()));
    expect(listed.entries.find((e) => e.reference === reference)).toMatchObject({ status: 'no_action' });
    expect(listed.entries.some((e) => e.reference.startsWith('_'))).toBe(false);
  });

  test('the tab lists the register by status, service area and theme, overdue actions first; the annual report and its CSV include it', async () => {
    const year = financialYear(londonDate(new Date()));
    // An action due 10 days ago, recorded 30 days ago (a case service with its clock then, as on that day).
    const past = new CaseService({ connection: t.db.connection, council: t.cases.council, reminders: false, clock: () => new Date(Date.now() - 30 * DAY) });
    past.onEvent(new LearningRegister({ connection: t.db.connection, council: t.cases.council }).onCaseEvent);
    const repairs = await openCase(past, { serviceAreas: ['housing_repairs'] });
    await past.acknowledge({ reference: repairs, commandId: cmd(), actor: staffActor(investigator) });
    await past.respond({ reference: repairs, commandId: cmd(), actor: staffActor(investigator), decision: 'partly_upheld', points: [{ issue: 1, decision: 'partly_upheld', reasons: 'r' }], reasons: 'r', remedy: 'm' });
    const dueThen = londonDate(new Date(Date.now() - 10 * DAY));
    await past.recordLearning({ reference: repairs, commandId: cmd(), actor: staffActor(manager), theme: 'Repairs quality', detail: 'The contractor did not check for damp.', action: { text: 'Add a damp check to the job sheet.', owner: { id: investigator.aadObjectId, name: investigator.name }, dueOn: dueThen } });
    const yearThen = financialYear(londonDate(new Date(Date.now() - 30 * DAY)));
    const then = await api(`/api/tab/learning?year=${yearThen}`, investigator);
    expect(then.body.entries[0]).toMatchObject({ reference: repairs, pointId: 'L1', status: 'overdue', serviceArea: 'housing_repairs', theme: 'repairs quality', action: { dueOn: dueThen, owner: { name: 'Sam Patel' } } });
    expect(then.body.summary.byServiceArea.housing_repairs).toMatchObject({ overdue: 1 });
    expect(then.body.summary.byTheme['repairs quality']).toMatchObject({ overdue: 1 });

    const all = await api(`/api/tab/learning?year=${year}`, investigator);
    expect(all.status).toBe(200);
    const statuses = all.body.entries.map((e: { status: string }) => e.status);
    expect(statuses.filter((s: string) => s === 'done').length).toBeGreaterThanOrEqual(1);
    expect(all.body.summary.total).toBe(all.body.entries.length);
    expect(all.body.summary.byStatus.done).toBe(statuses.filter((s: string) => s === 'done').length);
    // Overdue first, then open, done, no action.
    const rank = ['overdue', 'open', 'done', 'no_action'];
    expect([...statuses].sort((a: string, b: string) => rank.indexOf(a) - rank.indexOf(b))).toEqual(statuses);

    const done = await api(`/api/tab/learning?year=${year}&status=done`, investigator);
    expect(done.body.entries.length).toBe(all.body.summary.byStatus.done);
    expect(done.body.entries.every((e: { status: string }) => e.status === 'done')).toBe(true);
    const byArea = await api(`/api/tab/learning?year=${year}&serviceArea=waste_recycling&theme=Communication`, investigator);
    expect(byArea.body.entries.length).toBeGreaterThanOrEqual(1);
    expect(byArea.body.entries.every((e: { serviceArea: string; theme: string }) => e.serviceArea === 'waste_recycling' && e.theme === 'communication')).toBe(true);
    for (const bad of ['status[$ne]=x', 'status=lost', 'serviceArea=__proto__', 'year=2026', 'other=1']) {
      expect((await api(`/api/tab/learning?${bad}`, investigator)).status).toBe(400);
    }
    expect((await api(`/api/tab/learning?year=${year}`, outsider)).status).toBe(403);

    const report = await api(`/api/tab/annual-report?year=${year}`);
    expect(report.status).toBe(200);
    const learning = report.body.report.learning;
    expect(learning.actions.byStatus).toEqual(all.body.summary.byStatus);
    expect(learning.register).toHaveLength(all.body.entries.length);
    expect(JSON.stringify(learning.register)).not.toMatch(/route sheet|Sam Patel|damp check/);
    const csv = await api(`/api/tab/annual-report/export?year=${year}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\n').filter((l) => l.startsWith('learning_register,'))).toHaveLength(all.body.entries.length);
    expect(csv.text).toMatch(/^learning,actions\.byStatus\.done,\d+/m);
  });
});
