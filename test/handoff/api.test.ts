/**
 * Handoffs over HTTP, with the whole bot in-process (startApp, as main.ts runs it): a Facebook
 * conversation arriving on /api/messages is given a link, the website conversation over the
 * bot's own Direct Line carries on from it; and POST /api/handoffs, as a social media team's
 * inbox tool would call it, with its key, validation and rate limit.
 */
import { startApp, RunningApp } from '../../bot/app';
import { loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import { activity, FakeChannel, postActivity, startFakeChannel } from '../support/channel';
import { testDbUri } from '../support/testDb';
import { call, post, startConversation, StreamClient } from '../directline/helpers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const API_KEY = 'handoff-api-key-for-tests-0123456789abcdef';
const LINK = /(http:\/\/127\.0\.0\.1:\d+)\/chat\?handoff=([A-Za-z0-9._-]+)/;

interface TestApp {
  app: RunningApp;
  url: string;
  logs: string[];
  close(): Promise<void>;
}

async function start(label: string, env: Record<string, string>): Promise<TestApp> {
  const uri = testDbUri(label);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-handoff-'));
  const config = loadConfig({ MONGODB_URI: uri, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DB_CONNECT_MAX_BACKOFF_MS: '500', SHUTDOWN_TIMEOUT_MS: '1000', LOG_LEVEL: 'silent', ...env });
  const logs: string[] = [];
  const app = await startApp(config, createLogger('info', { write: (line: string) => void logs.push(line) }));
  return {
    app,
    url: `http://127.0.0.1:${app.port}`,
    logs,
    async close() {
      await app.db.connection.dropDatabase().catch(() => undefined);
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('handoffs with the whole bot over HTTP', () => {
  let t: TestApp;
  let channel: FakeChannel;
  beforeAll(async () => {
    channel = await startFakeChannel();
    t = await start('handoff_api', { HANDOFF_API_KEY: API_KEY, RATE_LIMIT_HANDOFFS_PER_MINUTE: '12' });
  });
  afterAll(async () => {
    await t.close();
    await channel.close();
  });

  const handoff = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` }) =>
    call(`${t.url}/api/handoffs`, { method: 'POST', json: body, headers });

  test('a Facebook conversation on /api/messages is handed to the website chat, which carries on from it', async () => {
    const conv = 'fb-conv-1';
    const fb = (fields: Record<string, unknown>) => activity(channel.serviceUrl, conv, { channelId: 'facebook', from: { id: 'psid-123', name: 'Jane Smith' }, ...fields });
    await postActivity(t.url, fb({ text: 'The streetlight outside 3 Oak Road has been broken since 2 November' }));
    await channel.waitFor(1);
    await postActivity(t.url, fb({ text: 'Report a problem so we can put it right' }));
    const texts = async () => channel.textsFor(conv).join('\n');
    const deadline = Date.now() + 10_000;
    while (!LINK.test(await texts()) && Date.now() < deadline) {
      // Answer whatever detail is still missing (the bot asks only what it does not know).
      const last = channel.textsFor(conv).at(-1) ?? '';
      const n = channel.activities.length;
      await postActivity(t.url, fb({ text: /put things right|want us to do/i.test(last) ? 'Fix it please' : 'Yes' }));
      await channel.waitFor(n + 1);
    }
    const all = await texts();
    expect(all).not.toMatch(/email address or phone number|for yourself, or for someone else|photos or documents/);
    const [, base, token] = LINK.exec(all)!;
    expect(base).toBe(t.url);

    // The website: a new Direct Line conversation, then the page's handoff event.
    const c = await startConversation(t.url);
    const stream = await StreamClient.open(c.streamUrl);
    await stream.waitFor((m) => m.some((a) => /Tell us what's happened/.test(a.text ?? '')), 'the greeting');
    expect((await post(t.url, c, { type: 'event', name: 'handoff', value: token })).status).toBe(200);
    const shown = await stream.waitFor((m) => m.some((a) => /coming over from Facebook/.test(a.text ?? '')), 'the carry-on message');
    expect(shown.map((a) => a.text).join('\n')).toMatch(/3 Oak Road/);
    stream.ws.close();

    // Nothing the resident wrote is logged.
    expect(t.logs.join('\n')).not.toMatch(/Oak Road|Jane Smith/);
  });

  test('POST /api/handoffs with the key returns a link that starts the website chat from the message', async () => {
    const made = await handoff({ message: 'Someone has dumped a sofa behind the shops on Hill Street', platform: 'Twitter', handle: '@hillres' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ platform: 'x', handoffId: expect.stringMatching(/^h/), link: expect.stringMatching(LINK) });
    expect(new Date(String(made.body.expiresAt)).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    const token = LINK.exec(String(made.body.link))![2];
    const c = await startConversation(t.url);
    const stream = await StreamClient.open(c.streamUrl);
    await post(t.url, c, { type: 'event', name: 'handoff', value: token });
    const shown = await stream.waitFor((m) => m.some((a) => /Thanks for contacting us on X/.test(a.text ?? '')), 'the inbox message');
    expect(shown.map((a) => a.text).join('\n')).toMatch(/dumped a sofa behind the shops/);
    stream.ws.close();
    expect(t.logs.join('\n')).not.toMatch(/sofa|@hillres/);
  });

  test('the web page passes the link when it asks for a token, and the conversation starts from it, with no greeting first', async () => {
    const made = await handoff({ message: 'The bus shelter on Kings Road has been smashed', platform: 'instagram' });
    const token = LINK.exec(String(made.body.link))![2];
    const page = await call(`${t.url}/webchat/token`, { method: 'POST', json: { handoff: token } });
    expect(page.status).toBe(200);
    expect(page.body.handoff).toBe('carried');
    const started = await call(`${t.url}/v3/directline/conversations`, { method: 'POST', token: String(page.body.token) });
    expect(started.status).toBe(201);
    const stream = await StreamClient.open(String(started.body.streamUrl));
    const shown = await stream.waitFor((m) => m.some((a) => /Thanks for contacting us on Instagram/.test(a.text ?? '')), 'the carried-over message');
    const texts = shown.map((a) => a.text).join('\n');
    expect(texts).toMatch(/bus shelter on Kings Road/);
    expect(texts).not.toMatch(/Tell us what's happened/);
    stream.ws.close();
    // A refreshed token does not carry the link again.
    const refreshed = await call(`${t.url}/v3/directline/tokens/refresh`, { method: 'POST', token: String(started.body.token) });
    expect(JSON.parse(Buffer.from(String(refreshed.body.token).split('.')[1], 'base64url').toString())).not.toHaveProperty('ho');
  });

  test('without the right key, or with a bad body, nothing is made and the reason is clear', async () => {
    expect((await handoff({ message: 'x', platform: 'facebook' }, {})).status).toBe(401);
    const wrong = await handoff({ message: 'x', platform: 'facebook' }, { authorization: 'Bearer not-the-key-0123456789' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatch(/valid API key/);

    const operator = await handoff({ message: { $gt: '' }, platform: 'facebook' });
    expect(operator.status).toBe(400);
    expect(operator.body.error).toMatch(/message must be the text the resident sent/);
    const platform = await handoff({ message: 'Pothole', platform: 'myspace' });
    expect(platform.status).toBe(400);
    expect(platform.body.error).toMatch(/platform must be one of facebook, instagram, whatsapp, x/);
    const extra = await handoff({ message: 'Pothole', platform: 'facebook', admin: true });
    expect(extra.status).toBe(400);
    const long = await handoff({ message: 'a'.repeat(4001), platform: 'facebook' });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatch(/up to 4000 characters/);
    const notJson = await call(`${t.url}/api/handoffs`, { method: 'POST', body: 'message=hi', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).toBe(415);
    expect(await t.app.db.connection.collection('handoffs').countDocuments({ message: 'Pothole' })).toBe(0);
  });

  test('too many requests in a minute get 429 with Retry-After', async () => {
    let last = { status: 0, body: {} as Record<string, unknown>, headers: new Headers() };
    for (let i = 0; i < 20 && last.status !== 429; i++) last = await handoff({ message: `Fly-tipping ${i}`, platform: 'facebook' });
    expect(last.status).toBe(429);
    expect(last.body.error).toMatch(/Too many/);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('POST /api/handoffs when no key is configured', () => {
  test('is off, and says so', async () => {
    const t = await start('handoff_off', {});
    try {
      const res = await call(`${t.url}/api/handoffs`, { method: 'POST', json: { message: 'hi', platform: 'facebook' } });
      expect(res.status).toBe(404);
      expect(res.body.error).toMatch(/not switched on/);
    } finally {
      await t.close();
    }
  });
});
