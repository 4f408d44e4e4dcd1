/**
 * A stand-in for a Bot Framework channel's connector service: the bot sends its replies to the
 * activity's serviceUrl, and this server records them (POST /v3/conversations/:id/activities[/:replyTo]).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedActivity {
  conversationId: string;
  type: string;
  text?: string;
  [key: string]: unknown;
}

export interface FakeChannel {
  serviceUrl: string;
  activities: CapturedActivity[];
  /** Delay (ms) before the channel answers each reply, to keep a turn in flight. */
  delayMs: number;
  waitFor(count: number, timeoutMs?: number): Promise<CapturedActivity[]>;
  textsFor(conversationId: string): string[];
  close(): Promise<void>;
}

export async function startFakeChannel(): Promise<FakeChannel> {
  const activities: CapturedActivity[] = [];
  const state = { delayMs: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) {
        res.statusCode = 404;
        res.end();
        return;
      }
      if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      activities.push({ ...body, conversationId: decodeURIComponent(m[1]) });
      // No chaining on writeHead: restify, loaded by other tests in the same worker, patches
      // http.ServerResponse so that writeHead no longer returns the response.
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `reply-${activities.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}`,
    activities,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(v: number) {
      state.delayMs = v;
    },
    async waitFor(count, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      while (activities.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} activities from the bot, got ${activities.length}: ${JSON.stringify(activities.map((a) => a.text))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return activities;
    },
    textsFor: (conversationId) => activities.filter((a) => a.conversationId === conversationId && a.type === 'message').map((a) => a.text ?? ''),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections(); // the bot keeps connections alive; don't wait for them
      }),
  };
}

let seq = 0;
/** Builds an activity as a Direct Line / Web Chat channel would post it to the bot. */
export function activity(serviceUrl: string, conversationId: string, fields: Record<string, unknown>): Record<string, unknown> {
  seq += 1;
  return {
    type: 'message',
    id: `act-${seq}`,
    timestamp: new Date().toISOString(),
    channelId: 'directline',
    serviceUrl,
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}`, name: 'Resident' },
    recipient: { id: 'bot', name: 'Council bot' },
    locale: 'en-GB',
    ...fields,
  };
}

export async function postActivity(botUrl: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}
