/**
 * The staff bot over HTTP: Teams activities posted to /api/messages of the real bot, replies
 * captured on a local Teams connector. Routing, installation, setup, tenant, commands, roles and
 * the search message extension.
 */
import { activity as directLineActivity, FakeChannel, postActivity, startFakeChannel } from '../support/channel';
import { botAddedToTeam, installedInTeam, message, OTHER_TENANT, person, post, searchQuery, cardAction, TEAM_ID, TRIAGE_CHANNEL } from './support/activities';
import { openCase, startTeamsTestApp, TeamsTestApp } from './support/app';
import { cardProblems, cardsIn, cardText } from './support/cards';
import { FakeTeams, startFakeTeams } from './support/teamsChannel';
import { TENANT } from './support/activities';

const manager = person('Alex Jones', '00000000-0000-4000-8000-00000000000a');
const investigator = person('Sam Patel', '00000000-0000-4000-8000-00000000000b');
const reviewer = person('Priya Shah', '00000000-0000-4000-8000-00000000000c');
const outsider = person('Chris Doe', '00000000-0000-4000-8000-00000000000d');
const stranger = person('Eve Other', '00000000-0000-4000-8000-00000000000e');

describe('the staff bot in Teams', () => {
  let t: TeamsTestApp;
  let teams: FakeTeams;
  let resident: FakeChannel;
  let reference: string;

  beforeAll(async () => {
    teams = await startFakeTeams();
    resident = await startFakeChannel();
    t = await startTeamsTestApp('teams_bot', { TEAMS_TENANT_ID: TENANT });
    await t.app.teams.staff.grant({ aadObjectId: manager.aadObjectId, name: manager.name, teamsUserId: manager.id }, 'manager');
    await t.app.teams.staff.grant({ aadObjectId: investigator.aadObjectId, name: investigator.name, teamsUserId: investigator.id }, 'investigator');
    reference = await openCase(t.cases, { resident: { name: 'Jane Smith', email: 'jane.smith@example.org', preferredContact: 'email' } });
  });
  afterAll(async () => {
    await t?.close();
    await teams?.close();
    await resident?.close();
  });

  /** Posts a message and returns the text and cards of the bot's reply in that conversation. */
  async function ask(activity: Record<string, unknown>): Promise<{ text: string; cards: unknown[] }> {
    const mark = teams.sent.length;
    const conversationId = (activity.conversation as { id: string }).id;
    const res = await post(t.url, activity);
    expect(res.status).toBe(200);
    const reply = await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'send' && s.conversationId === conversationId, 'a reply');
    const cards = cardsIn(reply.body);
    for (const card of cards) expect(cardProblems(card)).toEqual([]);
    return { text: String(reply.body.text ?? ''), cards };
  }
  const where = (extra: { in?: string; tenant?: string } = {}) => ({ serviceUrl: teams.serviceUrl, ...extra });

  test('Teams activities reach the staff bot while Web Chat messages still reach the resident bot', async () => {
    const staffReply = await ask(message(where(), investigator, 'help'));
    expect(staffReply.text).toMatch(/case <reference>/);

    const res = await postActivity(t.url, directLineActivity(resident.serviceUrl, 'resident-routing', { text: 'hello' }));
    expect(res.status).toBe(200);
    const [reply] = await resident.waitFor(1);
    expect(reply.conversationId).toBe('resident-routing');
    expect(reply.text ?? '').not.toMatch(/case <reference>/);
  });

  test('adding the app to a team makes its General channel the triage channel; a later install elsewhere does not move it', async () => {
    const welcome = await ask(botAddedToTeam(where(), manager));
    expect(welcome.text).toMatch(/Each new case residents bring to Your local council will be posted in this channel/);
    expect(await t.app.teams.registry.triageChannel()).toMatchObject({ channelId: TEAM_ID, tenantId: TENANT, source: 'install' });

    const mark = teams.sent.length;
    const res = await post(t.url, installedInTeam({ ...where(), selectedChannel: '19:another@thread.tacv2' }, manager));
    expect(res.status).toBe(200);
    const reply = await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'send', 'a reply to the second install');
    expect(String(reply.body.text)).toMatch(/already posted in another triage channel/);
    expect((await t.app.teams.registry.triageChannel())?.channelId).toBe(TEAM_ID);
  });

  test('installed with another channel chosen: the welcome goes to that channel, not General (issue 17)', async () => {
    const chosen = '19:chosen@thread.tacv2';
    const saved = await t.app.teams.registry.triageChannel();
    await t.db.connection.collection('teams_triage_channels').deleteMany({});
    try {
      const mark = teams.sent.length;
      const res = await post(t.url, installedInTeam({ ...where(), selectedChannel: chosen }, manager));
      expect(res.status).toBe(200);
      const welcome = await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'create', 'the welcome in the chosen channel');
      expect(welcome.body).toMatchObject({ channelData: { channel: { id: chosen } } });
      expect(String((welcome.body.activity as { text?: string }).text)).toMatch(/Each new case residents bring to Your local council will be posted in this channel/);
      expect(teams.since(mark).filter((s) => s.kind === 'send' && s.conversationId === TEAM_ID)).toEqual([]);
      expect((await t.app.teams.registry.triageChannel())?.channelId).toBe(chosen);
    } finally {
      if (saved) await t.app.teams.registry.setTriageChannel(saved, manager.aadObjectId);
    }
  });

  test('only a manager can make a channel the triage channel with setup', async () => {
    await t.app.teams.staff.grant({ aadObjectId: outsider.aadObjectId, name: outsider.name }, 'triage');
    const refused = await ask(message(where({ in: TRIAGE_CHANNEL }), outsider, 'setup'));
    expect(refused.text).toMatch(/Only managers can choose the triage channel/);
    expect((await t.app.teams.registry.triageChannel())?.channelId).toBe(TEAM_ID);
    await t.app.teams.staff.revoke(outsider.aadObjectId, 'triage');

    const done = await ask(message(where({ in: TRIAGE_CHANNEL }), manager, 'SETUP'));
    expect(done.text).toMatch(/new cases will be posted in this channel/);
    expect(await t.app.teams.registry.triageChannel()).toMatchObject({ channelId: TRIAGE_CHANNEL, source: 'setup' });

    const inChat = await ask(message(where(), manager, 'setup'));
    expect(inChat.text).toMatch(/Run setup in the team channel/);
  });

  test('activities from another Microsoft 365 tenant are refused', async () => {
    const reply = await ask(message(where({ tenant: OTHER_TENANT }), { ...stranger }, 'case ' + reference));
    expect(reply.text).toMatch(/only serves .* own Microsoft 365 organisation/);
    expect(reply.cards).toHaveLength(0);

    const action = await post(t.url, cardAction(where({ tenant: OTHER_TENANT }), stranger, 'pickUp', { reference, version: 1 }));
    expect(action.status).toBe(403);
    expect(action.body).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error' });
    const search = await post(t.url, searchQuery(where({ tenant: OTHER_TENANT }), stranger, [{ name: 'searchText', value: 'Smith' }]));
    expect(search.status).toBe(403);
    expect((await t.cases.getByReference(reference))?.assignee).toBeNull();
  });

  test('case <reference> answers with the case card; references are read in any case and without zero padding', async () => {
    const reply = await ask(message(where(), investigator, `case ${reference.toLowerCase().replace(/-0+(\d)/, '-$1')}`));
    expect(reply.cards).toHaveLength(1);
    const text = cardText(reply.cards[0]);
    expect(text).toContain(`${reference} · Complaint`);
    expect(text).toMatch(/Acknowledge by/);
    // Triage needs no personal data: neither the resident's name nor their contact details.
    expect(JSON.stringify(reply.cards[0])).not.toMatch(/Jane|Smith|jane\.smith/);

    const inChannel = await ask(message(where({ in: TRIAGE_CHANNEL }), investigator, `case ${reference}`));
    expect(cardText(inChannel.cards[0])).toContain(reference);

    const missing = await ask(message(where(), investigator, 'case CMP-2020-999999'));
    expect(missing.text).toMatch(/There is no case CMP-2020-999999/);
  });

  test('my cases lists the cases assigned to the sender by their Entra object id; overdue lists overdue cases', async () => {
    const empty = await ask(message(where(), investigator, 'My Cases'));
    expect(cardText(empty.cards[0])).toMatch(/No open cases are assigned to you/);

    await t.cases.assign({ reference, commandId: `assign-${Date.now()}`, actor: { id: manager.aadObjectId, name: manager.name, role: 'staff' }, assignee: { id: investigator.aadObjectId, name: investigator.name } });
    const mine = await ask(message(where(), investigator, 'my cases'));
    expect(cardText(mine.cards[0])).toContain(reference);
    expect(cardText(mine.cards[0])).toContain('Assigned to Sam Patel');
    const notMine = await ask(message(where(), manager, 'my cases'));
    expect(cardText(notMine.cards[0])).not.toContain(reference);

    const overdue = await ask(message(where(), manager, 'overdue'));
    expect(cardText(overdue.cards[0])).toMatch(/Overdue cases/);
    expect(cardText(overdue.cards[0])).not.toContain(reference); // opened today: not overdue
  });

  test('people without a role are told how to get one; unknown commands get help', async () => {
    const noRole = await ask(message(where(), outsider, `case ${reference}`));
    expect(noRole.text).toMatch(/don't have a role/);
    expect(noRole.cards).toHaveLength(0);
    const roles = await ask(message(where(), investigator, 'roles'));
    expect(roles.text).toMatch(/investigator/);
    const unknown = await ask(message(where(), investigator, 'make me a sandwich'));
    expect(unknown.text).toMatch(/Type \*\*help\*\*/);
  });

  test('a manager grants a role by mentioning the person; others cannot', async () => {
    teams.members.set(reviewer.id, { id: reviewer.id, name: reviewer.name, aadObjectId: reviewer.aadObjectId, userPrincipalName: 'priya.shah@council.example' });
    const refused = await ask(message(where({ in: TRIAGE_CHANNEL }), investigator, `grant reviewer <at>${reviewer.name}</at>`, { mentions: [reviewer] }));
    expect(refused.text).toMatch(/Only managers can grant/);
    expect(await t.app.teams.staff.get(reviewer.aadObjectId)).toBeNull();

    const granted = await ask(message(where({ in: TRIAGE_CHANNEL }), manager, `grant reviewer <at>${reviewer.name}</at>`, { mentions: [reviewer] }));
    expect(granted.text).toBe('Priya Shah now has the reviewer role.');
    expect((await t.app.teams.staff.get(reviewer.aadObjectId))?.roles).toEqual(['reviewer']);

    const revoked = await ask(message(where({ in: TRIAGE_CHANNEL }), manager, `revoke reviewer <at>${reviewer.name}</at>`, { mentions: [reviewer] }));
    expect(revoked.text).toMatch(/no longer has the reviewer role/);
    expect((await t.app.teams.staff.get(reviewer.aadObjectId))?.roles).toEqual([]);
  });

  test('the search message extension finds a case by surname or reference, with a preview and a card', async () => {
    const bySurname = await post(t.url, searchQuery(where(), investigator, [{ name: 'searchText', value: 'smith' }]));
    expect(bySurname.status).toBe(200);
    const result = bySurname.body.composeExtension;
    expect(result).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    const hit = result.attachments.find((a: { preview: { content: { title: string } } }) => a.preview.content.title.startsWith(reference));
    expect(hit).toBeDefined();
    expect(hit.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    expect(cardProblems(hit.content)).toEqual([]);
    expect(JSON.stringify(hit)).not.toMatch(/Jane|jane\.smith/);

    const byReference = await post(t.url, searchQuery(where(), investigator, [{ name: 'searchText', value: reference }]));
    expect(byReference.body.composeExtension.attachments).toHaveLength(1);

    const nothing = await post(t.url, searchQuery(where(), investigator, [{ name: 'searchText', value: 'Nobodyhere' }]));
    expect(nothing.body.composeExtension).toEqual({ type: 'message', text: 'No cases match "Nobodyhere".' });

    const initial = await post(t.url, searchQuery(where(), investigator, [{ name: 'initialRun', value: 'true' }]));
    expect(initial.body.composeExtension.attachments.map((a: { preview: { content: { title: string } } }) => a.preview.content.title)).toEqual([expect.stringContaining(reference)]);

    const noRole = await post(t.url, searchQuery(where(), outsider, [{ name: 'searchText', value: 'smith' }]));
    expect(noRole.body.composeExtension).toMatchObject({ type: 'message', text: expect.stringMatching(/need a role/) });
  });
});
