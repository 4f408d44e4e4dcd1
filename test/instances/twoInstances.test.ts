/**
 * Two real bot processes on one database, as two instances behind a load balancer with no sticky
 * sessions. The test plays the load balancer: both instances are told the public address
 * (PUBLIC_URL), and each request goes to the instance the scenario names.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseService, DEADLINE_REMINDER_JOB } from '../../services/cases';
import { Database } from '../../services/database/database';
import { createLogger } from '../../services/logger';
import { JobStore } from '../../services/scheduler/jobStore';
import { StaffDirectory } from '../../services/teams/staffDirectory';
import { TriageRegistry } from '../../services/teams/triageRegistry';
import { BotProcess, startBotProcess } from '../support/botProcess';
import { testDbUri } from '../support/testDb';
import { call, post, StreamClient, TOKEN_SECRET } from '../directline/helpers';
import { BOT, cardAction, person, post as postToBot, TEAM_ID, TENANT, TRIAGE_CHANNEL } from '../teams/support/activities';
import { residentDraft } from '../teams/support/app';
import { FakeTeams, startFakeTeams } from '../teams/support/teamsChannel';

jest.setTimeout(180_000);

const PUBLIC_URL = 'http://chat.council.test';
const COUNCIL = 'default';
const investigator = person('Sam Patel', '00000000-0000-4000-8000-0000000000b1');
const manager = person('Alex Jones', '00000000-0000-4000-8000-0000000000a1');

describe('two instances on one database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-instances-'));
  const uri = testDbUri('two_instances');
  let db: Database;
  let teams: FakeTeams;
  let a: BotProcess;
  let b: BotProcess;
  let reminderCase: string;
  let reminderJob: string;

  /** A URL the bot gave out (for PUBLIC_URL), as the load balancer sends it to one instance. */
  const via = (instance: BotProcess, url: string) => url.replace(/^(http|ws)(s?):\/\/[^/]+/, (_m, scheme: string) => `${scheme}://127.0.0.1:${instance.port}`);

  beforeAll(async () => {
    db = new Database({ uri, maxBackoffMs: 500 });
    await db.connect();
    teams = await startFakeTeams();
    // Staff and a triage channel, as a manager's `setup` leaves them.
    const staff = new StaffDirectory({ connection: db.connection, council: COUNCIL, logger: createLogger('silent'), bootstrapManagers: [], firstUserBecomesManager: false });
    await staff.grant({ aadObjectId: manager.aadObjectId, name: manager.name, teamsUserId: manager.id }, 'manager');
    await staff.grant({ aadObjectId: investigator.aadObjectId, name: investigator.name, teamsUserId: investigator.id }, 'investigator');
    await new TriageRegistry(db.connection, COUNCIL).setTriageChannel(
      {
        tenantId: TENANT,
        teamId: TEAM_ID,
        channelId: TRIAGE_CHANNEL,
        reference: { channelId: 'msteams', serviceUrl: teams.serviceUrl, conversation: { id: TRIAGE_CHANNEL, isGroup: true, conversationType: 'channel', tenantId: TENANT }, bot: BOT },
      },
      manager.aadObjectId,
    );
    // A case whose "due soon" reminder is already due: both instances look for due jobs as they start.
    const cases = new CaseService({ connection: db.connection, council: COUNCIL });
    reminderCase = (await cases.open(residentDraft(COUNCIL), { commandId: 'instances-reminder-case' })).reference;
    const jobs = new JobStore(db.connection);
    const dueFilter = { name: DEADLINE_REMINDER_JOB, 'data.reference': reminderCase, 'data.type': 'deadline_due_soon', 'data.deadline': 'acknowledge' };
    reminderJob = String((await jobs.jobs.collection.findOne(dueFilter))!._id);
    await jobs.jobs.collection.updateOne({ _id: reminderJob as never }, { $set: { runAt: new Date(Date.now() - 1000) } });

    const env = (name: string) => ({
      MONGODB_URI: uri,
      DATA_DIR: path.join(dataDir, name),
      COUNCIL,
      PUBLIC_URL,
      DIRECTLINE_TOKEN_SECRET: TOKEN_SECRET,
      ALLOW_LOCAL_STAFF: 'true',
      TEAMS_TENANT_ID: TENANT,
      SHUTDOWN_TIMEOUT_MS: '2000',
    });
    [a, b] = await Promise.all([startBotProcess(env('a')), startBotProcess(env('b'))]);
  });

  afterAll(async () => {
    await Promise.all([a, b].filter((p) => p && p.child.exitCode === null && p.child.signalCode === null).map((p) => p.stop()));
    await teams?.close();
    await db?.connection.dropDatabase().catch(() => undefined);
    await db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts a conversation on `instance` and opens its stream there. */
  async function residentOn(instance: BotProcess) {
    const generated = await call(`${instance.url}/v3/directline/tokens/generate`, { method: 'POST' });
    expect(generated.status).toBe(200);
    const started = await call(`${instance.url}/v3/directline/conversations`, { method: 'POST', token: String(generated.body.token) });
    expect(started.status).toBe(201);
    const conversation = { conversationId: String(started.body.conversationId), token: String(started.body.token) };
    expect(String(started.body.streamUrl)).toMatch(/^ws:\/\/chat\.council\.test\//);
    const stream = await StreamClient.open(via(instance, String(started.body.streamUrl)));
    return { conversation, stream };
  }

  /** The bot's messages after the resident's last one, from the conversation's stored history. */
  async function answerToLast(instance: BotProcess, conversation: { conversationId: string; token: string }): Promise<string[]> {
    const history = await call(`${instance.url}/v3/directline/conversations/${conversation.conversationId}/activities`, { token: conversation.token });
    const messages = (history.body.activities as Array<{ type: string; text?: string; from: { role?: string } }>).filter((x) => x.type === 'message');
    const last = messages.map((m) => m.from.role).lastIndexOf('user');
    return messages.slice(last + 1).map((m) => m.text ?? '');
  }

  const botTexts = (stream: StreamClient) => stream.messages().filter((m) => m.from.role === 'bot').map((m) => m.text ?? '');

  test('both instances say how live delivery reaches the other: by polling the activity store, as FerretDB has no change streams', () => {
    for (const instance of [a, b]) expect(instance.output()).toMatch(/direct line live delivery across instances: polling the activity store by watermark/);
  });

  test('a resident connected to A posts through B and gets the bot\'s replies on A\'s stream', async () => {
    const { conversation, stream } = await residentOn(a);
    await stream.waitFor((m) => botTexts(stream).some((t) => /Tell us what's happened/.test(t)), 'the greeting on A');
    const greeted = botTexts(stream).length;
    const sent = await post(b.url, conversation, { type: 'message', text: 'the bins on Elm Road were not collected this week' });
    expect(sent.status).toBe(200);
    await stream.waitFor(() => botTexts(stream).slice(greeted).some((t) => /Is that right/.test(t)), 'the reply from B on A\'s stream', 5000);
    // The resident's own message shows too, once, and in order: watermarks go up one at a time.
    const mine = stream.messages().filter((m) => m.from.role === 'user');
    expect(mine.map((m) => m.text)).toEqual(['the bins on Elm Road were not collected this week']);
    const watermarks = stream.received.map((r) => r.watermark).filter((w): w is number => w !== undefined);
    expect(new Set(watermarks).size).toBe(new Set(stream.received.map((r) => r.activity.id)).size);
    expect(stream.received.map((r) => r.activity.id)).toEqual([...new Set(stream.received.map((r) => r.activity.id))]);
    stream.close();
  });

  test('a reminder due as both instances start is delivered once, by whichever claimed it', async () => {
    const reminder = (s: { kind: string; body: Record<string, unknown> }) => s.kind === 'send' && String(s.body.text ?? '').includes(reminderCase);
    await teams.waitFor(reminder, 'the deadline reminder in Teams', 30_000);
    // Both instances have had the job in front of them; once it is done (a done job is deleted),
    // give the slower one time to have tried too.
    const jobs = new JobStore(db.connection);
    const deadline = Date.now() + 15_000;
    while ((await jobs.jobs.collection.countDocuments({ _id: reminderJob as never })) > 0) {
      if (Date.now() > deadline) throw new Error('the reminder job was not done');
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 2000));
    expect(teams.sent.filter(reminder)).toHaveLength(1);
  });

  test('a staff reply sent through B\'s Teams endpoint reaches the resident\'s stream on A', async () => {
    const { conversation, stream } = await residentOn(a);
    await stream.waitFor(() => botTexts(stream).some((t) => /Tell us what's happened/.test(t)), 'the greeting on A');
    // The case keeps the conversation's address as the bot stores it: the public Direct Line.
    const cases = new CaseService({ connection: db.connection, council: COUNCIL, reminders: false });
    const reference = (
      await cases.open(
        residentDraft(COUNCIL, {
          conversationReference: {
            channelId: 'directline',
            serviceUrl: PUBLIC_URL,
            conversation: { id: conversation.conversationId },
            bot: { id: 'council-feedback-bot', name: 'Council' },
            user: { id: 'resident' },
          },
        }),
        { commandId: 'instances-relay-case' },
      )
    ).reference;
    const version = (await cases.getByReference(reference))!.version;
    const pressed = await postToBot(
      b.url,
      cardAction({ serviceUrl: teams.serviceUrl, in: TRIAGE_CHANNEL }, investigator, 'messageResident', { reference, version, messageText: 'Could you send a photo of the bin?', awaitReply: 'false' }),
    );
    expect(pressed.status).toBe(200);
    await stream.waitFor(() => botTexts(stream).some((t) => t.includes('Could you send a photo of the bin?')), 'the staff message on A\'s stream', 5000);
    expect(botTexts(stream).filter((t) => t.includes('Could you send a photo of the bin?'))).toHaveLength(1);
    stream.close();
  });

  test('with A killed mid-conversation, the resident reconnects to B and carries on with nothing lost', async () => {
    // What the bot answers the second message when nothing goes wrong (one instance throughout).
    const control = await residentOn(b);
    await control.stream.waitFor(() => botTexts(control.stream).some((t) => /Tell us what's happened/.test(t)), 'the greeting on B');
    expect((await post(b.url, control.conversation, { type: 'message', text: 'the bins on Elm Road were not collected this week' })).status).toBe(200);
    await control.stream.waitFor(() => botTexts(control.stream).some((t) => /Is that right/.test(t)), 'the question on B');
    expect((await post(b.url, control.conversation, { type: 'message', text: 'Report a problem so we can put it right' })).status).toBe(200);
    const expected = await answerToLast(b, control.conversation); // stored before the post is answered
    expect(expected.length).toBeGreaterThan(0);
    control.stream.close();

    const { conversation, stream } = await residentOn(a);
    await stream.waitFor(() => botTexts(stream).some((t) => /Tell us what's happened/.test(t)), 'the greeting on A');
    expect((await post(a.url, conversation, { type: 'message', text: 'the bins on Elm Road were not collected this week' })).status).toBe(200);
    await stream.waitFor(() => botTexts(stream).some((t) => /Is that right/.test(t)), 'the question on A');
    const seen = stream.received.filter((r) => r.watermark !== undefined).map((r) => r.activity.id);
    const last = Math.max(...stream.watermarks);

    expect(await a.stop('SIGKILL')).toBeNull();
    // Web Chat reconnects with the last watermark it has; the load balancer sends it to B.
    const again = await call(`${b.url}/v3/directline/conversations/${conversation.conversationId}?watermark=${last}`, { token: conversation.token });
    expect(again.status).toBe(200);
    const resumed = await StreamClient.open(via(b, String(again.body.streamUrl)));
    expect((await post(b.url, conversation, { type: 'message', text: 'Report a problem so we can put it right' })).status).toBe(200);
    // B carries on where A left off: the same answer as in the conversation that never moved.
    expect(await answerToLast(b, conversation)).toEqual(expected);
    await resumed.waitFor(() => botTexts(resumed).length >= expected.length, 'the answer on B\'s stream');
    expect(botTexts(resumed)).toEqual(expected);
    // Nothing replayed twice, nothing missing: the whole history has every activity A showed, then B's.
    const history = await call(`${b.url}/v3/directline/conversations/${conversation.conversationId}/activities`, { token: conversation.token });
    const ids = (history.body.activities as Array<{ id: string }>).map((x) => x.id);
    expect(ids.slice(0, seen.length)).toEqual(seen);
    expect(ids.slice(seen.length)).toEqual(resumed.received.filter((r) => r.watermark !== undefined).map((r) => r.activity.id));
    expect(resumed.received.every((r) => r.watermark === undefined || r.watermark > last)).toBe(true);
    resumed.close();
  });
});
