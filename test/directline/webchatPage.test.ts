/**
 * The website chat over HTTP: the page and its settings, the embed snippet, the Web Chat bundle
 * with caching, and Azure mode, where the server swaps the Direct Line secret for a token at a
 * (local stand-in for) Azure's token endpoint and the browser never sees the secret.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { call, startTestBot, TestBot } from './helpers';

describe('the chat page (self-hosted Direct Line)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ COUNCIL: 'leicester', WEBCHAT_PRIMARY_COLOUR: '#6b2c6b' });
  });
  afterAll(async () => {
    await bot.close();
  });

  test('GET / and /chat serve an en-GB page with the council name, colour, privacy notice and landmarks', async () => {
    for (const path of ['/', '/chat']) {
      const res = await fetch(`${bot.url}${path}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<html lang="en-GB">/);
      expect(html).toMatch(/<h1>Leicester City Council<\/h1>/);
      expect(html).toContain('href="https://www.leicester.gov.uk/your-council/how-we-work/our-website/privacy/"');
      expect(html).toMatch(/<header[\s\S]*<main[\s\S]*<footer/);
      expect(html).toContain('"accent":"#6b2c6b"');
      expect(html).toContain('"hideUploadButton":false');
      expect(html).toMatch(/src="\/static\/webchat\.js\?v=4\.\d+\.\d+"/);
      expect(html).not.toMatch(/cdn\.botframework\.com|unpkg|jsdelivr/);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain('ws://127.0.0.1:');
    }
  });

  test('the page asks for a token from our server, which points it at our own Direct Line', async () => {
    const r = await call(`${bot.url}/webchat/token`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ conversationId: expect.any(String), token: expect.any(String), domain: `${bot.url}/v3/directline` });
  });

  test('the Web Chat bundle comes from node_modules, compressed, with caching headers and 304s', async () => {
    const res = await fetch(`${bot.url}/static/webchat.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=604800');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      http.get(`${bot.url}/static/webchat.js`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
        const parts: Buffer[] = [];
        r.on('data', (d: Buffer) => parts.push(d));
        r.on('end', () => resolve({ encoding: r.headers['content-encoding'], body: Buffer.concat(parts) }));
      }).on('error', reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString('utf8')).toContain('WebChat');
    const again = await fetch(`${bot.url}/static/webchat.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  test('embed.js adds a labelled launcher button that opens the chat in an iframe', async () => {
    const res = await fetch(`${bot.url}/embed.js`);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const js = await res.text();
    expect(js).toContain('"title":"Leicester City Council"');
    expect(js).toContain("'aria-expanded'");
    expect(js).toContain("/chat?embed=1");
    const css = await (await fetch(`${bot.url}/embed.css`)).text();
    expect(css).toContain('background: #6b2c6b');
  });
});

describe('the chat page with Azure Bot Service Direct Line', () => {
  const SECRET = 'azure-direct-line-secret-do-not-leak';
  let stub: http.Server;
  let seen: Array<{ auth?: string; body: string; url?: string }>;
  let bot: TestBot;
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    seen = [];
    answer = { status: 200, body: { conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 1800 } };
    stub = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body, url: req.url });
        res.writeHead(answer.status, { 'content-type': 'application/json' }); // (restify's writeHead returns nothing)
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', () => r()));
    const endpoint = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v3/directline`;
    bot = await startTestBot({ DIRECTLINE_SECRET: SECRET, DIRECTLINE_ENDPOINT: endpoint });
  });
  afterAll(async () => {
    await bot.close();
    await new Promise((r) => stub.close(r));
  });

  test('the server exchanges the secret for a token; the browser gets the token, never the secret', async () => {
    const r = await call(`${bot.url}/webchat/token`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 1800, domain: expect.stringMatching(/\/v3\/directline$/) });
    expect(JSON.stringify(r.body)).not.toContain(SECRET);
    expect(seen.at(-1)).toMatchObject({ auth: `Bearer ${SECRET}`, url: '/v3/directline/tokens/generate' });
    expect(JSON.parse(seen.at(-1)!.body).user.id).toMatch(/^dl_[0-9a-f]{32}$/);

    const page = await (await fetch(`${bot.url}/`)).text();
    expect(page).not.toContain(SECRET);
  });

  test("Azure's refusal becomes a plain 502 for the page", async () => {
    answer = { status: 403, body: { error: { code: 'BadArgument' } } };
    const r = await call(`${bot.url}/webchat/token`, { method: 'POST' });
    expect(r.status).toBe(502);
    expect(r.body.error).toMatch(/not available right now/);
    answer = { status: 200, body: { conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 1800 } };
  });

  test('the self-hosted Direct Line is not mounted in Azure mode', async () => {
    expect((await call(`${bot.url}/v3/directline/tokens/generate`, { method: 'POST' })).status).toBe(404);
    expect((await call(`${bot.url}/v3/directline/conversations`, { method: 'POST' })).status).toBe(404);
  });
});
