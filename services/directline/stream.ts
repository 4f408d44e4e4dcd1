/**
 * The Direct Line WebSocket stream (the `streamUrl`): each message is `{activities: [...],
 * watermark}`. On connect it replays what is stored after the URL's watermark, then goes live
 * without gaps or repeats: it subscribes first, reads history, then flushes what arrived meanwhile,
 * skipping anything at or below the last watermark sent. An activity that arrives after a gap (others
 * stored by another instance, not yet seen here) brings the gap from the store first.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { DirectLineService } from './service';
import type { DirectLineActivity } from './store';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?#]{1,200})\/stream$/;
const MAX_SOCKETS_PER_CONVERSATION = 3;
const MAX_SOCKETS = 10_000;
const PING_INTERVAL_MS = 30_000;
/** A client this far behind is dropped; it reconnects with its watermark and loses nothing. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface StreamOptions {
  service: DirectLineService;
  logger: Logger;
  clientAddress: (req: IncomingMessage) => string;
  publicBase: (req: IncomingMessage) => string;
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${status === 429 ? 'Too Many Requests' : status === 404 ? 'Not Found' : status === 503 ? 'Service Unavailable' : 'Forbidden'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024, perMessageDeflate: false });
  private readonly byConversation = new Map<string, WebSocket[]>();
  private readonly alive = new WeakSet<WebSocket>();
  private readonly pinger: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly opts: StreamOptions) {
    this.pinger = setInterval(() => this.ping(), PING_INTERVAL_MS);
    this.pinger.unref();
  }

  /** Whether this upgrade request is ours (so other upgrade handlers can take the rest). */
  static matches(req: IncomingMessage): boolean {
    return STREAM_PATH.test(new URL(req.url ?? '/', 'http://x').pathname);
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { service } = this.opts;
    const url = new URL(req.url ?? '/', 'http://x');
    const m = STREAM_PATH.exec(url.pathname);
    if (!m) return refuse(socket, 404, 'Not found.');
    if (this.closing) return refuse(socket, 503, 'The chat is restarting; please try again in a moment.');
    try {
      service.limitClient(this.opts.clientAddress(req));
    } catch (err) {
      return refuse(socket, 429, (err as Error).message);
    }
    if (this.wss.clients.size >= MAX_SOCKETS) return refuse(socket, 503, 'The chat is busy; please try again in a moment.');
    const conversationId = decodeURIComponent(m[1]);
    const verified = await service.tokens.verifyStream(url.searchParams.get('t') ?? '');
    if (!verified.ok || verified.claims.conversationId !== conversationId) {
      return refuse(socket, 403, 'This stream URL is not valid or has expired; ask for a new one (GET /v3/directline/conversations/{id}).');
    }
    const watermarkParam = url.searchParams.get('watermark') ?? '';
    if (!/^\d{0,12}$/.test(watermarkParam)) return refuse(socket, 403, 'watermark must be a number from an earlier response.');
    const watermark = watermarkParam === '' ? -1 : Number(watermarkParam);
    const base = this.opts.publicBase(req);

    this.wss.handleUpgrade(req, socket, head, (ws) => {
      void this.serve(ws, conversationId, watermark, base);
    });
  }

  private async serve(ws: WebSocket, conversationId: string, fromWatermark: number, base: string): Promise<void> {
    const { service, logger } = this.opts;
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    ws.on('message', () => undefined); // clients send empty keep-alives; nothing else is read
    ws.on('error', () => undefined);

    // Only a few streams per conversation (Azure allows one); the oldest gives way to a reload.
    const sockets = this.byConversation.get(conversationId) ?? [];
    sockets.push(ws);
    this.byConversation.set(conversationId, sockets);
    while (sockets.length > MAX_SOCKETS_PER_CONVERSATION) sockets.shift()!.close(4000, 'collision');

    let lastSent = fromWatermark;
    let live = false;
    const pending: Array<[DirectLineActivity, number | undefined]> = [];
    // Presenting signs attachment links (async); a chain keeps the order of what is sent.
    let chain = Promise.resolve();
    /** Sends what is stored after `lastSent`, a page at a time, each page as one message. */
    const sendStored = async (): Promise<void> => {
      for (;;) {
        const rows = await service.store.since(conversationId, lastSent, 200);
        if (rows.length === 0 || ws.readyState !== WebSocket.OPEN) return;
        const shown = await Promise.all(rows.map((r) => service.present(r.activity, base)));
        lastSent = rows[rows.length - 1].watermark;
        ws.send(JSON.stringify({ activities: shown, watermark: String(lastSent) }));
        if (rows.length < 200) return;
      }
    };
    const send = (activity: DirectLineActivity, watermark: number | undefined) => {
      chain = chain
        .then(async () => {
          if (ws.readyState !== WebSocket.OPEN) return;
          if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.close(1013, 'too far behind; reconnect');
          if (watermark !== undefined) {
            if (watermark <= lastSent) return;
            if (watermark > lastSent + 1) {
              // A gap: another instance stored activities this one has not passed on yet. They
              // are read from the store (this one included), so the client sees them in order.
              return sendStored();
            }
            lastSent = watermark;
          }
          const shown = await service.present(activity, base);
          ws.send(JSON.stringify(watermark === undefined ? { activities: [shown] } : { activities: [shown], watermark: String(watermark) }));
        })
        .catch((err: Error) => {
          logger.warn({ err: err.message }, 'direct line: could not pass an activity on to a stream');
          ws.close(1011, 'activity unavailable; reconnect');
        });
    };
    const unsubscribe = service.hub.subscribe(conversationId, (activity, watermark) => {
      if (live) send(activity, watermark);
      else pending.push([activity, watermark]);
    });
    ws.on('close', () => {
      unsubscribe();
      const list = this.byConversation.get(conversationId);
      if (list) {
        const i = list.indexOf(ws);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) this.byConversation.delete(conversationId);
      }
    });

    try {
      // History after the watermark, a page at a time, each page as one message.
      await sendStored();
      live = true;
      // From here the cross-instance feed looks for what others store after this.
      service.hub.noteDelivered(conversationId, lastSent);
      for (const [activity, watermark] of pending.splice(0)) send(activity, watermark);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'direct line: could not replay history on a stream');
      ws.close(1011, 'history unavailable; reconnect');
    }
  }

  private ping(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }

  get openSockets(): number {
    return this.wss.clients.size;
  }

  close(): void {
    this.closing = true;
    clearInterval(this.pinger);
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    setTimeout(() => {
      for (const ws of this.wss.clients) ws.terminate();
    }, 1000).unref();
  }
}
