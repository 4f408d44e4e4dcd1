/** The pieces of the Direct Line channel that need no server: parsing, sniffing, limits, tokens, settings. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ConfigError, loadConfig } from '../../services/config';
import type { CloudAdapter } from 'botbuilder';
import { BotBridge, QueueFullError } from '../../services/directline/botBridge';
import { connectorAuthenticator } from '../../services/directline/connectorAuth';
import { createLogger } from '../../services/logger';
import { multipartBoundary, parseMultipart, MultipartEvent } from '../../services/directline/multipart';
import { TokenBuckets } from '../../services/http/rateLimit';
import { sniff } from '../../services/evidence/fileType';
import { DirectLineTokens, loadTokenSecret } from '../../services/directline/tokens';
import { safeFileName } from '../../services/directline/uploads';
import { EXE_BYTES, makePng } from './files';

async function collect(body: Buffer, boundary: string, chunkSize: number): Promise<Array<{ name: string; filename?: string; data: string }>> {
  async function* chunks() {
    for (let i = 0; i < body.length; i += chunkSize) yield body.subarray(i, i + chunkSize);
  }
  const parts: Array<{ name: string; filename?: string; data: string }> = [];
  for await (const e of parseMultipart(chunks(), boundary, { maxHeaderBytes: 4096, maxParts: 10 }) as AsyncGenerator<MultipartEvent>) {
    if (e.kind === 'part') parts.push({ name: e.name, filename: e.filename, data: '' });
    else if (e.kind === 'data') parts[parts.length - 1].data += e.chunk.toString('latin1');
  }
  return parts;
}

describe('multipart reader', () => {
  const boundary = '----WebKitFormBoundaryABC123';
  const body = Buffer.from(
    `preamble\r\n--${boundary}\r\nContent-Disposition: form-data; name="activity"; filename="blob"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n{"type":"message","text":"hi"}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a \\"b\\".png"\r\nContent-Type: image/png\r\n\r\n\r\n--${boundary.slice(0, -3)}XYZ almost a boundary\r\n--${boundary}--\r\nepilogue`,
    'latin1',
  );

  test.each([1, 2, 7, 64, 100000])('gives the same parts however the body is split (%i-byte chunks)', async (size) => {
    expect(await collect(body, boundary, size)).toEqual([
      { name: 'activity', filename: 'blob', data: '{"type":"message","text":"hi"}' },
      { name: 'file', filename: 'a "b".png', data: `\r\n--${boundary.slice(0, -3)}XYZ almost a boundary` },
    ]);
  });

  test('a body cut short is an error, not a silently truncated file', async () => {
    await expect(collect(body.subarray(0, body.length - 30), boundary, 16)).rejects.toThrow(/ended before its final boundary/);
  });

  test('reads the boundary from the content type', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/json')).toBeUndefined();
  });
});

describe('file types from bytes', () => {
  const zipWith = (firstEntry: string, rest = '') => {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(firstEntry.length, 26);
    return Buffer.concat([header, Buffer.from(firstEntry + rest, 'latin1')]);
  };

  test.each([
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['png', makePng(2, 2), 'image/png'],
    ['gif', Buffer.from('GIF89a\x01\x00', 'latin1'), 'image/gif'],
    ['webp', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'image/webp'],
    ['heic', Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00', 'latin1'), 'image/heic'],
    ['pdf', Buffer.from('%PDF-1.7\n', 'latin1'), 'application/pdf'],
    ['docx', zipWith('[Content_Types].xml', '....word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', zipWith('[Content_Types].xml', '....xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ])('%s is recognised', (_name, bytes, type) => {
    const result = sniff(bytes);
    expect(result !== 'text' && result?.contentType).toBe(type);
  });

  test('plain UTF-8 text is text; programs, other zips, binary and anything with NULs are not allowed', () => {
    expect(sniff(Buffer.from('The bins were missed on Tuesday.\r\nCafé – £5', 'utf8'))).toBe('text');
    expect(sniff(EXE_BYTES)).toBeUndefined();
    expect(sniff(zipWith('payload.exe'))).toBeUndefined();
    expect(sniff(Buffer.from('text\u0000with a NUL'))).toBeUndefined();
    expect(sniff(Buffer.from([0xc3, 0x28, 0x41]))).toBeUndefined(); // invalid UTF-8
    expect(sniff(Buffer.from('<svg onload="alert(1)">', 'utf8'))).toBe('text'); // stored and served as text/plain, never as SVG
  });

  test('file names lose folders and odd characters and end in the extension the bytes prove', () => {
    const png = { contentType: 'image/png', extension: 'png' };
    expect(safeFileName('C:\\Users\\me\\pothole.png', png)).toBe('pothole.png');
    expect(safeFileName('../../etc/evil.html', png)).toBe('evil.html.png');
    expect(safeFileName('blob', png)).toBe('attachment.png');
    expect(safeFileName('photo.jpeg', { contentType: 'image/jpeg', extension: 'jpg' })).toBe('photo.jpeg');
  });
});

describe('token buckets', () => {
  test('allow a burst up to capacity, then refill evenly, per key', () => {
    let now = 0;
    const buckets = new TokenBuckets(3, 60_000, 100, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').ok)).toEqual([true, true, true]);
    const refused = buckets.take('a');
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(buckets.take('b').ok).toBe(true);
    now += 20_000;
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
  });

  test('stay bounded in memory', () => {
    let now = 0;
    const buckets = new TokenBuckets(5, 1000, 50, () => now);
    for (let i = 0; i < 500; i++) buckets.take(`k${i}`);
    expect(buckets.size).toBeLessThanOrEqual(51);
    now += 10_000;
    for (let i = 0; i < 1000; i++) buckets.take('same');
    expect(buckets.size).toBeLessThanOrEqual(51);
  });
});

describe('tokens', () => {
  test('each kind of token only works as that kind', async () => {
    const tokens = new DirectLineTokens('x'.repeat(40), 1800);
    const claims = { conversationId: 'c1', userId: 'dl_u1' };
    const conversation = (await tokens.conversation(claims)).token;
    const stream = await tokens.stream(claims);
    expect(await tokens.verifyConversation(conversation)).toMatchObject({ ok: true, claims: { conversationId: 'c1', userId: 'dl_u1' } });
    expect(await tokens.verifyConversation(stream)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verifyStream(conversation)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verifyConnector(conversation)).toBe(false);
    expect(await tokens.verifyConnector(await tokens.connector())).toBe(true);
    expect((await tokens.verifyAttachment(await tokens.attachment('f1', 'c1', 60))).ok).toBe(true);
  });

  test('conversation ids prove they were made here, so ownership needs no database; a changed or foreign id does not', () => {
    const tokens = new DirectLineTokens('x'.repeat(40), 1800);
    const ids = Array.from({ length: 50 }, () => tokens.mintConversationId());
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{38}$/);
      expect(tokens.mintedConversationId(id)).toBe(true);
    }
    const [id] = ids;
    const flipped = `${id.slice(0, 5)}${id[5] === 'A' ? 'B' : 'A'}${id.slice(6)}`;
    expect(tokens.mintedConversationId(flipped)).toBe(false);
    expect(tokens.mintedConversationId(id.slice(0, 37))).toBe(false);
    expect(new DirectLineTokens('y'.repeat(40), 1800).mintedConversationId(id)).toBe(false);
    expect(tokens.mintedConversationId('emulator-conversation-1')).toBe(false);
  });

  test('without DIRECTLINE_TOKEN_SECRET a random secret is made once and kept in DATA_DIR, so tokens survive a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-secret-'));
    try {
      const first = await loadTokenSecret(undefined, dir);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(fs.statSync(path.join(dir, 'directline-token-secret')).mode & 0o777).toBe(0o600);
      const token = (await new DirectLineTokens(first, 60).conversation({ conversationId: 'c', userId: 'u' })).token;
      const afterRestart = new DirectLineTokens(await loadTokenSecret(undefined, dir), 60);
      expect((await afterRestart.verifyConversation(token)).ok).toBe(true);
      expect(await loadTokenSecret('configured-secret-of-at-least-32-chars!', dir)).toBe('configured-secret-of-at-least-32-chars!');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('who may speak as the bot', () => {
  test('with Bot Framework credentials, an Entra ID token for our app is accepted and one for another app is not', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    const keys = createLocalJWKSet({ keys: [jwk] });
    const tokens = new DirectLineTokens('x'.repeat(40), 60);
    const allowed = connectorAuthenticator({ tokens, botAppId: 'our-app', keys });
    const entra = (appid: string, aud = 'https://api.botframework.com') =>
      new SignJWT({ appid }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setAudience(aud).setIssuer('https://sts.windows.net/t/').setExpirationTime('5m').sign(privateKey);
    expect(await allowed(await entra('our-app'))).toBe(true);
    expect(await allowed(await entra('another-app'))).toBe(false);
    expect(await allowed(await entra('our-app', 'https://graph.microsoft.com'))).toBe(false);
    expect(await allowed(undefined)).toBe(false);
    expect(await allowed(await tokens.connector())).toBe(true);
  });

  test('in local mode too, requests without credentials are refused (the adapter signs its own)', async () => {
    const allowed = connectorAuthenticator({ tokens: new DirectLineTokens('x'.repeat(40), 60) });
    expect(await allowed(undefined)).toBe(false);
    expect(await allowed('garbage.token.here')).toBe(false);
  });
});

describe('website chat settings', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  };

  test('defaults: the council colour, 10 MB uploads, 4,000-character messages, 30-minute tokens', () => {
    expect(loadConfig({})).toMatchObject({
      WEBCHAT_PRIMARY_COLOUR: '#1d4f91',
      UPLOAD_MAX_BYTES: 10 * 1024 * 1024,
      MESSAGE_MAX_CHARS: 4000,
      DIRECTLINE_TOKEN_TTL_SECONDS: 1800,
      DIRECTLINE_ENDPOINT: 'https://directline.botframework.com/v3/directline',
      TRUST_PROXY: false,
    });
  });

  test.each([
    [{ WEBCHAT_PRIMARY_COLOUR: 'blue' }, 'WEBCHAT_PRIMARY_COLOUR must be a colour written as #rrggbb, such as #1d4f91'],
    [{ WEBCHAT_PRIMARY_COLOUR: '#ffdd00' }, 'WEBCHAT_PRIMARY_COLOUR must be dark enough for white text on it (a contrast ratio of at least 4.5:1)'],
    [{ PRIVACY_NOTICE_URL: 'javascript:alert(1)' }, 'PRIVACY_NOTICE_URL must be an absolute http(s) URL'],
    [{ DIRECTLINE_TOKEN_SECRET: 'short' }, 'DIRECTLINE_TOKEN_SECRET must be at least 32 characters (for example, openssl rand -base64 48)'],
    [{ DIRECTLINE_TOKEN_TTL_SECONDS: '5' }, 'DIRECTLINE_TOKEN_TTL_SECONDS must be a whole number of seconds between 60 and 86400'],
    [{ UPLOAD_MAX_BYTES: '-1' }, 'UPLOAD_MAX_BYTES must be a positive whole number of bytes'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY must be true or false'],
    [{ NODE_ENV: 'production' }, 'DIRECTLINE_TOKEN_SECRET is required in production when the bot hosts its own Direct Line (DIRECTLINE_SECRET is not set)'],
  ])('%j is refused with a clear message', (env, message) => {
    expect(problems(env)).toContain(message);
  });

  test('production is fine with a token secret, or with Azure Direct Line', () => {
    expect(problems({ NODE_ENV: 'production', DIRECTLINE_TOKEN_SECRET: 'y'.repeat(40) })).toEqual([]);
    expect(problems({ NODE_ENV: 'production', DIRECTLINE_SECRET: 'azure-secret' })).toEqual([]);
  });
});

describe('handing turns to the bot', () => {
  test('one turn at a time per conversation, in order; a bounded number at once overall; a bounded queue', async () => {
    let running = 0;
    let most = 0;
    const order = new Map<string, string[]>();
    const adapter = {
      async processActivityDirect(_auth: unknown, activity: { conversation: { id: string }; text: string }) {
        running++;
        most = Math.max(most, running);
        const seen = order.get(activity.conversation.id) ?? [];
        seen.push(activity.text);
        order.set(activity.conversation.id, seen);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      },
    } as unknown as CloudAdapter;
    const bridge = new BotBridge(adapter, { run: async () => undefined }, new DirectLineTokens('x'.repeat(40), 60), undefined, createLogger('silent'), 4);
    const turns = [];
    for (let i = 0; i < 5; i++) for (let c = 0; c < 8; c++) turns.push(bridge.deliver({ conversation: { id: `c${c}` }, text: `m${i}` } as never));
    await Promise.all(turns);
    expect(most).toBe(4);
    for (const seen of order.values()) expect(seen).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(bridge.turnsInFlight()).toBe(0);

    const flood = Array.from({ length: 10 }, () => bridge.deliver({ conversation: { id: 'busy' }, text: 'x' } as never));
    expect(bridge.hasRoom('busy')).toBe(false);
    await expect(bridge.deliver({ conversation: { id: 'busy' }, text: 'x' } as never)).rejects.toBeInstanceOf(QueueFullError);
    await Promise.all(flood);
    expect(bridge.hasRoom('busy')).toBe(true);
  });
});
