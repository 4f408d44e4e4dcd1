/**
 * A stand-in for the Teams Bot Connector service: records what the bot sends (POST activities),
 * the threads it starts (POST /v3/conversations), the cards it updates (PUT activities), and
 * answers member look-ups (GET members) from a table the test fills.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Sent {
  kind: 'send' | 'create' | 'update';
  conversationId: string;
  /** For updates: the activity replaced. For creates: the new thread's root activity id. */
  activityId?: string;
  body: Record<string, unknown>;
}

export interface FakeTeams {
  serviceUrl: string;
  sent: Sent[];
  members: Map<string, Record<string, unknown>>;
  waitFor(predicate: (s: Sent) => boolean, what: string, timeoutMs?: number): Promise<Sent>;
  since(mark: number): Sent[];
  close(): Promise<void>;
}

export async function startFakeTeams(): Promise<FakeTeams> {
  const sent: Sent[] = [];
  const members = new Map<string, Record<string, unknown>>();
  let next = 1000;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const json = (status: number, value: unknown) => {
        // Not chained: restify's patched ServerResponse.writeHead does not return the response.
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      let m: RegExpExecArray | null;
      if (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(url)) {
        const channel = ((body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'unknown').toString();
        const activityId = String(next++);
        const id = `${channel};messageid=${activityId}`;
        sent.push({ kind: 'create', conversationId: id, activityId, body });
        return json(201, { id, activityId });
      }
      if (req.method === 'POST' && (m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(url))) {
        sent.push({ kind: 'send', conversationId: decodeURIComponent(m[1]), body });
        return json(200, { id: String(next++) });
      }
      if (req.method === 'PUT' && (m = /^\/v3\/conversations\/([^/]+)\/activities\/([^/?]+)/.exec(url))) {
        sent.push({ kind: 'update', conversationId: decodeURIComponent(m[1]), activityId: decodeURIComponent(m[2]), body });
        return json(200, { id: decodeURIComponent(m[2]) });
      }
      if (req.method === 'GET' && (m = /^\/v3\/conversations\/([^/]+)\/members\/([^/?]+)/.exec(url))) {
        const member = members.get(decodeURIComponent(m[2]));
        return member ? json(200, member) : json(404, { error: { code: 'NotFound', message: 'member not found' } });
      }
      json(404, { error: { code: 'NotFound' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    sent,
    members,
    since: (mark) => sent.slice(mark),
    async waitFor(predicate, what, timeoutMs = 10000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = sent.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`the bot did not send ${what}; it sent: ${JSON.stringify(sent.map((s) => [s.kind, s.conversationId]))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
