/**
 * Residents' messages on /api/messages (social channels through Azure Bot Service, or any
 * channel) are limited per conversation: beyond the limit the bot says so once in the
 * conversation, which is all a Messenger user can see, and reads nothing more until it refills.
 */
import { startApp, RunningApp } from '../bot/app';
import { loadConfig } from '../services/config';
import { createLogger } from '../services/logger';
import { activity, FakeChannel, postActivity, startFakeChannel } from './support/channel';
import { testDbUri } from './support/testDb';

describe('a conversation sending messages too quickly', () => {
  let app: RunningApp;
  let channel: FakeChannel;
  let url: string;
  beforeAll(async () => {
    channel = await startFakeChannel();
    const config = loadConfig({ MONGODB_URI: testDbUri('resident_limits'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '1000', RATE_LIMIT_CONVERSATION_PER_MINUTE: '3', RATE_LIMIT_CLIENT_PER_MINUTE: '10' });
    app = await startApp(config, createLogger('silent'));
    url = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app.db.connection.dropDatabase().catch(() => undefined);
    await app.close();
    await channel.close();
  });

  test('is told once to slow down, and other conversations carry on', async () => {
    const conv = 'flood-1';
    const send = (conversation: string, text: string) => postActivity(url, activity(channel.serviceUrl, conversation, { channelId: 'facebook', text }));
    for (const text of ['The bins on Elm Road were missed', 'Report a problem so we can put it right', 'yes']) expect((await send(conv, text)).status).toBe(200);
    const before = channel.textsFor(conv).length;
    for (const text of ['hello?', 'hello??', 'HELLO']) expect((await send(conv, text)).status).toBe(200);
    const after = channel.textsFor(conv).slice(before);
    expect(after).toEqual([expect.stringMatching(/^You're sending messages too quickly, so I haven't read the last one\. Please wait \d+ seconds? and send it again\.$/)]);

    const other = 'flood-2';
    await send(other, 'The streetlight on Mill Lane is out');
    expect(channel.textsFor(other).join('\n')).toMatch(/Is that right/);
  });
  test('in local mode (no Bot Framework authentication), one address posting too many activities gets 429', async () => {
    // The test above posted 7 activities from this address; 10 a minute are allowed.
    const statuses: number[] = [];
    let body = '';
    for (let i = 0; i < 6; i++) {
      const res = await postActivity(url, activity(channel.serviceUrl, `flood-addr-${i}`, { channelId: 'facebook', text: 'hello' }));
      statuses.push(res.status);
      body = res.text;
    }
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(body).error).toMatch(/^Too many activities from your address\. Please wait \d+ seconds and try again\.$/);
  });
});
