/**
 * A staff message the resident's chat cannot take (issue 17): it waits ("pending") until a channel
 * accepts it, is retried with backoff by the scheduler, is delivered once when the resident comes
 * back to that conversation, goes in writing once after the last try, and survives a restart of
 * the bot between tries. The real bot over HTTP (Teams invokes, a resident's channel that can be
 * taken down and brought back), a stand-in GOV.UK Notify, the real database.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import { CHAT_MAX_TRIES, CHAT_RETRY_JOB } from '../../services/teams/chatDelivery';
import { activity as residentActivity, postActivity } from '../support/channel';
import { startNotifyServer, type NotifyServer } from '../support/notifyServer';
import { testDbUri } from '../support/testDb';
import { notifyEnv, NOTIFY_TEMPLATES } from '../correspondence/templates';
import { cardAction, person, post, TENANT } from './support/activities';
import { openCase, staffAndTriage } from './support/app';
import { cardsIn, cardText } from './support/cards';
import { FakeTeams, startFakeTeams } from './support/teamsChannel';
import { CaseService } from '../../services/cases';
import { Database } from '../../services/database/database';
import { until } from '../support/until';

const manager = person('Alex Jones', '00000000-0000-4000-8000-0000000002a1');
const investigator = person('Sam Patel', '00000000-0000-4000-8000-0000000002b1');
const CALLBACK_TOKEN = 'callback-token-for-tests-0123456789abcdef';
const STAFF_WORDS = 'Could you send us a photo of the missed bin?';

/** A resident's channel (a Bot Framework connector) that can be down (404 for every conversation) or up. */
async function residentChannel() {
  const state = { up: false };
  const received: Array<{ conversationId: string; text: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (!state.up || req.method !== 'POST' || !m) {
        res.statusCode = 404;
        res.end('{"error":{"code":"ConversationNotFound"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (body.type === 'message') received.push({ conversationId: decodeURIComponent(m[1]), text: String(body.text ?? '') });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `r-${received.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    state,
    /** The staff message as the resident's chat received it, per conversation. */
    staffMessages: (conversationId: string) => received.filter((a) => a.conversationId === conversationId && a.text.includes(STAFF_WORDS)),
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}


describe('a staff message the chat cannot take', () => {
  let notify: NotifyServer;
  let teams: FakeTeams;
  let chat: Awaited<ReturnType<typeof residentChannel>>;
  const uri = testDbUri('chat_delivery');
  let app: RunningApp;
  let url: string;
  let db: Database;
  let cases: CaseService;
  const logs: string[] = [];

  const start = async () => {
    const config = loadConfig({ MONGODB_URI: uri, PORT: '0', HOST: '127.0.0.1', DB_CONNECT_MAX_BACKOFF_MS: '500', LOG_LEVEL: 'silent', ALLOW_LOCAL_STAFF: 'true', TEAMS_TENANT_ID: TENANT, ...notifyEnv(notify, CALLBACK_TOKEN) });
    app = await startApp(config, createLogger('info', { write: (line: string) => void logs.push(line) }));
    url = `http://127.0.0.1:${app.port}`;
  };

  beforeAll(async () => {
    notify = await startNotifyServer({ templates: NOTIFY_TEMPLATES });
    teams = await startFakeTeams();
    chat = await residentChannel();
    await start();
    await staffAndTriage(app, teams.serviceUrl, [[manager, 'manager'], [investigator, 'investigator']]);
    db = new Database({ uri, maxBackoffMs: 500 });
    await db.connect();
    cases = new CaseService({ connection: db.connection, council: app.cases.council, reminders: false });
  }, 60_000);
  afterAll(async () => {
    // Ids and references only: never what staff wrote, nor who the resident is.
    expect(logs.join('\n')).not.toMatch(/photo of the missed bin|Jane|Smith|jane\.smith/);
    await app?.close();
    await db?.connection.dropDatabase().catch(() => undefined);
    await db?.close();
    await teams?.close();
    await chat?.close();
    await notify?.close();
  });

  const residentReference = (conversationId: string) => ({
    channelId: 'directline',
    serviceUrl: chat.serviceUrl,
    conversation: { id: conversationId },
    bot: { id: 'council-feedback-bot', name: 'Council' },
    user: { id: `user-${conversationId}` },
  });

  async function postedCase(conversationId: string) {
    const reference = await openCase(cases, { conversationReference: residentReference(conversationId) });
    await app.teams.notifier.caseOpened(reference);
    const created = await teams.waitFor((s) => s.kind === 'create' && cardText(cardsIn(s.body.activity as object)[0]).includes(reference), `the card of ${reference}`);
    return { reference, thread: created.conversationId };
  }

  async function send(reference: string, thread: string, id: string) {
    const version = (await cases.getByReference(reference))!.version;
    const res = await post(url, cardAction({ serviceUrl: teams.serviceUrl, in: thread }, investigator, 'messageResident', { reference, version, messageText: STAFF_WORDS }, { id }));
    expect(res.status).toBe(200);
    return cardText(res.body.value);
  }

  /** The card as a member of staff sees it now (their refresh). */
  async function card(reference: string, thread: string) {
    const res = await post(url, cardAction({ serviceUrl: teams.serviceUrl, in: thread }, investigator, 'refreshCard', { reference }, { trigger: 'automatic' }));
    return cardText(res.body.value);
  }

  const timeline = async (reference: string) => (await app.cases.timeline(reference)).map((e) => e.what);
  const retryJobs = (reference: string) => app.teams.scheduler.store.find({ group: reference, name: CHAT_RETRY_JOB });

  /** Time passes to the next retry: the waiting job falls due, and the instance holding it runs it. */
  async function nextRetryFallsDue(reference: string) {
    const jobs = await retryJobs(reference);
    expect(jobs).toHaveLength(1);
    await app.teams.scheduler.store.jobs.updateOne({ _id: jobs[0]._id }, { $set: { runAt: new Date(Date.now() - 1000) } }).exec();
    await app.teams.scheduler.runDue();
  }

  test('unreachable: it waits; the resident comes back to the chat and it is delivered once, and staff see so', async () => {
    const conversation = 'conv-comes-back';
    const { reference, thread } = await postedCase(conversation);
    const pressed = await send(reference, thread, 'f:send-back');
    expect(pressed).toMatch(/will be tried again and delivered as soon as they are back in the chat; if it still cannot reach them, it goes by email instead/);
    expect(pressed).toMatch(/Last message to resident: Waiting to reach the resident's chat \(tried 1 time\)/);
    expect(await timeline(reference)).toContain("Waiting to reach the resident's chat (tried 1 time)");
    expect((await timeline(reference)).join('\n')).not.toMatch(/Delivered|sent to the resident/i);

    // A retry that still cannot reach it.
    await nextRetryFallsDue(reference);
    expect(await card(reference, thread)).toMatch(/Last message to resident: Waiting to reach the resident's chat \(tried 2 times\)/);

    // The resident's chat is back, and they write in that conversation.
    chat.state.up = true;
    const mark = teams.sent.length;
    expect((await postActivity(url, residentActivity(chat.serviceUrl, conversation, { text: 'hello, any news?' }))).status).toBeLessThan(300);
    await until('the staff message in the chat', () => chat.staffMessages(conversation).length > 0);
    const [delivered] = chat.staffMessages(conversation);
    expect(delivered.text).toContain(`about your case ${reference}`);

    // Staff are told in the thread, and the card and timeline say so.
    const notice = await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'send' && s.conversationId === thread && /Delivered to the chat/.test(String(s.body.text ?? '')), 'the notice in the thread');
    expect(String(notice.body.text)).toContain(reference);
    expect(await card(reference, thread)).toMatch(/Last message to resident: Delivered to the chat \w{3}, \d{1,2} \w{3} \d{4}/);
    expect((await timeline(reference)).join('\n')).toMatch(/^Delivered to the chat \w{3}, \d{1,2} \w{3} \d{4}$/m);

    // Once only: another message from the resident, the retry falling due, Send pressed again.
    await postActivity(url, residentActivity(chat.serviceUrl, conversation, { text: 'thanks' }));
    await app.teams.scheduler.store.jobs.updateMany({ group: reference, name: CHAT_RETRY_JOB }, { $set: { runAt: new Date(0) } }).exec();
    await app.teams.scheduler.runDue();
    expect(await send(reference, thread, 'f:send-back')).toMatch(/already done.*sent to the resident's chat/);
    await new Promise((r) => setTimeout(r, 300));
    expect(chat.staffMessages(conversation)).toHaveLength(1);
    expect(notify.sent.filter((n) => n.type === 'email' && String(n.body ?? '').includes(STAFF_WORDS))).toHaveLength(0);
    chat.state.up = false;
  });

  test('never reachable: after the last try it goes in writing once', async () => {
    const conversation = 'conv-never';
    const { reference, thread } = await postedCase(conversation);
    await send(reference, thread, 'f:send-never');
    for (let tried = 2; tried < CHAT_MAX_TRIES; tried++) {
      await nextRetryFallsDue(reference);
      expect(await card(reference, thread)).toMatch(new RegExp(`Waiting to reach the resident's chat \\(tried ${tried} times\\)`));
    }
    const mark = teams.sent.length;
    await nextRetryFallsDue(reference);
    expect(await retryJobs(reference)).toHaveLength(0); // nothing more is tried
    const email = await until('the staff message by email', () => notify.sent.find((n) => n.type === 'email' && String(n.body ?? '').includes(STAFF_WORDS)));
    expect(email.to).toBe('jane.smith@example.org');
    await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'send' && s.conversationId === thread && /Sent by email instead/.test(String(s.body.text ?? '')), 'the notice in the thread');
    expect(await card(reference, thread)).toMatch(/Last message to resident: Sent by email instead/);
    expect(await timeline(reference)).toContain('Sent by email instead');

    // The chat coming back later, or Send pressed again, sends nothing more by any channel.
    chat.state.up = true;
    await postActivity(url, residentActivity(chat.serviceUrl, conversation, { text: 'hello?' }));
    expect(await send(reference, thread, 'f:send-never')).toMatch(/already done/);
    await new Promise((r) => setTimeout(r, 500));
    await app.teams.scheduler.runDue();
    expect(chat.staffMessages(conversation)).toHaveLength(0);
    expect(notify.sent.filter((n) => String(n.body ?? '').includes(STAFF_WORDS))).toHaveLength(1);
    chat.state.up = false;
  });

  test('a Direct Line reconnect to the conversation delivers what waits for it', async () => {
    // A conversation on the bot's own Direct Line; the case's reference to it cannot be reached for now.
    const generated = await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST' }).then((r) => r.json() as Promise<{ token: string; conversationId: string }>);
    const started = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
    expect(started.status).toBeLessThan(300);
    const conversation = generated.conversationId;
    const { reference, thread } = await postedCase(conversation);
    expect(await send(reference, thread, 'f:send-reconnect')).toMatch(/will be tried again/);
    chat.state.up = true;
    const reconnected = await fetch(`${url}/v3/directline/conversations/${encodeURIComponent(conversation)}?watermark=0`, { headers: { authorization: `Bearer ${generated.token}` } });
    expect(reconnected.status).toBe(200);
    await until('the staff message in the chat', () => chat.staffMessages(conversation).length > 0);
    expect(await card(reference, thread)).toMatch(/Last message to resident: Delivered to the chat/);
    await new Promise((r) => setTimeout(r, 300));
    expect(chat.staffMessages(conversation)).toHaveLength(1);
    chat.state.up = false;
  });

  test('a restart between tries loses nothing: the next instance makes the next try and delivers it once', async () => {
    const conversation = 'conv-restart';
    const { reference, thread } = await postedCase(conversation);
    await send(reference, thread, 'f:send-restart');
    await app.close();
    chat.state.up = true;
    await start(); // the same database, a new process's worth of bot
    await nextRetryFallsDue(reference);
    await until('the staff message in the chat', () => chat.staffMessages(conversation).length > 0);
    expect(await card(reference, thread)).toMatch(/Last message to resident: Delivered to the chat/);
    const delivery = (await app.cases.timeline(reference)).find((e) => e.command === 'delivery');
    expect(delivery?.details).toMatchObject({ state: 'delivered', tries: 2 });
    await new Promise((r) => setTimeout(r, 300));
    expect(chat.staffMessages(conversation)).toHaveLength(1);
  });
});
