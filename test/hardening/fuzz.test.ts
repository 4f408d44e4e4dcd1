/**
 * Every HTTP route the bot serves, under hostile bodies, queries and paths (see
 * test/support/hostileBodies.ts), against a real bot process: no answer is a 5xx or shows a stack
 * trace, the process stays up, and nothing carrying a MongoDB operator or a `$`/`.` key is
 * written to the database. Bounded: a few hundred requests, one at a time.
 *
 * The routes are those of bot/server.ts, bot/directLineRoutes.ts, bot/webchatRoutes.ts,
 * bot/tabRoutes.ts and bot/handoffRoutes.ts; the last test checks this list against the server's
 * own router, so a route added later without a place here fails it.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startApp, RunningApp } from '../../bot/app';
import { loadConfig } from '../../services/config';
import { Database } from '../../services/database/database';
import { createLogger } from '../../services/logger';
import { startBotProcess, BotProcess } from '../support/botProcess';
import { activity, FakeChannel, startFakeChannel } from '../support/channel';
import { HostileBody, MARK, shapeMutations, templateMutations } from '../support/hostileBodies';
import { testDbUri } from '../support/testDb';

const HANDOFF_KEY = 'fuzz-handoff-key-0123456789abcdefghijklmnop';
const NOTIFY_KEY = 'fuzz_test-0f2d9a1e-3b4c-4d5e-8f60-718293a4b5c6-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const CALLBACK_TOKEN = 'fuzz-notify-callback-token-0123456789abcdef';
const TENANT = '11111111-2222-4333-8444-555555555555';
/** Patterns of a stack trace or of source paths in an answer. */
const STACK = /\n\s+at [^\n]+[(:]\d+|node_modules\/|[\w/]+\.[jt]s:\d+:\d+/;

interface Exchange {
  route: string;
  label: string;
  status: number;
  text: string;
  ms: number;
}

describe('every route under hostile bodies', () => {
  let bot: BotProcess;
  let channel: FakeChannel;
  let jwks: http.Server;
  let dataDir: string;
  let uri: string;
  let dl: { conversationId: string; token: string };
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    // The tab's signing keys: an empty set, so no token checks out (as for anyone without a real Teams sign-in).
    jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"keys":[]}');
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', () => r()));
    channel = await startFakeChannel();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-fuzz-'));
    uri = testDbUri('fuzz');
    bot = await startBotProcess({
      MONGODB_URI: uri,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info', // all of it, so the log check below reads everything a deployment would keep
      HANDOFF_API_KEY: HANDOFF_KEY,
      // Written correspondence on, so its delivery-receipt endpoint is open to the bodies too (Notify itself is never reached).
      NOTIFY_API_KEY: NOTIFY_KEY,
      NOTIFY_BASE_URL: 'http://127.0.0.1:1',
      NOTIFY_EMAIL_TEMPLATE_ID: '0c1c5c6e-3d5e-4a47-9a4c-1f0b6a0d7e01',
      NOTIFY_CALLBACK_TOKEN: CALLBACK_TOKEN,
      TEAMS_TENANT_ID: TENANT,
      TEAMS_SSO_AUDIENCE: 'api://fuzz.test/00000000-0000-4000-8000-000000000001',
      TEAMS_SSO_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/keys`,
      // The limits would answer 429 before the bodies reach what they are meant to test.
      RATE_LIMIT_CLIENT_PER_MINUTE: '100000',
      RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000',
      RATE_LIMIT_NEW_CONVERSATIONS_PER_HOUR: '100000',
      RATE_LIMIT_HANDOFFS_PER_MINUTE: '100000',
    });
    const started = await fetch(`${bot.url}/v3/directline/conversations`, { method: 'POST' });
    dl = (await started.json()) as { conversationId: string; token: string };
  }, 90_000);

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await channel?.close();
    await new Promise<void>((r) => (jwks ? jwks.close(() => r()) : r()));
    const db = new Database({ uri, maxBackoffMs: 500 });
    await db.connect();
    await db.connection.dropDatabase().catch(() => undefined);
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function send(route: string, b: HostileBody, headers: Record<string, string> = {}, method = 'POST'): Promise<void> {
    const h: Record<string, string> = { ...headers };
    if (b.contentType !== '') h['content-type'] = b.contentType ?? 'application/json';
    let status = 0;
    let text = '';
    const started = Date.now();
    try {
      const res = await fetch(`${bot.url}${route}`, { method, headers: h, body: method === 'GET' ? undefined : typeof b.body === 'string' ? b.body : new Uint8Array(b.body) });
      status = res.status;
      text = await res.text();
      // Scripts and style sheets are code; a stack-like line in them is not a leaked trace.
      if (/javascript|css/.test(res.headers.get('content-type') ?? '')) text = `(${res.headers.get('content-type')}, ${text.length} chars)`;
    } catch (err) {
      // The server may answer an oversized body and close before it has all been sent.
      text = `fetch failed: ${(err as Error).message} ${String((err as { cause?: unknown }).cause ?? '')}`;
      if (/over the size limit/.test(b.label) && /ECONNRESET|EPIPE|other side closed|SocketError/.test(text)) status = 413;
    }
    exchanges.push({ route, label: b.label, status, text, ms: Date.now() - started });
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const bodiesFor = (template: Parameters<typeof templateMutations>[0]) => [...templateMutations(template), ...shapeMutations(template)];

  test('POST routes: no 5xx, no stack trace, the process stays up', async () => {
    const t0 = Date.now();
    const posts: Array<{ route: string; template: Parameters<typeof templateMutations>[0]; headers?: Record<string, string>; shapesOnly?: boolean }> = [
      { route: '/api/messages', template: activity(channel.serviceUrl, 'fuzz-conv', {
          channelId: 'emulator', text: 'My bin was not collected', value: { choice: 'yes' }, channelData: { clientActivityID: 'abc' },
          entities: [{ type: 'ClientCapabilities' }], attachments: [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:1/x.png', name: 'x.png' }],
        }) as never },
      { route: `/v3/directline/conversations/${dl.conversationId}/activities`, headers: bearer(dl.token), template: { type: 'message', text: 'My bin was not collected', locale: 'en-GB', name: 'n', textFormat: 'plain', value: { choice: 'yes' }, channelData: { clientActivityID: 'abc' }, entities: [{ type: 'ClientCapabilities' }] } },
      { route: '/api/handoffs', headers: bearer(HANDOFF_KEY), template: { message: 'The bins on Elm Road were missed again', platform: 'facebook', handle: 'Jane S' } },
      { route: '/api/notify/receipts', headers: bearer(CALLBACK_TOKEN), template: { id: '740e5834-3a29-46b4-9a6f-16142fde533a', reference: 'CMP-2026-000001#000001#resident', to: 'someone@example.org', status: 'delivered', created_at: '2026-12-02T10:00:00.000000Z', completed_at: '2026-12-02T10:00:05.000000Z', sent_at: '2026-12-02T10:00:01.000000Z', notification_type: 'email', template_id: '0c1c5c6e-3d5e-4a47-9a4c-1f0b6a0d7e01', template_version: 1 } },
      { route: '/webchat/token', template: { handoff: 'abcdefghijklmnopqrstuvwxyz' } },
      { route: '/v3/directline/tokens/generate', template: { user: { id: 'dl_x' } } },
      { route: '/v3/directline/tokens/refresh', headers: bearer(dl.token), template: { user: { id: 'dl_x' } }, shapesOnly: true },
      { route: '/v3/directline/conversations', headers: bearer(dl.token), template: { user: { id: 'dl_x' } }, shapesOnly: true },
      { route: `/v3/conversations/${dl.conversationId}/activities`, template: { type: 'message', text: 'Pay at http://phish.example', replyToId: 'x' } },
      { route: `/v3/conversations/${dl.conversationId}/activities/act-1`, template: { type: 'message', text: 'hi' }, shapesOnly: true },
      { route: '/healthz', template: { a: 'b' }, shapesOnly: true },
      { route: '/api/tab/self-assessment/answers', headers: bearer('a.b.c'), template: { financialYear: '2026-27', code: 'lgsco', section: '3.2', complies: 'yes', evidence: 'Policy section 4.' }, shapesOnly: true },
      // A well-formed token for a case this bot never surveyed: every mutation is read by the schema, then the link is checked.
      { route: '/api/survey', template: { token: `CMP-2026-000001.${(Math.floor(Date.now() / 1000) + 86_400).toString(36)}.${'A'.repeat(43)}`, handling: 'yes', outcome: 'partly', easyToComplain: 'no', comment: 'The crew were kind.' } },
    ];
    for (const p of posts) {
      const bodies = p.shapesOnly ? shapeMutations(p.template) : bodiesFor(p.template);
      // Each activity its own id, or the bot would take the rest for redeliveries of the first and skip their turns.
      const id = (p.template as { id?: unknown }).id;
      bodies.forEach((b, i) => {
        if (typeof id === 'string' && typeof b.body === 'string') b.body = b.body.split(`"${id}"`).join(`"${id}-${i}"`);
      });
      for (const b of bodies) await send(p.route, b, p.headers);
    }
    // Replies sent where nothing listens, and to the bot's own connector for a conversation it does not have.
    for (const [label, serviceUrl] of [['serviceUrl where nothing listens', 'http://127.0.0.1:1'], ['serviceUrl of the bot itself', bot.url]]) {
      await send('/api/messages', { label, body: JSON.stringify(activity(serviceUrl, 'fuzz-elsewhere', { channelId: 'emulator', text: 'hello' })) });
    }
    // Uploads are read by their own streaming parser, not the JSON one.
    const upload = `/v3/directline/conversations/${dl.conversationId}/upload?userId=x`;
    for (const b of shapeMutations({ type: 'message' })) await send(upload, b, bearer(dl.token));
    const boundary = 'fuzzBoundary';
    const part = (headers: string, body: string) => `--${boundary}\r\n${headers}\r\n\r\n${body}\r\n`;
    const multipart = [
      part('Content-Disposition: form-data; name="activity"', '{"type":{"$gt":""},"text":{"$where":"1"}}'),
      part('Content-Disposition: form-data; name="activity"', `{"__proto__":{"polluted":"${MARK}"},"type":"message"}`),
      part('Content-Disposition: form-data; name="activity"', `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
      part('Content-Disposition: form-data; name="file"; filename="%E0%A4%A.png"; filename*=UTF-8\'\'%E0%A4%A', 'x'),
      part('Content-Disposition: form-data; name="file"; filename="{\\"$gt\\":\\"\\"}.png"', '\x89PNG\r\n'),
      `--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end`,
      `--${boundary}\r\n${'X-Header: y\r\n'.repeat(5000)}\r\n\r\n`,
    ];
    for (const [i, body] of multipart.entries()) {
      await send(upload, { label: `multipart ${i}`, body: `${body}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` }, bearer(dl.token));
    }

    const failures = exchanges.filter((e) => e.status === 0 || e.status >= 500 || STACK.test(e.text));
    expect(failures.map((f) => `${f.route} [${f.label}] ${f.status} ${f.text.slice(0, 200)}`)).toEqual([]);
    expect(bot.child.exitCode).toBeNull();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    // The accepted activities were real turns: the bot answered them through the channel.
    expect(channel.textsFor('fuzz-conv').length).toBeGreaterThan(0);
    if (process.env.FUZZ_DUMP) fs.writeFileSync(`${process.env.FUZZ_DUMP}.said`, JSON.stringify(channel.textsFor('fuzz-conv'), null, 1));
    // Figures for the record: how many, how long.
    if (process.env.FUZZ_DUMP) fs.writeFileSync(process.env.FUZZ_DUMP, JSON.stringify(exchanges.map((e) => [e.route.slice(0, 40), e.label, e.status, e.text.slice(0, 160), e.ms]), null, 1));
    process.stdout.write(`hostile POSTs: ${exchanges.length} requests in ${Date.now() - t0} ms\n`);
  }, 240_000);

  test('GET routes with hostile paths and queries: no 5xx, no stack trace, nothing served from outside public/', async () => {
    const before = exchanges.length;
    const enc = encodeURIComponent;
    const op = enc('{"$gt":""}');
    const gets: Array<[string, Record<string, string>?]> = [
      ['/healthz?x[$gt]=&__proto__[polluted]=1'],
      ['/'], ['/chat?embed[$gt]=1'], ['/chat?embed=1&embed=2'], ['/embed.js?__proto__[x]=1'], ['/embed.css'], ['/favicon.ico'],
      ['/static/chat.js'], ['/static/chat.css'], ['/static/webchat.js'], ['/static/..%2f..%2fpackage.json'], ['/static/%2e%2e/%2e%2e/.env'],
      ['/tab'], ['/tab/static/tab.js'], ['/tab/static/tab.css'], ['/tab/static/teams-js.js'], ['/tab/static/..%2F..%2Fpackage.json'],
      [`/v3/directline/conversations/${dl.conversationId}?watermark[$gt]=`, bearer(dl.token)],
      [`/v3/directline/conversations/${dl.conversationId}?watermark=__proto__`, bearer(dl.token)],
      [`/v3/directline/conversations/${dl.conversationId}?watermark=1e999`, bearer(dl.token)],
      [`/v3/directline/conversations/${dl.conversationId}/activities?watermark=-1`, bearer(dl.token)],
      [`/v3/directline/conversations/${dl.conversationId}/activities?watermark=${'9'.repeat(5000)}`, bearer(dl.token)],
      [`/v3/directline/conversations/${op}/activities`, bearer(dl.token)],
      ['/v3/directline/conversations/%E0%A4%A/activities', bearer(dl.token)],
      ['/v3/directline/conversations/__proto__/activities', bearer(dl.token)],
      [`/v3/directline/conversations/${dl.conversationId}/stream?t[$ne]=`],
      [`/v3/directline/conversations/${dl.conversationId}/activities`, { authorization: 'Bearer {"$gt":""}' }],
      [`/v3/directline/conversations/${dl.conversationId}/activities`, { authorization: `Bearer ${'a'.repeat(8000)}` }],
      [`/v3/attachments/${op}`], ['/v3/attachments/__proto__'], ['/v3/attachments/constructor?t[$ne]='], ['/v3/attachments/%E0%A4%A'],
      [`/v3/attachments/${'a'.repeat(24)}?t=${'x'.repeat(3000)}`], [`/v3/attachments/000000000000000000000000`, bearer(dl.token)],
      ['/api/tab/me'], ['/api/tab/me', { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0.' }],
      ['/api/tab/queue?stage[$ne]=x&__proto__[polluted]=1', { authorization: 'Bearer x.y.z' }],
      [`/api/tab/cases/${op}`, { authorization: 'Bearer x.y.z' }], ['/api/tab/cases/%24where'], ['/api/tab/cases/%E0%A4%A'],
      [`/api/tab/cases/CMP-2026-000001/evidence/${op}`, { authorization: 'Bearer x.y.z' }], ['/api/tab/cases/__proto__/evidence/constructor'], ['/api/tab/cases/%24where/evidence/%E0%A4%A'],
      ['/api/tab/reports?quarter[$gt]='], ['/api/tab/reports?quarter=2026-27%20Q1', { authorization: 'Bearer a.b.c' }],
      ['/api/tab/annual-report?year[$gt]=&__proto__[x]=1'], ['/api/tab/annual-report/export?year=2026-27&format=csv', { authorization: 'Bearer a.b.c' }],
      ['/api/handoffs', bearer(HANDOFF_KEY)], ['/api/notify/receipts', bearer(CALLBACK_TOKEN)], ['/api/messages'], ['/webchat/token'], ['/nothing-here?$where=1'], ['/%00'], ['/%E0%A4%A'],
      ['/tab/static/learning.js?__proto__[x]=1'], ['/api/tab/learning?status[$ne]=x&__proto__[x]=1'], ['/api/tab/learning?year=2026-27', { authorization: 'Bearer a.b.c' }],
      ['/survey?t[$gt]=1&__proto__[x]=1'], ['/survey?t=%E0%A4%A'], ['/survey/static/survey.js'], ['/survey/static/survey.css'], ['/survey/static/..%2f..%2fpackage.json'],
      ['/api/survey'], ['/api/survey?t[$gt]=&__proto__[x]=1'], ['/api/survey?t=%E0%A4%A'], ['/api/survey?t=a&t=b'], [`/api/survey?t=${'x'.repeat(5000)}`], ['/api/survey?t=CMP-2026-000001.zz.AAAA'],
    ];
    for (const [route, headers] of gets) await send(route, { label: 'GET', body: '', contentType: '' }, headers, 'GET');
    const mine = exchanges.slice(before);
    expect(mine).toHaveLength(gets.length);
    const failures = mine.filter((e) => e.status === 0 || e.status >= 500 || STACK.test(e.text));
    expect(failures.map((f) => `${f.route} ${f.status} ${f.text.slice(0, 200)}`)).toEqual([]);
    // Path tricks never reach the repository's files.
    for (const e of mine.filter((x) => /%2e|%2f/i.test(x.route))) expect(e.text).not.toMatch(/"name": "council-feedback-bot"|MicrosoftAppId=/);
    // The staff API answers nobody without a sign-in.
    for (const e of mine.filter((x) => x.route.startsWith('/api/tab/'))) expect([400, 401, 404]).toContain(e.status);
    expect(bot.child.exitCode).toBeNull();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 60_000);

  test('the log carries no message text, names or conversation ids', () => {
    const log = bot.output();
    expect(log.length).toBeGreaterThan(0);
    for (const personal of [dl.conversationId, 'fuzz-conv', 'My bin was not collected', 'Elm Road', 'Jane S', MARK]) expect(log).not.toContain(personal);
  });

  test('nothing that carries an operator, a `$` or `.` key, or a prototype key reached the database', async () => {
    const db = new Database({ uri, maxBackoffMs: 500 });
    await db.connect();
    try {
      const found: string[] = [];
      let documents = 0;
      for (const { name } of await db.connection.db!.listCollections().toArray()) {
        if (name.endsWith('.chunks')) continue; // file bytes
        for (const doc of await db.connection.db!.collection(name).find({}).toArray()) {
          documents++;
          for (const key of hostileKeys(doc)) found.push(`${name}: ${key}`);
        }
      }
      expect(documents).toBeGreaterThan(0); // the accepted requests did write (conversations, state, handoffs)
      expect(found).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

/** Every route the bot registers, as `METHOD path`: the routes exercised above (the upload and stream routes are taken before the router). */
const FUZZED_ROUTES = [
  'POST /api/messages', 'GET /healthz',
  'POST /v3/directline/tokens/generate', 'POST /v3/directline/tokens/refresh', 'POST /v3/directline/conversations',
  'GET /v3/directline/conversations/:conversationId', 'POST /v3/directline/conversations/:conversationId/activities',
  'GET /v3/directline/conversations/:conversationId/activities', 'GET /v3/attachments/:id',
  'POST /v3/conversations/:conversationId/activities', 'POST /v3/conversations/:conversationId/activities/:replyToId',
  'GET /', 'GET /chat', 'GET /static/chat.css', 'GET /static/chat.js', 'GET /embed.css', 'GET /embed.js', 'GET /favicon.ico', 'GET /static/webchat.js', 'POST /webchat/token',
  'GET /tab', 'GET /tab/static/tab.js', 'GET /tab/static/annual.js', 'GET /tab/static/tab.css', 'GET /tab/static/teams-js.js',
  'GET /api/tab/me', 'GET /api/tab/queue', 'GET /api/tab/cases/:reference', 'GET /api/tab/cases/:reference/evidence/:fileId', 'GET /api/tab/reports',
  'GET /api/tab/annual-report', 'GET /api/tab/annual-report/export', 'POST /api/tab/self-assessment/answers',
  'GET /tab/static/learning.js', 'GET /api/tab/learning',
  'GET /survey', 'GET /survey/static/survey.js', 'GET /survey/static/survey.css', 'GET /api/survey', 'POST /api/survey',
  'POST /api/handoffs',
  'POST /api/notify/receipts',
];

describe('in the test process itself', () => {
  let app: RunningApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-fuzz-inproc-'));
    app = await startApp(
      loadConfig({ MONGODB_URI: testDbUri('fuzz_inproc'), PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', HANDOFF_API_KEY: HANDOFF_KEY, RATE_LIMIT_CLIENT_PER_MINUTE: '100000',
        NOTIFY_API_KEY: NOTIFY_KEY, NOTIFY_BASE_URL: 'http://127.0.0.1:1', NOTIFY_EMAIL_TEMPLATE_ID: '0c1c5c6e-3d5e-4a47-9a4c-1f0b6a0d7e01', NOTIFY_CALLBACK_TOKEN: CALLBACK_TOKEN }),
      createLogger('silent'),
    );
  }, 60_000);
  afterAll(async () => {
    await app?.db.connection.dropDatabase().catch(() => undefined);
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('every route the server registers is one the hostile suite covers', () => {
    const routes = Object.values(app.server.server.router.getRoutes() as unknown as Record<string, { method: string; path: string }>).map((r) => `${r.method} ${r.path}`);
    expect(routes.sort()).toEqual([...FUZZED_ROUTES].sort());
  });

  test('prototype keys in any body, on any route, do not reach Object.prototype', async () => {
    const url = `http://127.0.0.1:${app.port}`;
    const started = (await (await fetch(`${url}/v3/directline/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
    const polluting = [
      `{"__proto__":{"polluted":"${MARK}"},"type":"message","text":"hi","channelId":"emulator","serviceUrl":"${url}","conversation":{"id":"p","__proto__":{"polluted":"${MARK}"}},"from":{"id":"u"},"value":{"__proto__":{"polluted":"${MARK}"}}}`,
      `{"constructor":{"prototype":{"polluted":"${MARK}"}},"type":"message","text":"hi","channelData":{"constructor":{"prototype":{"polluted":"${MARK}"}}}}`,
      `{"message":"bins","platform":"facebook","__proto__":{"polluted":"${MARK}"},"handle":"x"}`,
    ];
    const routes: Array<[string, Record<string, string>]> = [
      ['/api/messages', {}],
      [`/v3/directline/conversations/${started.conversationId}/activities`, { authorization: `Bearer ${started.token}` }],
      ['/api/handoffs', { authorization: `Bearer ${HANDOFF_KEY}` }],
      ['/api/notify/receipts', { authorization: `Bearer ${CALLBACK_TOKEN}` }],
      ['/webchat/token', {}],
      ['/v3/directline/tokens/generate', {}],
      [`/v3/conversations/${started.conversationId}/activities`, {}],
      ['/api/survey', {}],
    ];
    let answered = 0;
    for (const [route, headers] of routes) {
      for (const body of polluting) {
        const res = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        expect(res.status).toBeLessThan(500);
        answered++;
      }
      const form = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: `__proto__[polluted]=${MARK}&constructor[prototype][polluted]=${MARK}` });
      expect(form.status).toBeLessThan(500);
    }
    expect(answered).toBe(routes.length * polluting.length);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    expect((Object.create(null) as Record<string, unknown>).polluted ?? ([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the database scan itself', () => {
  test('finds operator, dotted, prototype and marked keys at any depth, and passes clean documents', () => {
    let deep: Record<string, unknown> = { $gt: '' };
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(hostileKeys(deep)).toHaveLength(1);
    expect(hostileKeys({ a: [{ 'b.c': 1 }], d: JSON.parse('{"__proto__":{"x":1}}'), [`k${MARK}`]: 1 })).toEqual([`.k${MARK}`, '.d.__proto__', '.a[0].b.c']);
    expect(hostileKeys({ _id: 'x', text: '{"$gt":""}', nested: { list: [1, 'two', { three: 3 }] } })).toEqual([]);
  });
});

/** Keys starting with `$`, containing `.`, naming a prototype or carrying the mark, anywhere in a document (iteratively: a stored document may be deep). */
function hostileKeys(doc: unknown): string[] {
  const out: string[] = [];
  const stack: Array<[unknown, string]> = [[doc, '']];
  while (stack.length > 0) {
    const [value, where] = stack.pop()!;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push([v, `${where}[${i}]`]));
    else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      for (const key of Object.keys(value)) {
        if (key.startsWith('$') || key.includes('.') || ['__proto__', 'constructor', 'prototype'].includes(key) || key.includes(MARK)) out.push(`${where}.${key}`);
        stack.push([(value as Record<string, unknown>)[key], `${where}.${key}`]);
      }
    }
  }
  return out;
}
