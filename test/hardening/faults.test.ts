/**
 * The database stalls (the server stops answering, its port stays open) or is killed outright
 * mid-conversation: the resident is told to try again, rather than left looking at nothing, the
 * bot stays up, and the conversation carries on when the database is back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, RunningApp } from '../../bot/app';
import { loadConfig } from '../../services/config';
import { DEFAULT_FERRETDB_BIN, EmbeddedFerretDb } from '../../services/database/embeddedFerretDb';
import { en } from '../../locale/en-GB';
import { BotProcess, startBotProcess } from '../support/botProcess';
import { createLogger } from '../../services/logger';
import { activity, FakeChannel, postActivity, startFakeChannel } from '../support/channel';

describe('a database that stalls mid-conversation', () => {
  let db: EmbeddedFerretDb;
  let app: RunningApp;
  let channel: FakeChannel;
  let dataDir: string;
  let pid: number;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-stall-'));
    db = new EmbeddedFerretDb({ dataDir, supervise: false });
    const uri = await db.start();
    pid = Number(fs.readFileSync(path.join(dataDir, 'ferretdb.pid'), 'utf8'));
    app = await startApp(loadConfig({ MONGODB_URI: `${uri}stall`, PORT: '0', HOST: '127.0.0.1', DATA_DIR: path.join(dataDir, 'bot'), LOG_LEVEL: 'silent', DB_CONNECT_MAX_BACKOFF_MS: '500' }), createLogger('silent'));
    channel = await startFakeChannel();
  }, 60_000);
  afterAll(async () => {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      /* already gone */
    }
    await app?.close();
    await channel?.close();
    await db?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const url = () => `http://127.0.0.1:${app.port}`;
  const waitForMore = async (conv: string, than: number, ms: number) => {
    const deadline = Date.now() + ms;
    while (channel.textsFor(conv).length <= than && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return channel.textsFor(conv).slice(than);
  };

  test('the resident hears that something went wrong, and carries on when it is back', async () => {
    const conv = 'stall-1';
    expect((await postActivity(url(), activity(channel.serviceUrl, conv, { channelId: 'emulator', text: 'The streetlight outside 12 Elm Road has been out for a week' }))).status).toBe(200);
    await waitForMore(conv, 0, 10_000);
    const before = channel.textsFor(conv).length;
    expect(before).toBeGreaterThan(0);

    process.kill(pid, 'SIGSTOP');
    const stalled = postActivity(url(), activity(channel.serviceUrl, conv, { channelId: 'emulator', text: 'yes' }));
    const said = await waitForMore(conv, before, 25_000);
    expect(said.join('\n')).toMatch(/something went wrong on our side\. Please try again in a moment\. Nothing you've told us so far has been lost/);
    process.kill(pid, 'SIGCONT');
    await stalled;

    const mark = channel.textsFor(conv).length;
    expect((await postActivity(url(), activity(channel.serviceUrl, conv, { channelId: 'emulator', text: 'yes' }))).status).toBe(200);
    const after = await waitForMore(conv, mark, 15_000);
    expect(after.length).toBeGreaterThan(0);
    expect(after.join('\n')).not.toMatch(/something went wrong/);
  }, 90_000);
});

describe('a database killed mid-conversation', () => {
  // The bot as `npm start` runs it, on its own supervised embedded database. The database binary is
  // a wrapper that, while HOLD exists, waits before starting FerretDB: a database that is down (its
  // port refuses connections) for a while after it was killed, as a slow restart or a crash loop is.
  let bot: BotProcess;
  let channel: FakeChannel;
  let dataDir: string;
  let hold: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-kill-'));
    hold = path.join(dataDir, 'hold');
    const wrapper = path.join(dataDir, 'ferretdb-held.sh');
    fs.writeFileSync(wrapper, `#!/bin/sh\nwhile [ -f '${hold}' ]; do sleep 0.1; done\nexec '${DEFAULT_FERRETDB_BIN}' "$@"\n`, { mode: 0o755 });
    channel = await startFakeChannel();
    bot = await startBotProcess({ DATA_DIR: path.join(dataDir, 'bot'), FERRETDB_BIN: wrapper, DB_CONNECT_MAX_BACKOFF_MS: '500' });
  }, 90_000);
  afterAll(async () => {
    fs.rmSync(hold, { force: true });
    await bot?.stop('SIGTERM');
    await channel?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const say = async (conv: string, text: string) => {
    const mark = channel.textsFor(conv).length;
    const res = await postActivity(bot.url, activity(channel.serviceUrl, conv, { channelId: 'emulator', text }));
    if (res.status !== 200) throw new Error(`${res.status} ${res.text}\n${bot.output().slice(-3000)}`);
    return channel.textsFor(conv).slice(mark).join('\n');
  };
  const health = async () => (await fetch(`${bot.url}/healthz`)).status;

  test('the resident is told something went wrong, the bot stays up, and after the restart their answers are there and the conversation carries on', async () => {
    const conv = 'kill-1';
    expect(await say(conv, 'I reported the broken streetlight outside 14 Elm Road three weeks ago and nobody has come to fix it. I am fed up.')).toMatch(/make a complaint/i);
    // ("for yourself, or for someone else?" now rides on the contact question: issue 18, fewer turns)
    expect(await say(conv, 'Make a complaint')).toMatch(/What would you like us to do to put things right/);

    const pid = Number(fs.readFileSync(path.join(dataDir, 'bot', 'ferretdb', 'ferretdb.pid'), 'utf8'));
    fs.writeFileSync(hold, '');
    process.kill(pid, 'SIGKILL');
    const t0 = Date.now();
    const said = await say(conv, 'Fix the light and explain the delay');
    const tookMs = Date.now() - t0;
    expect(said).toBe(en.errors.generic);
    // Within the turn's one budget (10 s, bot/turnBudget.ts), not the sum of the per-call bounds
    // it would otherwise meet in a row (Direct Line lookup, redelivery check, state read: 15 s).
    expect(tookMs).toBeLessThan(13_000);
    expect(bot.child.exitCode).toBeNull();
    expect(await health()).toBe(503);
    process.stdout.write(`database killed: the resident heard back in ${tookMs} ms\n`);

    // The database comes back (the bot's supervisor starts it again once it can).
    fs.rmSync(hold);
    while ((await health()) !== 200) await new Promise((r) => setTimeout(r, 200));
    expect(bot.output()).toMatch(/embedded database exited unexpectedly; restarting it/);

    // What the resident had told us is still there, and the answer they were asked to repeat moves the conversation on.
    expect(await say(conv, 'Fix the light and explain the delay')).toMatch(/photos or documents/);
    expect(await say(conv, 'Skip')).toMatch(/name and an email address or phone number/);
    expect(await say(conv, 'Jane Smith, jane.smith@example.org')).toMatch(/make it easier for you/);
    const summary = await say(conv, 'No, nothing needed');
    expect(summary).toMatch(/Where: 14 Elm Road/);
    expect(summary).toMatch(/What you want us to do: Fix the light and explain the delay/);
    expect(bot.output()).not.toMatch(/Elm Road|Jane Smith|kill-1/);
  }, 120_000);
});
