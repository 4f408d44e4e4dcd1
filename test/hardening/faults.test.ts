/**
 * The database stalls (the server stops answering, its port stays open) mid-conversation: the
 * resident is told to try again, rather than left looking at nothing, and the conversation
 * carries on when the database is back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, RunningApp } from '../../bot/app';
import { loadConfig } from '../../services/config';
import { EmbeddedFerretDb } from '../../services/database/embeddedFerretDb';
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
