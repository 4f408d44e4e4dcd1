/**
 * Hostile requests and faults, sent as an attacker or a failing machine would (loopback only,
 * bounded): the process stays up, nothing unauthenticated acts as staff or reaches a resident's
 * conversation, and the embedded database's data directory has one owner.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataDirectoryInUseError, EmbeddedFerretDb } from '../../services/database/embeddedFerretDb';
import { loadConfig } from '../../services/config';
import { startBotProcess, BotProcess } from '../support/botProcess';
import { testDbUri } from '../support/testDb';
import { continueConversation } from '../../services/teams/relay';
import { startTeamsTestApp, TeamsTestApp } from '../teams/support/app';
import { message, person, TENANT } from '../teams/support/activities';
import { startFakeTeams, FakeTeams } from '../teams/support/teamsChannel';
import { activity, postActivity as postToBot, startFakeChannel } from '../support/channel';

/** Sends raw bytes and returns whatever the server answered before it closed (or `timeoutMs` passed). */
function rawExchange(port: number, request: string | Buffer, timeoutMs = 3000): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply, closed: false });
    }, timeoutMs);
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ reply, closed: true });
    });
    socket.on('error', () => undefined);
    socket.write(request);
  });
}

describe('a real bot process under hostile requests', () => {
  let bot: BotProcess;
  beforeAll(async () => {
    bot = await startBotProcess({ MONGODB_URI: testDbUri('hostile_process'), SHUTDOWN_TIMEOUT_MS: '2000' });
  }, 90_000);
  afterAll(async () => {
    await bot?.stop('SIGKILL');
  });

  const alive = async () => (await fetch(`${bot.url}/healthz`)).status;

  test.each(['/api/messages', '/healthz', '/v3/directline/conversations', '/webchat/token', '/api/handoffs'])(
    'a body claiming gzip that is not gzip is refused with 415 on %s, and the process stays up',
    async (route) => {
      const res = await fetch(`${bot.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'not gzip' });
      expect(res.status).toBe(415);
      expect((await res.json()).error).toMatch(/Compressed request bodies are not accepted/);
      expect(await alive()).toBe(200);
    },
  );

  test('a small gzip that inflates to 50 MB is refused unread', async () => {
    const bomb = gzipSync(Buffer.from(`{"type":"message","text":"${'a'.repeat(50 * 1024 * 1024)}"}`));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
    expect(res.status).toBe(415);
    expect(await alive()).toBe(200);
  });

  test.each(['deflate', 'br', 'gzip, identity'])('Content-Encoding %s is refused too', async (encoding) => {
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: '{}' });
    expect(res.status).toBe(415);
  });

  test('a WebSocket upgrade to any other path is answered 404 and closed', async () => {
    const { reply, closed } = await rawExchange(bot.port, 'GET /x HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 404 Not Found/);
    expect(closed).toBe(true);
    expect(await alive()).toBe(200);
  });

  test('operator-laden and deeply nested bodies get a clear 400, never a 500', async () => {
    let nested = '{"a":1}';
    for (let i = 0; i < 5000; i++) nested = `{"a":${nested}}`;
    for (const body of [nested, '{"type":{"$ne":null},"conversation":{"id":{"$gt":""}}}', '[1,2,3]', '{"type":"message"', '\u0000\u0001']) {
      const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await alive()).toBe(200);
  });

  test('SIGTERM completes although a client holds sockets open', async () => {
    const idle = net.connect(bot.port, '127.0.0.1');
    const halfRequest = net.connect(bot.port, '127.0.0.1');
    await new Promise((r) => halfRequest.once('connect', r));
    halfRequest.write('POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    idle.on('error', () => undefined);
    halfRequest.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const code = await bot.stop('SIGTERM');
    expect(code).toBe(0);
    expect(bot.output()).toMatch(/shut down cleanly/);
    idle.destroy();
    halfRequest.destroy();
  });
});

describe('the embedded database data directory', () => {
  test('a second server on the same data directory is refused, and the first keeps serving', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-lock-'));
    const first = new EmbeddedFerretDb({ dataDir, supervise: true });
    const second = new EmbeddedFerretDb({ dataDir, supervise: true });
    try {
      await first.start();
      await expect(second.start()).rejects.toThrow(DataDirectoryInUseError);
      await expect(second.start()).rejects.toThrow(/is in use by another bot .*another DATA_DIR/);
      expect(first.running).toBe(true);
      await first.stop();
      // Once the first has stopped, the directory is free again.
      await second.start();
      expect(second.running).toBe(true);
    } finally {
      await first.stop();
      await second.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  test('a lock left by a process that is gone is taken over', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-lock-'));
    fs.writeFileSync(path.join(dataDir, 'bot.lock'), '999999999 gone');
    const db = new EmbeddedFerretDb({ dataDir });
    try {
      await db.start();
      expect(db.running).toBe(true);
    } finally {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('safe defaults', () => {
  test('with no configuration the bot listens on loopback only, and staff need authentication', () => {
    const config = loadConfig({});
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.ALLOW_LOCAL_STAFF).toBe(false);
  });

  test('ALLOW_LOCAL_STAFF is refused alongside Bot Framework credentials', () => {
    expect(() => loadConfig({ MicrosoftAppId: 'a', MicrosoftAppPassword: 'b', ALLOW_LOCAL_STAFF: 'true' })).toThrow(/ALLOW_LOCAL_STAFF is for local mode only/);
  });
});

describe('local mode without ALLOW_LOCAL_STAFF', () => {
  let t: TeamsTestApp;
  let teams: FakeTeams;
  const manager = person('Mallory Mallet', '00000000-0000-4000-8000-0000000000e1');
  beforeAll(async () => {
    teams = await startFakeTeams();
    t = await startTeamsTestApp('hostile_local', { ALLOW_LOCAL_STAFF: 'false', TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await t?.close();
    await teams?.close();
  });

  const postActivity = (activity: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });

  test('a Teams activity is refused (403) and nothing is said or granted', async () => {
    const res = await postActivity(message({ serviceUrl: teams.serviceUrl, tenant: TENANT }, manager, 'roles'));
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/Teams activities need Bot Framework authentication.*ALLOW_LOCAL_STAFF=true/);
    await new Promise((r) => setTimeout(r, 300));
    expect(teams.sent).toHaveLength(0);
    expect(await t.app.teams.staff.get(manager.aadObjectId)).toBeNull();
  });

  test('an activity from another address (through the proxy) is refused with 401', async () => {
    const res = await postActivity(
      { type: 'message', id: 'a1', channelId: 'emulator', serviceUrl: teams.serviceUrl, from: { id: 'u' }, recipient: { id: 'b' }, conversation: { id: 'c1' }, text: 'hello' },
      { 'x-forwarded-for': '203.0.113.9' },
    );
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatch(/local mode.*only from this machine/);
  });

  test("nobody without the bot's credential can post into a Direct Line conversation as the council", async () => {
    const started = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST' });
    const { conversationId } = (await started.json()) as { conversationId: string };
    const res = await fetch(`${t.url}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'Your council tax is overdue, pay at http://phish.example', from: { id: 'bot' } }),
    });
    expect(res.status).toBe(401);
    // ...nor reach it through /api/messages, even from this machine.
    const viaMessages = await postActivity({ type: 'message', id: 'x1', channelId: 'directline', serviceUrl: teams.serviceUrl, from: { id: 'u' }, recipient: { id: 'b' }, conversation: { id: conversationId }, text: 'Change support needs' });
    expect(viaMessages.status).toBe(403);
    await new Promise((r) => setTimeout(r, 300));
    expect(teams.sent).toHaveLength(0);
  });

  test('a redelivered activity (same id) is acknowledged and not handled twice', async () => {
    const channel = await startFakeChannel();
    try {
      const first = activity(channel.serviceUrl, 'emulator-dup-1', { channelId: 'emulator', text: 'My bin was not collected on Monday' });
      expect((await postToBot(t.url, first)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      const afterFirst = channel.textsFor('emulator-dup-1').length;
      expect(afterFirst).toBeGreaterThan(0);
      expect((await postToBot(t.url, first)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      expect(channel.textsFor('emulator-dup-1')).toHaveLength(afterFirst);
      // A new activity in the same conversation is handled as usual.
      expect((await postToBot(t.url, activity(channel.serviceUrl, 'emulator-dup-1', { channelId: 'emulator', text: 'help' }))).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      expect(channel.textsFor('emulator-dup-1').length).toBeGreaterThan(afterFirst);
    } finally {
      await channel.close();
    }
  });

  test('the bot itself still reaches a Direct Line conversation proactively (a staff reply), signed with its own token', async () => {
    const started = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST' });
    const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };
    const reference = { channelId: 'directline', serviceUrl: t.url, conversation: { id: conversationId }, bot: { id: 'council-feedback-bot', name: 'Council' }, user: { id: 'someone' } };
    await continueConversation(t.app.adapter, '', reference as never, async (context) => {
      await context.sendActivity('A member of staff has replied about your case.');
    });
    const history = await fetch(`${t.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
    const { activities } = (await history.json()) as { activities: Array<{ text?: string; from: { role?: string } }> };
    expect(activities.some((a) => a.text === 'A member of staff has replied about your case.' && a.from.role === 'bot')).toBe(true);
  });
});

describe('file types', () => {
  test('every type the upload route stores is one the bot accepts as evidence', async () => {
    const JSZip = (await import('jszip')).default;
    const office = async (folder: string) => {
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<Types/>');
      zip.file('_rels/.rels', '<Relationships/>');
      zip.file(`${folder}/document.xml`, '<x/>');
      return zip.generateAsync({ type: 'nodebuffer' });
    };
    const { sniff } = await import('../../services/evidence/fileType');
    const { DEFAULT_ALLOWED_TYPES } = await import('../../services/evidence/sniff');
    const samples: Array<[string, Buffer]> = [
      ['statement.xlsx', await office('xl')],
      ['letter.docx', await office('word')],
      ['scan.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'.padEnd(200, ' '))],
      ['notes.txt', Buffer.from('The bins were missed on Monday and again on Thursday.')],
    ];
    for (const [name, bytes] of samples) {
      const found = sniff(bytes, name);
      expect(found).toBeDefined();
      const mime = found === 'text' ? 'text/plain' : found!.contentType.split(';')[0];
      expect(DEFAULT_ALLOWED_TYPES).toContain(mime);
    }
  });
});
