/**
 * The HTTP surface: restify with POST /api/messages through the CloudAdapter and GET /healthz.
 * Counts turns in flight so shutdown can wait for them.
 */
import restify, { Request, Response, Server } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from 'pino';
import { ActivityEnvelope, describeEnvelopeProblems } from './activityEnvelope';
import { TokenBuckets } from '../services/http/rateLimit';
import { clientAddress } from '../services/http/requestInfo';
import { TURN_RECEIVED_AT } from './turnBudget';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Whether an address is this machine (IPv4 loopback, IPv6 loopback, or IPv4 loopback mapped into IPv6). */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase();
  return a === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  /** True while the database answers. */
  databaseUp: () => Promise<boolean>;
  maxBodyBytes?: number;
  /**
   * Activities per minute from one address on /api/messages (429 beyond). Set in local mode, where
   * nothing authenticates the sender; with Bot Framework credentials every activity comes from
   * Microsoft's channel service with a signed token, and conversations are limited in the router.
   */
  activitiesPerMinutePerAddress?: number;
  trustProxy?: boolean;
  /**
   * Local mode (no Bot Framework credentials): nothing proves who sent an activity, so
   * /api/messages takes activities only from this machine (the Emulator), and Teams activities,
   * which carry staff powers, only with `allowLocalStaff`.
   */
  localMode?: boolean;
  allowLocalStaff?: boolean;
  /** Whether a conversation id is one of the bot's own Direct Line conversations (reachable only through Direct Line). */
  ownsDirectLineConversation?: (conversationId: string) => Promise<boolean>;
}

export interface BotServer {
  server: Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, waits for turns in flight (up to timeoutMs), closes the listener. */
  close(timeoutMs: number): Promise<void>;
  turnsInFlight(): number;
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.json(body);
}

type UpgradeHandler = { matches(req: IncomingMessage): boolean; handle(req: IncomingMessage, socket: Duplex, head: Buffer): void };
const upgradeHandlers = new WeakMap<Server, UpgradeHandler[]>();

/** Adds a WebSocket route; an upgrade that no route takes is answered 404 and closed. */
export function addUpgradeRoute(server: Server, handler: UpgradeHandler): void {
  upgradeHandlers.get(server)?.push(handler);
}

export function createBotServer(deps: ServerDeps): BotServer {
  const { logger } = deps;
  const server = restify.createServer({ name: 'council-feedback-bot', handleUncaughtExceptions: false });
  let inFlight = 0;
  let accepting = true;

  // JSON only, size-capped. restify's full bodyParser would also accept multipart uploads (written
  // to temp files with formidable's own, much larger limit) on every route; file uploads have their
  // own streaming route in the Direct Line endpoint.
  // (jsonBodyParser passes its options to the bodyReader it includes; the typings omit maxBodySize.)
  const jsonOptions = { maxBodySize: deps.maxBodyBytes ?? 256 * 1024, mapParams: false };
  // Compressed bodies are refused before anything reads them: restify would inflate them with no
  // limit on the inflated size and no handler for a corrupt stream (which ended the process), and no
  // client of this server (Bot Framework channels, Direct Line, the tab) compresses what it sends.
  server.pre((req: Request, res: Response, next: (err?: false) => void) => {
    const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
    if (encoding === '' || encoding === 'identity') return next();
    res.setHeader('connection', 'close');
    sendJson(res, 415, { error: 'Compressed request bodies are not accepted. Send the body without Content-Encoding.' });
    return next(false);
  });
  server.use(restify.plugins.jsonBodyParser(jsonOptions as restify.plugins.JsonBodyParserOptions));

  // One upgrade listener for the whole server (restify adds its own, which never answers): a
  // request for a path with no WebSocket route is told so and closed, or it would hold its socket.
  const routes: UpgradeHandler[] = [];
  upgradeHandlers.set(server, routes);
  server.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const route = routes.find((r) => r.matches(req));
    if (route) return route.handle(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    setTimeout(() => socket.destroy(), 1000).unref();
  });

  // Every socket, so shutdown can end the ones nobody closes (upgraded or idle keep-alive).
  const sockets = new Set<Socket>();
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const perAddress = deps.activitiesPerMinutePerAddress ? new TokenBuckets(deps.activitiesPerMinutePerAddress, 60_000) : undefined;

  server.post('/api/messages', async (req: Request, res: Response) => {
    const receivedAt = Date.now(); // the resident's turn budget counts from here (bot/turnBudget.ts)
    if (!accepting) return sendJson(res, 503, { error: 'The bot is shutting down; try again shortly.' });
    const decision = perAddress?.take(clientAddress(req, deps.trustProxy ?? false));
    if (decision && !decision.ok) {
      res.setHeader('retry-after', String(decision.retryAfterSeconds));
      return sendJson(res, 429, { error: `Too many activities from your address. Please wait ${decision.retryAfterSeconds} seconds and try again.` });
    }
    if (deps.localMode && !isLoopbackAddress(clientAddress(req, deps.trustProxy ?? false))) {
      return sendJson(res, 401, { error: 'This bot runs without Bot Framework credentials (local mode), so it takes activities only from this machine.' });
    }
    const parsed = ActivityEnvelope.safeParse(req.body);
    if (!parsed.success) {
      return sendJson(res, 400, { error: `Not a valid Bot Framework activity: ${describeEnvelopeProblems(parsed.error)}` });
    }
    const activity = parsed.data as { channelId?: string; conversation?: { id?: string } };
    if (deps.localMode && !deps.allowLocalStaff && activity.channelId === 'msteams') {
      logger.warn('refused a Teams activity in local mode: staff actions need Bot Framework authentication (or ALLOW_LOCAL_STAFF=true to try the app on this machine)');
      return sendJson(res, 403, { error: 'Teams activities need Bot Framework authentication. To try the staff app on this machine, set ALLOW_LOCAL_STAFF=true.' });
    }
    const conversationId = activity.conversation?.id;
    if (deps.ownsDirectLineConversation && activity.channelId !== 'msteams' && typeof conversationId === 'string' && (await deps.ownsDirectLineConversation(conversationId).catch((err: Error) => {
        logger.warn({ err: err.message }, 'could not tell whether an activity is for our own Direct Line; refused it');
        return true;
      }))) {
      return sendJson(res, 403, { error: "This conversation belongs to the bot's own Direct Line; send its activities there, with its token." });
    }
    inFlight++;
    try {
      await deps.adapter.process(req, res, (context) => {
        context.turnState.set(TURN_RECEIVED_AT, receivedAt);
        return deps.bot.run(context);
      });
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'processing an activity failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'The activity could not be processed.' });
    } finally {
      inFlight--;
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    const up = await deps.databaseUp();
    sendJson(res, up ? 200 : 503, { status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down' });
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as { port: number }).port));
      }),
    turnsInFlight: () => inFlight,
    async close(timeoutMs) {
      accepting = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections?.();
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (inFlight > 0) logger.warn({ inFlight }, 'shutting down with turns still in flight');
      server.server.closeAllConnections?.();
      for (const socket of sockets) socket.destroy(); // upgraded and half-open sockets too
      await closed;
    },
  };
}
