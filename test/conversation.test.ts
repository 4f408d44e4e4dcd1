/**
 * A real conversation over HTTP: the bot runs as its own process, exactly as `npm start` runs it,
 * on the embedded database it starts itself; replies are captured on a local serviceUrl.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { activity, FakeChannel, postActivity, startFakeChannel } from './support/channel';
import { BotProcess, startBotProcess } from './support/botProcess';

const FERRETDB_BIN = path.resolve(__dirname, '..', '.tools', 'bin', 'ferretdb');

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

function embeddedPortFrom(output: string): number {
  const line = output.split('\n').find((l) => l.includes('embedded database (FerretDB on SQLite) started'));
  if (!line) throw new Error(`no embedded database start in the log:\n${output}`);
  return JSON.parse(line).port;
}

/** SIGTERM (the bot stops its embedded database too), then SIGKILL if it has not gone in 15 s. */
async function stopBot(bot: BotProcess): Promise<void> {
  const exited = bot.stop('SIGTERM');
  const timer = setTimeout(() => bot.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

describe('a conversation over /api/messages', () => {
  let channel: FakeChannel;
  let dataDir: string;

  beforeAll(async () => {
    channel = await startFakeChannel();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-convo-'));
  });
  afterAll(async () => {
    await channel.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('greets, answers on the serviceUrl, and keeps state across a restart of the bot process', async () => {
    const env = { DATA_DIR: dataDir, FERRETDB_BIN };
    const conv = 'conv-restart';
    let bot = await startBotProcess(env);
    try {
      const joined = await postActivity(bot.url, activity(channel.serviceUrl, conv, { type: 'conversationUpdate', membersAdded: [{ id: `user-${conv}` }] }));
      expect(joined.status).toBe(200);
      await channel.waitFor(2);
      expect(channel.textsFor(conv)[0]).toMatch(/online help/);
      expect(channel.textsFor(conv)[1]).toMatch(/Tell us what's happened/);
      await postActivity(bot.url, activity(channel.serviceUrl, conv, { text: 'the bins on Elm Road were not collected this week' }));
      await channel.waitFor(3);
      expect(channel.textsFor(conv)[2]).toMatch(/Is that right/);

      const dbPort = embeddedPortFrom(bot.output());
      expect(await bot.stop('SIGTERM')).toBe(0);
      expect(await portIsOpen(dbPort)).toBe(false); // the embedded database stopped with the bot

      bot = await startBotProcess(env);
      await postActivity(bot.url, activity(channel.serviceUrl, conv, { text: 'Report a problem so we can put it right' }));
      await channel.waitFor(4);
      // the answer was understood in the context kept from before the restart
      // (the next question: photos, since "for yourself or someone else?" now rides on the contact question, issue 18)
      expect(channel.textsFor(conv)[3]).toMatch(/photos or documents/);
      // nothing a resident wrote reaches the logs
      expect(bot.output()).not.toMatch(/bins on Elm Road|Report a problem so/);
    } finally {
      await stopBot(bot);
    }
  });

  test('SIGTERM lets a turn in flight finish before the process exits', async () => {
    const bot = await startBotProcess({ DATA_DIR: dataDir, FERRETDB_BIN });
    const conv = 'conv-inflight';
    const before = channel.activities.length;
    channel.delayMs = 1500; // the channel is slow to accept the reply, so the turn is still running
    try {
      const posting = postActivity(bot.url, activity(channel.serviceUrl, conv, { text: 'hello' }));
      await new Promise((r) => setTimeout(r, 400));
      const exiting = bot.stop('SIGTERM');
      const answer = await posting;
      expect(answer.status).toBe(200);
      expect(await exiting).toBe(0);
      expect(channel.activities.length).toBe(before + 1);
      expect(channel.textsFor(conv)).toHaveLength(1);
    } finally {
      channel.delayMs = 0;
      await stopBot(bot);
    }
  });

  test('hostile or malformed bodies are refused with a clear message', async () => {
    const bot = await startBotProcess({ DATA_DIR: dataDir, FERRETDB_BIN });
    try {
      const notJson = await postActivity(bot.url, '{"type": "message", ');
      expect(notJson.status).toBe(400);

      const operator = await postActivity(bot.url, activity(channel.serviceUrl, 'c-op', { conversation: { id: { $gt: '' } } }));
      expect(operator.status).toBe(400);
      expect(JSON.parse(operator.text).error).toMatch(/conversation\.id/);

      const array = await postActivity(bot.url, [1, 2, 3]);
      expect(array.status).toBe(400);

      const badServiceUrl = await postActivity(bot.url, activity('file:///etc/passwd', 'c-url', { text: 'hi' }));
      expect(badServiceUrl.status).toBe(400);

      const boundary = 'x-boundary';
      const multipart = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n${'x'.repeat(300 * 1024)}\r\n--${boundary}--\r\n`,
      });
      // multipart is not read at all here: refused as not an activity, never spooled to disk
      expect(multipart.status).toBe(400);
      expect((await multipart.json()).error).toMatch(/Not a valid Bot Framework activity/);
      const smallMultipart = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nmessage\r\n--${boundary}--\r\n`,
      });
      expect(smallMultipart.status).toBe(400);

      const huge = await postActivity(bot.url, activity(channel.serviceUrl, 'c-big', { text: 'x'.repeat(400 * 1024) }));
      expect(huge.status).toBe(413);

      // the bot is still answering after all that
      const fine = await postActivity(bot.url, activity(channel.serviceUrl, 'c-fine', { text: 'hello' }));
      expect(fine.status).toBe(200);
    } finally {
      await stopBot(bot);
    }
  });
});
