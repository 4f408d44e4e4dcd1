/**
 * Case cards in the triage channel and the relay, against the real bot and database: a new case
 * becomes a thread, card actions (Action.Execute invokes) change the case once, old cards and
 * refused actions are answered with the current card, and messages travel both ways between
 * staff and the resident's own chat.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { activity as directLineActivity, FakeChannel, postActivity, startFakeChannel } from '../support/channel';
import { BOT, cardAction, person, post, TEAM_ID, TENANT, TRIAGE_CHANNEL } from './support/activities';
import { openCase, startTeamsTestApp, TeamsTestApp } from './support/app';
import { cardActions, cardProblems, cardsIn, cardText, textBlocks } from './support/cards';
import { FakeTeams, startFakeTeams } from './support/teamsChannel';

const manager = person('Alex Jones', '00000000-0000-4000-8000-0000000000a1');
const investigator = person('Sam Patel', '00000000-0000-4000-8000-0000000000b1');
const reviewer = person('Priya Shah', '00000000-0000-4000-8000-0000000000c1');
const outsider = person('Chris Doe', '00000000-0000-4000-8000-0000000000d1');

describe('case cards in Teams', () => {
  let t: TeamsTestApp;
  let teams: FakeTeams;
  let resident: FakeChannel;
  /** Every card the bot produced, to check they all parse. */
  const seenCards: unknown[] = [];

  beforeAll(async () => {
    teams = await startFakeTeams();
    resident = await startFakeChannel();
    t = await startTeamsTestApp('teams_cards', { TEAMS_TENANT_ID: TENANT });
    const { staff, registry } = t.app.teams;
    await staff.grant({ aadObjectId: manager.aadObjectId, name: manager.name, teamsUserId: manager.id }, 'manager');
    await staff.grant({ aadObjectId: investigator.aadObjectId, name: investigator.name, teamsUserId: investigator.id }, 'investigator');
    await staff.grant({ aadObjectId: reviewer.aadObjectId, name: reviewer.name, teamsUserId: reviewer.id }, 'reviewer');
    await registry.setTriageChannel(
      {
        tenantId: TENANT,
        teamId: TEAM_ID,
        channelId: TRIAGE_CHANNEL,
        reference: { channelId: 'msteams', serviceUrl: teams.serviceUrl, conversation: { id: TRIAGE_CHANNEL, isGroup: true, conversationType: 'channel', tenantId: TENANT }, bot: BOT },
      },
      manager.aadObjectId,
    );
  });
  afterAll(async () => {
    for (const card of seenCards) expect(cardProblems(card)).toEqual([]);
    // Logs carry references and ids: never what residents or staff wrote, nor names.
    const logs = t.logs.join('\n');
    expect(logs).toMatch(/teams: case posted to the triage channel/);
    expect(logs).not.toMatch(/Jane|Smith|jane\.smith|photo of the bin|overflowing bins|missed it again|Spoke to the crew|Sam Patel|Priya Shah/);
    await t?.close();
    await teams?.close();
    await resident?.close();
  });

  const residentReference = (conversationId: string, serviceUrl = resident.serviceUrl) => ({
    channelId: 'directline',
    serviceUrl,
    conversation: { id: conversationId },
    bot: { id: 'council-feedback-bot', name: 'Council' },
    user: { id: `user-${conversationId}` },
  });

  /** Opens a case and posts it to the triage channel; returns its reference and thread. */
  async function postedCase(overrides: Parameters<typeof openCase>[1] = {}) {
    const reference = await openCase(t.cases, overrides);
    await t.app.teams.notifier.caseOpened(reference);
    const created = await teams.waitFor((s) => s.kind === 'create' && cardText(cardsIn(s.body.activity as object)[0]).includes(reference), `the card of ${reference}`);
    const cards = cardsIn(created.body.activity as object);
    seenCards.push(...cards);
    return { reference, thread: created.conversationId, rootId: created.activityId!, card: cards[0] };
  }

  /** Presses a card button as `who` in the case's thread; returns the card Teams shows them. */
  async function press(who: typeof manager, thread: string, verb: string, data: Record<string, unknown>, id?: string) {
    const res = await post(t.url, cardAction({ serviceUrl: teams.serviceUrl, in: thread }, who, verb, data, { id }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    seenCards.push(res.body.value);
    return { card: res.body.value, text: cardText(res.body.value) };
  }

  const versionOf = async (reference: string) => (await t.cases.getByReference(reference))!.version;
  const commandsOf = async (reference: string) => (await t.cases.timeline(reference)).map((e) => e.command);

  test('a new case is posted once, as a new thread in the triage channel, with a refreshing card and no personal data', async () => {
    const mark = teams.sent.length;
    const { reference, thread, rootId } = await postedCase({ safeguarding: true });
    await t.app.teams.notifier.caseOpened(reference); // a retry posts nothing more
    const creates = teams.since(mark).filter((s) => s.kind === 'create');
    expect(creates).toHaveLength(1);
    expect(creates[0].body).toMatchObject({ isGroup: true, channelData: { channel: { id: TRIAGE_CHANNEL } } });
    expect(thread).toBe(`${TRIAGE_CHANNEL};messageid=${rootId}`);

    const card = cardsIn(creates[0].body.activity as object)[0] as Record<string, any>;
    expect(card.version).toBe('1.5');
    expect(card.refresh.action).toMatchObject({ type: 'Action.Execute', verb: 'refreshCard', data: { reference } });
    // Refreshed by itself for those who may see the resident's contact details: unassigned, the managers.
    expect(card.refresh.userIds).toEqual([manager.id]);
    const text = cardText(card);
    expect(text).toContain(`${reference} · Complaint`);
    expect(text).toMatch(/Stage 1 \(first response\): not yet acknowledged/);
    expect(text).toMatch(/Deadline: Acknowledge by/);
    expect(text).toMatch(/Service area: Waste recycling/);
    expect(text).toMatch(/Assigned to: Nobody yet/);
    expect(text).toMatch(/Safeguarding concern flagged/);
    expect(JSON.stringify(card)).not.toMatch(/Jane|Smith|jane\.smith/);
    // No Extend or Respond yet: the pack counts the response (and the longest extension) from the acknowledgement, and a complaint is acknowledged before it is answered.
    // A referral to the ombudsman is recorded whenever the resident makes it (services/cases/transitions.ts).
    expect(cardActions(card).map((a) => a.verb)).toEqual(['pickUp', 'acknowledge', 'assign', 'messageResident', 'addNote', 'referToOmbudsman', 'close']);
    expect(await t.app.teams.registry.thread(reference)).toMatchObject({ rootActivityId: rootId, channelId: TRIAGE_CHANNEL });
  });

  test('the danger question\'s answer is on the triage channel\'s card, a yes in the colour of the flags; a case where it was not asked has no such line', async () => {
    const { card } = await postedCase({ kind: 'service_request', signposted: ['emergency'], dangerAnswer: { routes: ['emergency'], answer: 'yes' } });
    const danger = textBlocks(card).filter((b) => /in danger/.test(b.text));
    expect(danger).toEqual([
      expect.objectContaining({ text: 'Asked if anyone was in danger or a crime was happening (suspected: emergency): resident said yes (signposted to 999)', color: 'attention', weight: 'bolder' }),
    ]);

    const notAsked = await postedCase({ kind: 'service_request' });
    const { text } = await press(manager, notAsked.thread, 'refreshCard', { reference: notAsked.reference });
    expect(text).not.toMatch(/in danger|crime/);
  });

  test('picking a case up assigns it, updates the thread card for everyone, and a retried invoke applies once', async () => {
    const { reference, thread, rootId } = await postedCase();
    const version = await versionOf(reference);
    const mark = teams.sent.length;
    const first = await press(investigator, thread, 'pickUp', { reference, version }, 'f:retried-invoke-1');
    expect(first.text).toMatch(/Assigned to Sam Patel\./);
    expect(first.text).toMatch(/Assigned to: Sam Patel/);
    const update = await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'update' && s.activityId === rootId, 'the thread card update');
    expect(cardText(cardsIn(update.body)[0])).toMatch(/Assigned to: Sam Patel/);
    seenCards.push(...cardsIn(update.body));

    const retry = await press(investigator, thread, 'pickUp', { reference, version }, 'f:retried-invoke-1');
    expect(retry.text).toMatch(/already done/);
    expect((await commandsOf(reference)).filter((c) => c === 'assign')).toHaveLength(1);
  });

  test('an action on a card the case has moved on from is not applied, and the current card is shown', async () => {
    const { reference, thread } = await postedCase();
    const old = await versionOf(reference);
    await press(investigator, thread, 'pickUp', { reference, version: old });
    const stale = await press(manager, thread, 'acknowledge', { reference, version: old });
    expect(stale.text).toMatch(/changed since this card was shown, so nothing was done/);
    expect(stale.text).toMatch(/Assigned to: Sam Patel/);
    expect(cardActions(stale.card).find((a) => a.verb === 'acknowledge')?.data.version).toBe(old + 1);
    expect(await commandsOf(reference)).not.toContain('acknowledge');
  });

  test('a refused transition shows the reason in plain words on the current card', async () => {
    const { reference, thread } = await postedCase();
    const refused = await press(investigator, thread, 'escalate', { reference, version: await versionOf(reference), reviewer: reviewer.aadObjectId });
    expect(refused.text).toMatch(/hasn't had its stage 1 response yet, so it can't be escalated to a stage 2 review/);
    expect((await t.cases.getByReference(reference))!.stage).toBe('stage1');

    const tooLong = await press(investigator, thread, 'acknowledge', { reference, version: await versionOf(reference) });
    expect(tooLong.text).toMatch(/Acknowledged\./);
    const limit = (await t.cases.getByReference(reference))!.tracks.stage1!.extensionLimit!;
    const beyond = new Date(Date.parse(`${limit}T12:00:00Z`) + 30 * 86400_000).toISOString().slice(0, 10);
    const extend = await press(investigator, thread, 'extend', { reference, version: await versionOf(reference), extendUntil: beyond, extendReason: 'Waiting for the crew' });
    expect(extend.text).toMatch(/policy allows the stage 1 \(first response\) response to be extended by at most/);

    const incomplete = await press(investigator, thread, 'respond', { reference, version: await versionOf(reference), decision: 'upheld', reasons: 'Missed three times.', remedy: '' });
    expect(incomplete.text).toMatch(/must state:[\s\S]*the remedy/);
    expect(await commandsOf(reference)).not.toContain('respond');

    const empty = await press(investigator, thread, 'addNote', { reference, version: await versionOf(reference), noteText: '  ' });
    expect(empty.text).toMatch(/The note is empty/);
  });

  test('a staff message is recorded and delivered to the resident\'s own chat, and staff see that it arrived', async () => {
    const { reference, thread } = await postedCase({ conversationReference: residentReference('resident-conv-relay') });
    const before = resident.activities.length;
    const version = await versionOf(reference);
    const sent = await press(investigator, thread, 'messageResident', { reference, version, messageText: 'Could you send a photo of the bin?', awaitReply: 'true' }, 'f:relay-once');
    expect(sent.text).toMatch(/sent to the resident's chat/);
    expect(sent.text).toMatch(/Last message to resident: Delivered to the chat \w{3}, \d{1,2} \w{3} \d{4}/);
    const [delivered] = (await resident.waitFor(before + 1)).slice(before);
    expect(delivered.conversationId).toBe('resident-conv-relay');
    expect(delivered.text).toContain(`about your case ${reference}`);
    expect(delivered.text).toContain('Could you send a photo of the bin?');
    expect((await t.cases.getByReference(reference))!.status).toBe('open'); // not acknowledged yet, so not paused

    // Teams retries the invoke: the resident gets the message once, and staff are told it was already sent.
    const retried = await press(investigator, thread, 'messageResident', { reference, version, messageText: 'Could you send a photo of the bin?', awaitReply: 'true' }, 'f:relay-once');
    expect(retried.text).toMatch(/already done.*sent to the resident's chat/);
    expect(resident.activities.filter((a) => a.conversationId === 'resident-conv-relay')).toHaveLength(1);
    expect((await commandsOf(reference)).filter((c) => c === 'messageResident')).toHaveLength(1);

    // A chat that has gone: the resident's channel answers 404 for the conversation.
    const gone = http.createServer((_req, res) => {
      res.statusCode = 404;
      res.end('{"error":{"code":"ConversationNotFound"}}');
    });
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', () => r()));
    const goneUrl = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/`;
    const unreachable = await postedCase({ conversationReference: residentReference('resident-conv-gone', goneUrl) });
    const failed = await press(investigator, unreachable.thread, 'messageResident', { reference: unreachable.reference, version: await versionOf(unreachable.reference), messageText: 'Hello again' });
    expect(failed.text).toMatch(/recorded on the case\. The resident's chat could not be reached, so it will be tried again and delivered as soon as they are back in the chat\. If it matters now, contact them another way \(they prefer email\)/);
    expect(await commandsOf(unreachable.reference)).toContain('messageResident');
    gone.close();

    const noChat = await postedCase();
    const recorded = await press(investigator, noChat.thread, 'messageResident', { reference: noChat.reference, version: await versionOf(noChat.reference), messageText: 'Hello' });
    expect(recorded.text).toMatch(/can't be reached in a chat/);
  });

  test('what a resident writes about their case is posted in the case thread, and the card is brought up to date', async () => {
    const { reference, thread, rootId } = await postedCase({ conversationReference: residentReference('resident-conv-follow') });
    let mark = teams.sent.length;
    await t.app.teams.notifier.residentMessage(reference, 'I have photos of the overflowing bins.');
    const posted = await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'send' && s.conversationId === thread, 'the resident message in the thread');
    expect(String(posted.body.text)).toContain(`Message from the resident about ${reference}`);
    expect(String(posted.body.text)).toContain('I have photos of the overflowing bins.');
    await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'update' && s.activityId === rootId, 'the card update');

    // The same through the resident's own conversation: they quote the reference in Web Chat, then show it is theirs.
    mark = teams.sent.length;
    const res = await postActivity(t.url, directLineActivity(resident.serviceUrl, 'resident-conv-quote', { text: `About ${reference}: they missed it again today` }));
    expect(res.status).toBe(200);
    expect(teams.since(mark).some((s) => s.kind === 'send' && s.conversationId === thread)).toBe(false);
    expect((await postActivity(t.url, directLineActivity(resident.serviceUrl, 'resident-conv-quote', { text: 'jane.smith@example.org' }))).status).toBe(200);
    const relayed = await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'send' && s.conversationId === thread, 'the quoted message in the thread');
    expect(String(relayed.body.text)).toContain('they missed it again today');
  });

  test('a case is carried through acknowledge, response, review by a reviewer and closure from its card', async () => {
    const { reference, thread } = await postedCase();
    const v = () => versionOf(reference);
    await press(investigator, thread, 'pickUp', { reference, version: await v() });
    await press(investigator, thread, 'acknowledge', { reference, version: await v() });
    const note = await press(investigator, thread, 'addNote', { reference, version: await v(), noteText: 'Spoke to the crew supervisor.' });
    expect(note.text).toMatch(/Note added\./);
    const responded = await press(investigator, thread, 'respond', { reference, version: await v(), decision: 'upheld', reasons: 'The crew missed the street.', remedy: 'Apology and a collection today.' });
    expect(responded.text).toMatch(/Response recorded\./);
    expect(responded.text).toMatch(/Stage 1 \(first response\): responded to/);

    const escalateAction = cardActions(responded.card).find((a) => a.verb === 'escalate');
    expect(escalateAction).toBeDefined();
    expect(JSON.stringify(responded.card)).toContain(reviewer.aadObjectId); // offered as a reviewer
    const escalated = await press(manager, thread, 'escalate', { reference, version: await v(), reviewer: reviewer.aadObjectId });
    expect(escalated.text).toMatch(/Escalated to a stage 2 review\./);
    expect(escalated.text).toMatch(/Assigned to: Priya Shah/);
    const view = await t.cases.getByReference(reference);
    expect(view).toMatchObject({ stage: 'stage2', assignee: { id: reviewer.aadObjectId, name: reviewer.name } });

    const closed = await press(reviewer, thread, 'close', { reference, version: await v(), closeReason: 'withdrawn', closeNote: 'Resident withdrew.' });
    expect(closed.text).toMatch(/Case closed\./);
    expect((await t.cases.getByReference(reference))!.stage).toBe('closed');
    expect(cardActions(closed.card).map((a) => a.verb)).toEqual(['addNote', 'referToOmbudsman', 'reopen', 'recordLearning']);
    const referred = await press(manager, thread, 'referToOmbudsman', { reference, version: await v(), ombudsmanReference: 'LGSCO 26 001 234' });
    expect(referred.text).toMatch(/Recorded as with the ombudsman\./);
    expect((await t.cases.getByReference(reference))!.stage).toBe('ombudsman');
    // Without GOV.UK Notify each letter the Codes call for is still written, and kept on the timeline as not sent.
    expect(await commandsOf(reference)).toEqual(['open', 'assign', 'acknowledge', 'correspondence', 'addNote', 'respond', 'correspondence', 'escalate', 'correspondence', 'close', 'correspondence', 'referToOmbudsman']);
    expect((await t.cases.timeline(reference)).filter((e) => e.command === 'correspondence').map((e) => e.what)).toEqual([
      'Acknowledgement: not sent: written correspondence is not set up (NOTIFY_API_KEY)',
      'Stage 1 response: not sent: written correspondence is not set up (NOTIFY_API_KEY)',
      'Stage 2 review started: not sent: written correspondence is not set up (NOTIFY_API_KEY)',
      'Closure notice: not sent: written correspondence is not set up (NOTIFY_API_KEY)',
    ]);
  });

  test('a report that turns out to be a complaint is made one from its card, and a closed case can be reopened', async () => {
    const { reference, thread } = await postedCase({ kind: 'service_request' });
    const v = () => versionOf(reference);
    const made = await press(investigator, thread, 'convert', { reference, version: await v(), convertReason: 'Third missed collection; unhappy with how it was handled.' });
    expect(made.text).toMatch(/Now a complaint at stage 1/);
    expect(await t.cases.getByReference(reference)).toMatchObject({ kind: 'complaint', stage: 'stage1' });
    const closed = await press(manager, thread, 'close', { reference, version: await v(), closeReason: 'withdrawn' });
    expect(closed.text).toMatch(/Case closed\./);
    const noReason = await press(manager, thread, 'reopen', { reference, version: await v(), reopenReason: '' });
    expect(noReason.text).toMatch(/The reason is empty/);
    const reopened = await press(manager, thread, 'reopen', { reference, version: await v(), reopenReason: 'The resident says it happened again.' });
    expect(reopened.text).toMatch(/Case reopened\./);
    expect((await t.cases.getByReference(reference))!.stage).toBe('stage1');
    expect(await commandsOf(reference)).toEqual(['open', 'convert', 'close', 'correspondence', 'reopen']);
  });

  test('card actions need a staff role; a refresh shows the case as it is now', async () => {
    const { reference, thread } = await postedCase();
    const denied = await press(outsider, thread, 'pickUp', { reference, version: await versionOf(reference) });
    expect(denied.text).toMatch(/You can't use this card/);
    expect(denied.text).not.toContain(reference);
    expect(await commandsOf(reference)).toEqual(['open']);

    await t.cases.acknowledge({ reference, commandId: `ack-${Date.now()}`, actor: { id: manager.aadObjectId, name: manager.name, role: 'staff' } });
    const res = await post(t.url, cardAction({ serviceUrl: teams.serviceUrl, in: thread }, investigator, 'refreshCard', { reference }, { trigger: 'automatic' }));
    expect(res.status).toBe(200);
    seenCards.push(res.body.value);
    expect(cardText(res.body.value)).toMatch(/Stage 1 \(first response\): acknowledged/);

    const garbage = await post(t.url, { ...cardAction({ serviceUrl: teams.serviceUrl, in: thread }, investigator, 'pickUp', {}), value: { action: { type: 'Action.Submit' } } });
    expect(garbage.status).toBe(400);
  });
  /** A Teams service that refuses every call, as when the bot has been removed from the team. */
  async function unreachableTeams(): Promise<{ serviceUrl: string; close(): Promise<void> }> {
    const server = http.createServer((_req, res) => {
      res.statusCode = 403;
      res.end('{"error":{"code":"BotNotInConversationRoster"}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return { serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }) };
  }

  test('when Teams can\'t be reached the case is not marked as posted, and the next notice posts it', async () => {
    const { registry, notifier } = t.app.teams;
    const triage = (await registry.triageChannel())!;
    const down = await unreachableTeams();
    const reference = await openCase(t.cases);
    try {
      await registry.setTriageChannel({ ...triage, reference: { ...triage.reference, serviceUrl: down.serviceUrl } }, manager.aadObjectId);
      await expect(notifier.caseOpened(reference)).rejects.toThrow();
      expect(await registry.thread(reference)).toBeNull();
    } finally {
      await registry.setTriageChannel(triage, manager.aadObjectId);
      await down.close();
    }
    // The resident writes before anyone saw the case: the case is posted first, then their message in its thread.
    await notifier.residentMessage(reference, 'Any news on this?');
    const thread = (await registry.thread(reference))!;
    expect(thread).not.toBeNull();
    const inThread = teams.sent.filter((x) => x.kind === 'send' && x.conversationId === thread.reference.conversation.id);
    expect(String(inThread.at(-1)?.body.text)).toContain('Any news on this?');
  });

  /** Polls the app's scheduler until a job has run (a poll already under way may have missed it). */
  async function runUntilDone(jobId: string): Promise<void> {
    const jobs = t.app.teams.scheduler.store.jobs.collection;
    for (let i = 0; i < 50; i++) {
      await t.app.teams.scheduler.runDue();
      if (!(await jobs.findOne({ _id: jobId as never }))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${jobId} did not run`);
  }

  test('the resident conversation only queues the new case; the scheduler posts it at once, and again after Teams was down', async () => {
    const { registry, queuedNotifier, scheduler } = t.app.teams;
    const triage = (await registry.triageChannel())!;
    const down = await unreachableTeams();
    const reference = await openCase(t.cases);
    const jobs = scheduler.store.jobs.collection;
    try {
      await registry.setTriageChannel({ ...triage, reference: { ...triage.reference, serviceUrl: down.serviceUrl } }, manager.aadObjectId);
      const started = Date.now();
      await queuedNotifier.caseOpened(reference); // what the resident's turn waits for: one insert
      expect(Date.now() - started).toBeLessThan(1000);
      let job: any = null;
      for (let i = 0; i < 300 && !(job?.attempts >= 1); i++) {
        await new Promise((r) => setTimeout(r, 50));
        job = await jobs.findOne({ _id: `teams.post-case:${reference}` as never });
      }
      expect(job).toMatchObject({ state: 'pending', attempts: 1 });
      expect(await registry.thread(reference)).toBeNull();
    } finally {
      await registry.setTriageChannel(triage, manager.aadObjectId);
      await down.close();
    }
    // The retry (brought forward here rather than waiting for its backoff) posts it.
    await jobs.updateOne({ _id: `teams.post-case:${reference}` as never }, { $set: { runAt: new Date() } });
    await runUntilDone(`teams.post-case:${reference}`);
    await teams.waitFor((s) => s.kind === 'create' && cardText(cardsIn(s.body.activity as object)[0]).includes(reference), `the card of ${reference}`);
    expect(await jobs.findOne({ _id: `teams.post-case:${reference}` as never })).toBeNull();
  });

  test('deadline reminders scheduled by the case service are posted in the case thread, without personal data', async () => {
    const { reference, thread } = await postedCase();
    const view = (await t.cases.getByReference(reference))!;
    const dueOn = view.tracks.stage1!.acknowledgeBy!;
    await t.app.teams.scheduler.store.schedule({
      id: `test-reminder:${reference}`,
      name: 'case.deadline-reminder',
      runAt: new Date(),
      data: { reference, track: 'stage1', deadline: 'acknowledge', dueOn, type: 'deadline_due_soon' },
    });
    await runUntilDone(`test-reminder:${reference}`);
    const sent = await teams.waitFor((s) => s.kind === 'send' && s.conversationId === thread && /Reminder/.test(String(s.body.text)), 'the reminder in the thread');
    expect(String(sent.body.text)).toMatch(new RegExp(`the acknowledgement for ${reference} is due .+ Nobody has picked it up yet\\.`));
    expect(String(sent.body.text)).not.toMatch(/Jane|Smith/);
  });

  /** The options of a choice list on the card (an Assign or reviewer list), by input id. */
  function choicesOf(card: unknown, id: string): string[] {
    const found: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.type === 'Input.ChoiceSet' && o.id === id) found.push(...(o.choices as Array<{ title: string }>).map((c) => c.title));
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    };
    walk(card);
    return found;
  }

  test('issue 17: the card offers at stage 2 only people not involved at stage 1, refuses in sentences, and says why a case closed', async () => {
    const { reference, thread } = await postedCase();
    const v = () => versionOf(reference);
    await press(manager, thread, 'assign', { reference, version: await v(), assignTo: investigator.aadObjectId }); // Sam handles it
    const acked = await press(manager, thread, 'acknowledge', { reference, version: await v() });
    const limit = (await t.cases.getByReference(reference))!.tracks.stage1!.extensionLimit!;
    const beyond = new Date(Date.parse(`${limit}T12:00:00Z`) + 7 * 86400_000).toISOString().slice(0, 10);
    const refused = await press(investigator, thread, 'extend', { reference, version: await v(), extendUntil: beyond, extendReason: 'Waiting for the crew' });
    // A sentence: capital first, the date as people read it, no ISO dates.
    expect(refused.text).toMatch(/The council's policy allows .* to [A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4}\. Choose a date on or before/);
    expect(refused.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(acked.text).toMatch(/Can extend to:/);

    // Priya (a reviewer) records the stage 1 response though Sam is assigned: both handled stage 1.
    const responded = await press(reviewer, thread, 'respond', { reference, version: await v(), decision: 'upheld', reasons: 'Missed.', remedy: 'Apology.' });
    expect(choicesOf(responded.card, 'reviewer')).not.toContain(reviewer.name);
    expect(responded.text).toMatch(/they handled stage 1\), so the review will be unassigned/);
    const notHer = await press(manager, thread, 'escalate', { reference, version: await v(), reviewer: reviewer.aadObjectId });
    expect(notHer.text).toMatch(/Priya Shah handled case .* at stage 1, so someone else must review it at stage 2\./);
    const escalated = await press(manager, thread, 'escalate', { reference, version: await v() });
    expect(escalated.text).toMatch(/Assigned to: Nobody yet/);
    // The Assign list at stage 2 leaves out Sam and Priya; Respond waits for the review's acknowledgement.
    expect(choicesOf(escalated.card, 'assignTo')).toEqual([manager.name]);
    expect(cardActions(escalated.card).map((a) => a.verb)).not.toContain('respond');
    await press(manager, thread, 'pickUp', { reference, version: await v() });
    const ackedAt2 = await press(manager, thread, 'acknowledge', { reference, version: await v() });
    expect(cardActions(ackedAt2.card).map((a) => a.verb)).toContain('respond');
    await press(manager, thread, 'respond', { reference, version: await v(), decision: 'not_upheld', reasons: 'Reviewed.', remedy: 'None.' });
    const closed = await press(manager, thread, 'close', { reference, version: await v(), closeReason: 'responded' });
    expect(closed.text).toMatch(/^Closed: responded to$/m);
    expect(closed.text).not.toMatch(/Closed: closed/);
  });

  test('issue 17: an undelivered message is never "sent" on the timeline; pressed again once the chat is back, it is delivered and says so', async () => {
    let up = false;
    const flaky = http.createServer((req, res) => {
      if (!up) {
        res.statusCode = 503;
        res.end('{}');
        return;
      }
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: 'delivered-1' }));
      });
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/`;
      const { reference, thread } = await postedCase({ conversationReference: residentReference('resident-conv-flaky', url) });
      const version = await versionOf(reference);
      const data = { reference, version, messageText: 'Could you send a photo?', awaitReply: 'true' };
      const failed = await press(investigator, thread, 'messageResident', data, 'f:flaky');
      expect(failed.text).toMatch(/Last message to resident: Waiting to reach the resident's chat \(tried 1 time\)/);
      const whats = (await t.cases.timeline(reference)).map((e) => e.what);
      expect(whats).toEqual(expect.arrayContaining(['Message to the resident written, waiting for their reply', "Waiting to reach the resident's chat (tried 1 time)"]));
      expect(whats.join('\n')).not.toMatch(/sent to the resident/i);

      up = true; // the chat is back; Teams retries the same invoke
      const again = await press(investigator, thread, 'messageResident', data, 'f:flaky');
      expect(again.text).toMatch(/already done.*sent to the resident's chat/);
      expect(again.text).toMatch(/Last message to resident: Delivered to the chat /);
      expect((await t.cases.timeline(reference)).map((e) => e.what).join('\n')).toMatch(/^Delivered to the chat \w{3}, /m);
      expect((await commandsOf(reference)).filter((c) => c === 'messageResident')).toHaveLength(1);
    } finally {
      flaky.close();
    }
  });
});
