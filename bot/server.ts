/**
 * The HTTP surface: restify with POST /api/messages through the CloudAdapter and GET /healthz.
 * Counts turns in flight so shutdown can wait for them.
 */
import restify, { Request, Response, Server } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from 'pino';
import { ActivityEnvelope, describeEnvelopeProblems } from './activityEnvelope';
import { TokenBuckets } from '../services/directline/rateLimit';
import { clientAddress } from '../services/directline/requestInfo';

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
  server.use(restify.plugins.jsonBodyParser(jsonOptions as restify.plugins.JsonBodyParserOptions));

  const perAddress = deps.activitiesPerMinutePerAddress ? new TokenBuckets(deps.activitiesPerMinutePerAddress, 60_000) : undefined;

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (!accepting) return sendJson(res, 503, { error: 'The bot is shutting down; try again shortly.' });
    const decision = perAddress?.take(clientAddress(req, deps.trustProxy ?? false));
    if (decision && !decision.ok) {
      res.setHeader('retry-after', String(decision.retryAfterSeconds));
      return sendJson(res, 429, { error: `Too many activities from your address. Please wait ${decision.retryAfterSeconds} seconds and try again.` });
    }
    const parsed = ActivityEnvelope.safeParse(req.body);
    if (!parsed.success) {
      return sendJson(res, 400, { error: `Not a valid Bot Framework activity: ${describeEnvelopeProblems(parsed.error)}` });
    }
    inFlight++;
    try {
      await deps.adapter.process(req, res, (context) => deps.bot.run(context));
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
      await closed;
    },
  };
}
