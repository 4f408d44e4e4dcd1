/**
 * One resident's conversation is nobody else's: with the whole bot running (its own Direct Line,
 * the resident bot, the staff tab), a client holding conversation A's token tries every way into
 * conversation B (history, reconnect, stream, posting, uploading, B's files, the Bot Connector
 * endpoint, /api/messages), and the staff API is tried without a valid sign-in. Each is refused,
 * and B's words never appear in any answer A gets. A positive control (B with its own token, a
 * manager with a real sign-in) shows that what is refused is there to be had.
 */
import { TENANT } from '../teams/support/activities';
import { openCase, startTeamsTestApp, TeamsTestApp } from '../teams/support/app';
import { LocalIssuer, startLocalIssuer } from '../teams/support/jwks';
import { StreamClient } from '../directline/helpers';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = `api://bot.example.org/${APP_ID}`;
const MANAGER = '00000000-0000-4000-8000-0000000000a9';
const NO_ROLE = '00000000-0000-4000-8000-0000000000d9';
/** What resident B says: it must never reach A. */
const B_SECRET = 'The damp in my flat at 7 Rowan Close is making my daughter ill';
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(300, 9)]);

interface Conversation {
  conversationId: string;
  token: string;
  streamUrl: string;
}

describe('a client with one conversation cannot reach another', () => {
  let t: TeamsTestApp;
  let issuer: LocalIssuer;
  let a: Conversation;
  let b: Conversation;
  let bFileUrl: string;
  /** Every answer A got, for the final check that none carries B's words. */
  const seenByA: string[] = [];

  const start = async (): Promise<Conversation> => (await (await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST' })).json()) as Conversation;
  async function asA(path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; text: string }> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${init.token ?? a.token}`);
    const res = await fetch(`${t.url}${path}`, { ...init, headers });
    const text = await res.text();
    seenByA.push(text);
    return { status: res.status, text };
  }
  const historyOf = async (c: Conversation) =>
    ((await (await fetch(`${t.url}/v3/directline/conversations/${c.conversationId}/activities`, { headers: { authorization: `Bearer ${c.token}` } })).json()) as {
      activities: Array<{ text?: string; from: { role?: string }; attachments?: Array<{ contentUrl: string }> }>;
    }).activities;
  async function untilHistory(c: Conversation, ok: (h: Awaited<ReturnType<typeof historyOf>>) => boolean) {
    for (;;) {
      const h = await historyOf(c);
      if (ok(h)) return h;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const upload = (c: Conversation, token: string, text: string) => {
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', text })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'damp.png');
    return fetch(`${t.url}/v3/directline/conversations/${c.conversationId}/upload?userId=x`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    t = await startTeamsTestApp('cross_access', { TEAMS_TENANT_ID: TENANT, TEAMS_SSO_AUDIENCE: AUDIENCE, TEAMS_SSO_JWKS_URL: issuer.jwksUrl, ALLOW_LOCAL_STAFF: 'false' });
    a = await start();
    b = await start();
    // B tells the bot something, with a photo, and the bot answers: B's history then holds all three.
    const said = await fetch(`${t.url}/v3/directline/conversations/${b.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: B_SECRET }),
    });
    expect(said.status).toBe(200);
    expect((await upload(b, b.token, 'A photo of the damp')).status).toBe(200);
    const history = await untilHistory(b, (h) => h.some((x) => x.from.role === 'bot') && h.some((x) => x.attachments?.length));
    bFileUrl = history.find((x) => x.attachments?.length)!.attachments![0].contentUrl;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  test("B's own token reads B's words and file (the control)", async () => {
    expect((await historyOf(b)).map((x) => x.text)).toContain(B_SECRET);
    const file = await fetch(bFileUrl.startsWith('http') ? bFileUrl : `${t.url}${bFileUrl}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
  });

  test("A's token cannot read B's history or get a stream URL for it", async () => {
    for (const path of [`/v3/directline/conversations/${b.conversationId}/activities`, `/v3/directline/conversations/${b.conversationId}/activities?watermark=0`, `/v3/directline/conversations/${b.conversationId}?watermark=`]) {
      const r = await asA(path);
      expect(r.status).toBe(403);
      expect(r.text).toMatch(/another conversation/);
      expect(r.text).not.toMatch(/streamUrl|Rowan/);
    }
  });

  test("A's stream URL, pointed at B, is refused; A's own stream carries nothing of B's", async () => {
    expect(await StreamClient.handshakeStatus(a.streamUrl.replace(a.conversationId, b.conversationId))).toBe(403);
    expect(await StreamClient.handshakeStatus(a.streamUrl.replace(a.conversationId, encodeURIComponent(b.conversationId)))).toBe(403);
    const stream = await StreamClient.open(a.streamUrl);
    try {
      // B speaks again while A listens, then A speaks and waits for the bot's answer to A.
      await fetch(`${t.url}/v3/directline/conversations/${b.conversationId}/activities`, {
        method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: `${B_SECRET}, again` }),
      });
      await asA(`/v3/directline/conversations/${a.conversationId}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'My bin was not collected' }) });
      await stream.waitFor((m) => m.some((x) => x.from.role === 'bot'), "the bot's answer to A");
      seenByA.push(JSON.stringify(stream.received));
    } finally {
      stream.close();
    }
  });

  test("A cannot post or upload into B, and B's history is unchanged", async () => {
    const before = (await historyOf(b)).length;
    const posted = await asA(`/v3/directline/conversations/${b.conversationId}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'Cancel my complaint' }) });
    expect(posted.status).toBe(403);
    const uploaded = await upload(b, a.token, 'Cancel my complaint');
    expect(uploaded.status).toBe(403);
    seenByA.push(await uploaded.text());
    // Nor as the council, through the Bot Connector endpoint, with a resident's token.
    const asBot = await asA(`/v3/conversations/${b.conversationId}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'Cancel my complaint' }) });
    expect(asBot.status).toBe(401);
    // Nor through /api/messages, which refuses the bot's own Direct Line conversations.
    const viaMessages = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id: 'x-1', channelId: 'directline', serviceUrl: t.url, from: { id: 'u' }, recipient: { id: 'bot' }, conversation: { id: b.conversationId }, text: 'Cancel my complaint' }),
    });
    expect(viaMessages.status).toBe(403);
    seenByA.push(await viaMessages.text());
    const after = await historyOf(b);
    expect(after).toHaveLength(before);
    expect(after.map((x) => x.text)).not.toContain('Cancel my complaint');
  });

  test("A cannot download B's file: not with A's token, not with A's own signed link", async () => {
    const id = /\/v3\/attachments\/([^?]+)/.exec(bFileUrl)![1];
    const bare = await asA(`/v3/attachments/${id}`);
    expect([401, 403]).toContain(bare.status);
    // A uploads a file of its own and gets a signed link for it; that signature opens A's file only.
    expect((await upload(a, a.token, 'my photo')).status).toBe(200);
    const aLink = (await untilHistory(a, (h) => h.some((x) => x.attachments?.length))).find((x) => x.attachments?.length)!.attachments![0].contentUrl;
    const signature = new URL(aLink, t.url).searchParams.get('t')!;
    const borrowed = await asA(`/v3/attachments/${id}?t=${encodeURIComponent(signature)}`);
    expect([401, 403]).toContain(borrowed.status);
    expect(bare.text + borrowed.text).not.toContain(PNG.subarray(8, 16).toString('latin1'));
  });

  test("a refreshed token is still A's, and a new conversation with A's token is A's", async () => {
    const refreshed = await asA('/v3/directline/tokens/refresh', { method: 'POST' });
    expect(refreshed.status).toBe(200);
    const token = (JSON.parse(refreshed.text) as { conversationId: string; token: string });
    expect(token.conversationId).toBe(a.conversationId);
    expect((await asA(`/v3/directline/conversations/${b.conversationId}/activities`, { token: token.token })).status).toBe(403);
    const again = await asA('/v3/directline/conversations', { method: 'POST' });
    expect(JSON.parse(again.text).conversationId).toBe(a.conversationId);
  });

  test("nothing A was ever answered carries B's words", () => {
    expect(seenByA.length).toBeGreaterThan(10);
    for (const text of seenByA) expect(text).not.toMatch(/Rowan Close|damp in my flat|photo of the damp/);
  });
});

describe('the staff API without a valid sign-in', () => {
  let t: TeamsTestApp;
  let issuer: LocalIssuer;
  let reference: string;
  const DESCRIPTION = 'The care assessment for my father at 3 Birch Lane was cancelled twice without notice';

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    t = await startTeamsTestApp('cross_tab', { TEAMS_TENANT_ID: TENANT, TEAMS_SSO_AUDIENCE: AUDIENCE, TEAMS_SSO_JWKS_URL: issuer.jwksUrl, ALLOW_LOCAL_STAFF: 'false' });
    await t.app.teams.staff.grant({ aadObjectId: MANAGER, name: 'Alex Jones' }, 'manager');
    reference = await openCase(t.cases, { description: DESCRIPTION, resident: { name: 'Jane Birch', email: 'jane.birch@example.org', preferredContact: 'email' } });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const sign = (oid: string, claims: Record<string, unknown> = {}, opts?: Parameters<LocalIssuer['sign']>[1]) =>
    issuer.sign({ aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid, name: 'Someone', ...claims }, opts);
  const routes = () => ['/api/tab/me', '/api/tab/queue', `/api/tab/cases/${reference}`, '/api/tab/reports', '/api/tab/learning'];
  const get = async (path: string, authorization?: string) => {
    const res = await fetch(`${t.url}${path}`, { headers: authorization ? { authorization } : {} });
    return { status: res.status, text: await res.text() };
  };

  test('a manager with a real sign-in reads the case (the control)', async () => {
    const r = await get(`/api/tab/cases/${reference}`, `Bearer ${await sign(MANAGER)}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain(DESCRIPTION);
  });

  test('no token, a forged one, one signed by another key, for another app or expired: 401 on every route, and no case data', async () => {
    const unsigned = (claims: object) => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    const claims = { aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: MANAGER, exp: Math.floor(Date.now() / 1000) + 3600 };
    const hs256 = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;
    const refused = [
      undefined,
      'Bearer',
      `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      `Bearer ${unsigned(claims)}`,
      `Bearer ${hs256}`,
      `Bearer ${await sign(MANAGER, {}, { untrustedKey: true })}`,
      `Bearer ${await sign(MANAGER, { aud: 'api://elsewhere.example/x' })}`,
      `Bearer ${await sign(MANAGER, {}, { issuedAgoSeconds: 7200, expiresInSeconds: 3600 })}`,
      `Bearer ${await sign(MANAGER, { iss: 'https://evil.example/v2.0' })}`,
    ];
    let tried = 0;
    for (const path of routes()) {
      for (const authorization of refused) {
        const r = await get(path, authorization);
        expect({ path, authorization: authorization?.slice(0, 20), status: r.status }).toEqual({ path, authorization: authorization?.slice(0, 20), status: 401 });
        expect(r.text).not.toMatch(new RegExp(`${reference}|Birch|care assessment`));
        tried++;
      }
    }
    expect(tried).toBe(routes().length * refused.length);
  });

  test('a valid sign-in without a staff role, or from another tenant, reads no case either (403)', async () => {
    const other = '99999999-8888-4777-8666-555555555555';
    for (const path of routes()) {
      for (const token of [await sign(NO_ROLE), await sign(MANAGER, { tid: other, iss: `https://login.microsoftonline.com/${other}/v2.0` })]) {
        const r = await get(path, `Bearer ${token}`);
        expect(r.status).toBe(403);
        expect(r.text).not.toMatch(new RegExp(`${reference}|Birch|care assessment`));
      }
    }
  });
});
