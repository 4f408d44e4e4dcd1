/**
 * The resident's contact details on the case card (issue 17): never on the card posted in the
 * triage channel, which everyone in it sees; added to a viewer's own copy (the Universal Actions
 * refresh, an adaptiveCard/action invoke) only for the assigned handler or reviewer and managers;
 * never for an anonymous or anonymised case. Against the real bot over HTTP.
 */
import { SYSTEM_ACTOR } from '../../services/cases';
import { cardAction, person, post } from './support/activities';
import { openCase, staffAndTriage, startTeamsTestApp, TeamsTestApp } from './support/app';
import { cardProblems, cardsIn, cardText } from './support/cards';
import { FakeTeams, startFakeTeams } from './support/teamsChannel';

const manager = person('Alex Jones', '00000000-0000-4000-8000-0000000001a1');
const investigator = person('Sam Patel', '00000000-0000-4000-8000-0000000001b1');
const colleague = person('Robin Lee', '00000000-0000-4000-8000-0000000001b2');
const reviewer = person('Priya Shah', '00000000-0000-4000-8000-0000000001c1');
const triage = person('Dana Fox', '00000000-0000-4000-8000-0000000001e1');
const outsider = person('Chris Doe', '00000000-0000-4000-8000-0000000001d1');

const RESIDENT = {
  resident: { name: 'Jane Smith', email: 'jane.smith@example.org', phone: '07700 900123', address: '12 Elm Road, Ashby', postcode: 'DE11 0AA', preferredContact: 'phone' as const },
  representative: { name: 'Tom Smith', role: 'family' as const, relationship: 'son', email: 'tom.smith@example.org', phone: '07700 900456', consentConfirmed: true, authorisation: 'not_required' as const },
  adjustments: ['large_print' as const, 'interpreter' as const],
  adjustmentNotes: 'Polish interpreter',
};
const PERSONAL = /Jane|Smith|jane\.smith|07700|Elm Road|DE11|Tom Smith|Polish interpreter/;

describe('contact details on the case card', () => {
  let t: TeamsTestApp;
  let teams: FakeTeams;
  const seen: unknown[] = [];

  beforeAll(async () => {
    teams = await startFakeTeams();
    t = await startTeamsTestApp('teams_contact', { TEAMS_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    await staffAndTriage(t.app, teams.serviceUrl, [
      [manager, 'manager'],
      [investigator, 'investigator'],
      [colleague, 'investigator'],
      [reviewer, 'reviewer'],
      [triage, 'triage'],
    ]);
  });
  afterAll(async () => {
    for (const card of seen) expect(cardProblems(card)).toEqual([]);
    // Nothing personal in the logs.
    expect(t.logs.join('\n')).not.toMatch(PERSONAL);
    await t?.close();
    await teams?.close();
  });

  async function postedCase(overrides: Parameters<typeof openCase>[1] = RESIDENT) {
    const reference = await openCase(t.cases, overrides);
    await t.app.teams.notifier.caseOpened(reference);
    const created = await teams.waitFor((s) => s.kind === 'create' && cardText(cardsIn(s.body.activity as object)[0]).includes(reference), `the card of ${reference}`);
    const card = cardsIn(created.body.activity as object)[0] as Record<string, any>;
    seen.push(card);
    return { reference, thread: created.conversationId, rootId: created.activityId!, card };
  }

  /** What `who` sees when Teams refreshes the card for them (or they press Refresh). */
  async function viewAs(who: typeof manager, thread: string, reference: string) {
    const res = await post(t.url, cardAction({ serviceUrl: teams.serviceUrl, in: thread }, who, 'refreshCard', { reference }, { trigger: 'automatic' }));
    expect(res.status).toBe(200);
    seen.push(res.body.value);
    return { card: res.body.value, text: cardText(res.body.value) };
  }

  async function press(who: typeof manager, thread: string, verb: string, data: Record<string, unknown>) {
    const res = await post(t.url, cardAction({ serviceUrl: teams.serviceUrl, in: thread }, who, verb, data));
    expect(res.status).toBe(200);
    seen.push(res.body.value);
    return cardText(res.body.value);
  }
  const version = async (reference: string) => (await t.cases.getByReference(reference))!.version;

  test('the channel card has no contact details, and refreshes by itself only for those allowed to see them', async () => {
    const { card } = await postedCase();
    expect(JSON.stringify(card)).not.toMatch(PERSONAL);
    expect(cardText(card)).not.toMatch(/Contact \(only/);
    // Unassigned: the managers only.
    expect(card.refresh.userIds).toEqual([manager.id]);
  });

  test('the assigned handler and a manager see the contact lines; other staff do not', async () => {
    const { reference, thread, rootId } = await postedCase();
    const mark = teams.sent.length;
    const picked = await press(investigator, thread, 'pickUp', { reference, version: await version(reference) });
    // The answer to Sam's own press is Sam's copy: the handler now, so with the contact details.
    expect(picked).toMatch(/Assigned to: Sam Patel/);
    expect(picked).toMatch(/Name: Jane Smith/);

    // The thread's card, updated for everyone: still nothing personal; refreshed for the handler first, then managers.
    const update = await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'update' && s.activityId === rootId, 'the thread card update');
    const shared = cardsIn(update.body)[0] as Record<string, any>;
    seen.push(shared);
    expect(JSON.stringify(shared)).not.toMatch(PERSONAL);
    expect(shared.refresh.userIds).toEqual([investigator.id, manager.id]);

    for (const who of [investigator, manager]) {
      const { text } = await viewAs(who, thread, reference);
      expect(text).toMatch(/Contact \(only you and others allowed can see this\)/);
      expect(text).toMatch(/^Name: Jane Smith$/m);
      expect(text).toMatch(/^Email: jane\.smith@example\.org$/m);
      expect(text).toMatch(/^Phone: 07700 900123$/m);
      expect(text).toMatch(/^Address: 12 Elm Road, Ashby, DE11 0AA$/m);
      expect(text).toMatch(/^Prefers: a phone call$/m);
      expect(text).toMatch(/^Representative: Tom Smith \(son\)$/m);
      expect(text).toMatch(/^Representative's contact: tom\.smith@example\.org, 07700 900456$/m);
      expect(text).toMatch(/^Reasonable adjustments: large print; an interpreter; Polish interpreter$/m);
    }
    for (const who of [colleague, reviewer, triage]) {
      const { card, text } = await viewAs(who, thread, reference);
      expect(text).toMatch(/Assigned to: Sam Patel/);
      expect(JSON.stringify(card)).not.toMatch(PERSONAL);
    }
    // Someone in the channel with no role gets no card at all.
    const { card } = await viewAs(outsider, thread, reference);
    expect(cardText(card)).toMatch(/can't use this card/i);
    expect(JSON.stringify(card)).not.toMatch(PERSONAL);

    // Handed to a colleague: the contact details go with the case.
    await press(manager, thread, 'assign', { reference, version: await version(reference), assignTo: colleague.aadObjectId });
    expect((await viewAs(colleague, thread, reference)).text).toMatch(/^Name: Jane Smith$/m);
    expect(JSON.stringify((await viewAs(investigator, thread, reference)).card)).not.toMatch(PERSONAL);
  });

  test('the stage 2 reviewer sees them once the review is theirs', async () => {
    const { reference, thread } = await postedCase();
    await press(investigator, thread, 'pickUp', { reference, version: await version(reference) });
    await press(investigator, thread, 'acknowledge', { reference, version: await version(reference) });
    await press(investigator, thread, 'respond', { reference, version: await version(reference), decision: 'not_upheld', reasons: 'The crew came.', remedy: 'None needed.' });
    expect(JSON.stringify((await viewAs(reviewer, thread, reference)).card)).not.toMatch(PERSONAL);
    await press(manager, thread, 'escalate', { reference, version: await version(reference), reviewer: reviewer.aadObjectId });
    expect((await viewAs(reviewer, thread, reference)).text).toMatch(/^Email: jane\.smith@example\.org$/m);
    expect(JSON.stringify((await viewAs(investigator, thread, reference)).card)).not.toMatch(PERSONAL);
  });

  test('an anonymous or anonymised case shows no contact details to anyone', async () => {
    const anonymous = await postedCase({ anonymous: true, resident: { preferredContact: 'none' } });
    const a = await viewAs(manager, anonymous.thread, anonymous.reference);
    expect(a.text).not.toMatch(/Contact \(only/);

    const { reference, thread } = await postedCase();
    await press(investigator, thread, 'pickUp', { reference, version: await version(reference) });
    expect((await viewAs(investigator, thread, reference)).text).toMatch(/^Name: Jane Smith$/m);
    await t.cases.anonymise({ reference, commandId: `anon-${reference}`, actor: SYSTEM_ACTOR, reason: 'erasure_request' });
    for (const who of [investigator, manager]) {
      const { card, text } = await viewAs(who, thread, reference);
      expect(text).not.toMatch(/Contact \(only/);
      expect(JSON.stringify(card)).not.toMatch(PERSONAL);
    }
  });
});
