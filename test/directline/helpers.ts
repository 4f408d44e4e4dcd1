/**
 * A Direct Line client for tests, speaking the protocol over real HTTP and WebSocket (`ws`), and
 * the echo bot (bench/echoBot.ts: the real restify + CloudAdapter + Direct Line stack) started
 * in-process on a fresh database of the shared test server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { RunningEchoBot, startEchoBot } from '../../bench/echoBot';
import { loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import { testDbUri } from '../support/testDb';

export const TOKEN_SECRET = 'test-secret-for-direct-line-tokens-0123456789';

export interface TestBot extends RunningEchoBot {
  dataDir: string;
  mongoUri: string;
}

export async function startTestBot(env: Record<string, string> = {}): Promise<TestBot> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-dl-'));
  const mongoUri = testDbUri('directline');
  const config = loadConfig({
    MONGODB_URI: mongoUri,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DIRECTLINE_TOKEN_SECRET: TOKEN_SECRET,
    ...env,
  });
  const app = await startEchoBot(config, createLogger('silent'));
  return {
    ...app,
    dataDir,
    mongoUri,
    async close() {
      await app.db.connection.dropDatabase().catch(() => undefined);
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function call(url: string, init: { method?: string; token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, headers: res.headers };
}

export interface Conversation {
  conversationId: string;
  token: string;
  streamUrl: string;
}

export async function startConversation(base: string): Promise<Conversation> {
  const generated = await call(`${base}/v3/directline/tokens/generate`, { method: 'POST' });
  expect(generated.status).toBe(200);
  const started = await call(`${base}/v3/directline/conversations`, { method: 'POST', token: String(generated.body.token) });
  expect(started.status).toBe(201);
  return { conversationId: String(started.body.conversationId), token: String(started.body.token), streamUrl: String(started.body.streamUrl) };
}

export function post(base: string, c: Pick<Conversation, 'conversationId' | 'token'>, activity: Record<string, unknown>): Promise<Reply> {
  return call(`${base}/v3/directline/conversations/${c.conversationId}/activities`, { method: 'POST', token: c.token, json: activity });
}

export interface StreamActivity {
  type: string;
  id: string;
  text?: string;
  from: { id: string; role?: string };
  replyToId?: string;
  attachments?: Array<{ contentType: string; contentUrl: string; thumbnailUrl?: string; name?: string }>;
  [key: string]: unknown;
}

/** A WebSocket stream that records every activity with the watermark of its message. */
export class StreamClient {
  readonly received: Array<{ activity: StreamActivity; watermark?: number }> = [];
  readonly watermarks: number[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      if (!text) return;
      const set = JSON.parse(text) as { activities: StreamActivity[]; watermark?: string };
      const watermark = set.watermark === undefined ? undefined : Number(set.watermark);
      if (watermark !== undefined) this.watermarks.push(watermark);
      for (const activity of set.activities) this.received.push({ activity, watermark });
    });
  }

  static open(url: string): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new StreamClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Status code of a refused handshake, or 101 if it opened. */
  static async handshakeStatus(url: string): Promise<number> {
    return new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => resolve(0));
    });
  }

  messages(): StreamActivity[] {
    return this.received.map((r) => r.activity).filter((a) => a.type === 'message');
  }

  async waitFor(predicate: (all: StreamActivity[]) => boolean, what: string, timeoutMs = 10_000): Promise<StreamActivity[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages().map((m) => m.text))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.messages();
  }

  close(): void {
    this.ws.close();
  }
}
