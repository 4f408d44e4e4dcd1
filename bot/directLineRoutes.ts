/**
 * The self-hosted Direct Line 3.0 endpoint on the bot's own restify server, used when no Azure
 * Direct Line secret is configured:
 *
 *   POST /v3/directline/tokens/generate                      a token for a new conversation
 *   POST /v3/directline/tokens/refresh                       a later expiry for the same conversation
 *   POST /v3/directline/conversations                        start (201, or 200 if already started)
 *   GET  /v3/directline/conversations/:id?watermark=         reconnect: a new streamUrl
 *   POST /v3/directline/conversations/:id/activities         send an activity
 *   GET  /v3/directline/conversations/:id/activities?watermark=   poll
 *   POST /v3/directline/conversations/:id/upload?userId=     send files (multipart)
 *   GET  /v3/directline/conversations/:id/stream?t=          WebSocket stream (upgrade)
 *   GET  /v3/attachments/:id?t=                              download an uploaded file
 *   POST /v3/conversations/:id/activities[/:replyToId]       the bot's replies (Bot Connector API)
 *
 * Every error is JSON `{error: "..."}` with a status a client can act on.
 */
import type { IncomingMessage } from 'node:http';
import type { CloudAdapter } from 'botbuilder';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../services/config';
import { BotBridge, TurnRunner } from '../services/directline/botBridge';
import { routeOwnServiceUrl } from './adapter';
import { addUpgradeRoute } from './server';
import { connectorAuthenticator } from '../services/directline/connectorAuth';
import { DirectLineHub } from '../services/directline/hub';
import { LiveFeed, startLiveFeed } from '../services/directline/liveFeed';
import { SharedRateLimit } from '../services/http/sharedRateLimit';
import { clientAddress, publicBaseUrl, queryParam } from '../services/http/requestInfo';
import { WatermarkParam } from '../services/directline/schemas';
import { DirectLineError, DirectLineService } from '../services/directline/service';
import { DirectLineStore } from '../services/directline/store';
import { DirectLineStreams } from '../services/directline/stream';
import { bearerToken } from '../services/http/bearerToken';
import { discardSmallBody } from '../services/http/discardBody';
import { DirectLineTokens, loadTokenSecret } from '../services/directline/tokens';
import { AttachmentStore } from '../services/directline/uploads';

export interface DirectLineDeps {
  server: Server;
  adapter: CloudAdapter;
  bot: TurnRunner;
  config: Config;
  logger: Logger;
  connection: Connection;
  /** The bot's own base URL, as its activities carry it (PUBLIC_URL when set; known once the server listens). */
  serviceUrl: () => string;
  /** This process's own address (loopback), where its replies to `serviceUrl` go; `serviceUrl` when absent. */
  localUrl?: () => string;
  botName: string;
  /** A resident reconnected to their conversation (after authorisation): what waits for their chat can go now. Not awaited. */
  onReconnect?: (conversationId: string) => void;
}

export interface MountedDirectLine {
  service: DirectLineService;
  streams: DirectLineStreams;
  /** Base URL the browser should use for this request. */
  publicBase(req: IncomingMessage): string;
  clientAddress(req: IncomingMessage): string;
  close(timeoutMs: number): Promise<void>;
}

const UPLOAD_PATH = /^\/v3\/directline\/conversations\/([^/?#]{1,200})\/upload(?:\?|$)/;

function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('cache-control', 'no-store');
  res.status(status);
  res.json(body);
}

export async function mountDirectLine(deps: DirectLineDeps): Promise<MountedDirectLine> {
  const { server, config, logger } = deps;
  const tokens = new DirectLineTokens(await loadTokenSecret(config.DIRECTLINE_TOKEN_SECRET, config.DATA_DIR), config.DIRECTLINE_TOKEN_TTL_SECONDS);
  const botId = config.MicrosoftAppId ?? 'council-feedback-bot';
  const trim = (url: string) => url.replace(/\/+$/, '');
  const local = deps.localUrl;
  const reach = local ? (url: string) => (trim(url) === trim(deps.serviceUrl()) ? local() : url) : undefined;
  const bridge = new BotBridge(deps.adapter, deps.bot, tokens, config.MicrosoftAppId, logger, undefined, reach);
  routeOwnServiceUrl(deps.adapter, deps.serviceUrl, bridge.factory);
  const store = new DirectLineStore(deps.connection);
  const hub = new DirectLineHub();
  const limitFailed = (err: Error) => logger.warn({ err: err.message }, 'direct line: a rate limit could not be counted in the database; allowed');
  const service = new DirectLineService({
    store,
    // Counted in the database, so they hold however many instances share it.
    sharedLimits: {
      perConversation: new SharedRateLimit(deps.connection, 'dl-conversation', config.RATE_LIMIT_CONVERSATION_PER_MINUTE, 60_000, limitFailed),
      newConversations: new SharedRateLimit(deps.connection, 'dl-new-conversation', config.RATE_LIMIT_NEW_CONVERSATIONS_PER_HOUR, 3_600_000, limitFailed),
    },
    attachments: new AttachmentStore(deps.connection),
    tokens,
    hub,
    bridge,
    logger,
    bot: { id: botId, name: deps.botName },
    serviceUrl: deps.serviceUrl,
    limits: {
      messageMaxChars: config.MESSAGE_MAX_CHARS,
      uploadMaxBytes: config.UPLOAD_MAX_BYTES,
      clientPerMinute: config.RATE_LIMIT_CLIENT_PER_MINUTE,
      conversationPerMinute: config.RATE_LIMIT_CONVERSATION_PER_MINUTE,
      newConversationsPerHour: config.RATE_LIMIT_NEW_CONVERSATIONS_PER_HOUR,
    },
  });
  // What other instances store reaches this one's streams once the database is up (change
  // streams are probed then). A feed that cannot start is logged; streams still get this
  // instance's own activities, and everything on reconnect.
  let feed: Promise<LiveFeed | undefined> | undefined;
  const startFeed = () => {
    feed ??= startLiveFeed({ store, hub, logger, mode: config.DIRECTLINE_LIVE_FEED }).catch((err: Error) => {
      logger.error({ err: err.message }, 'direct line live delivery across instances could not start');
      return undefined;
    });
  };
  if (deps.connection.readyState === 1) startFeed();
  else deps.connection.once('open', startFeed);
  const client = (req: IncomingMessage) => clientAddress(req, config.TRUST_PROXY);
  const publicBase = (req: IncomingMessage) => publicBaseUrl(req, { publicUrl: config.PUBLIC_URL, trustProxy: config.TRUST_PROXY, fallback: deps.serviceUrl() });
  const streams = new DirectLineStreams({ service, logger, clientAddress: client, publicBase });
  const connectorAllowed = connectorAuthenticator({ tokens, botAppId: config.MicrosoftAppId });

  /** Wraps a handler: per-client rate limit first, and every failure as `{error}` JSON. */
  const handle =
    (fn: (req: Request, res: Response) => Promise<void>, opts: { limited?: boolean } = { limited: true }) =>
    async (req: Request, res: Response) => {
      try {
        if (opts.limited !== false) service.limitClient(client(req));
        await fn(req, res);
      } catch (err) {
        if (err instanceof DirectLineError) return sendJson(res, err.status, { error: err.message }, err.headers);
        logger.error({ err: (err as Error).message, path: req.getPath() }, 'direct line request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'Something went wrong on our side. Please try again.' });
      }
    };

  const watermarkOf = (req: Request): number => {
    const parsed = WatermarkParam.safeParse(queryParam(req, 'watermark'));
    if (!parsed.success) throw new DirectLineError(400, 'watermark must be a number from an earlier response.');
    return parsed.data;
  };
  const conversationParam = (req: Request): string => {
    const id = req.params?.conversationId;
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw new DirectLineError(400, 'Missing conversation id.');
    return id;
  };

  server.post(
    '/v3/directline/tokens/generate',
    handle(async (req, res) => sendJson(res, 200, await service.generateToken(client(req)))),
  );
  server.post(
    '/v3/directline/tokens/refresh',
    handle(async (req, res) => sendJson(res, 200, await service.refresh(req.headers.authorization))),
  );
  server.post(
    '/v3/directline/conversations',
    handle(async (req, res) => {
      const { status, body } = await service.startConversation(req.headers.authorization, client(req), publicBase(req));
      sendJson(res, status, body);
    }),
  );
  server.get(
    '/v3/directline/conversations/:conversationId',
    handle(async (req, res) => {
      const body = await service.reconnect(req.headers.authorization, conversationParam(req), watermarkOf(req), publicBase(req));
      deps.onReconnect?.(body.conversationId);
      sendJson(res, 200, body);
    }),
  );
  server.post(
    '/v3/directline/conversations/:conversationId/activities',
    handle(async (req, res) => sendJson(res, 200, await service.postActivity(req.headers.authorization, conversationParam(req), req.body))),
  );
  server.get(
    '/v3/directline/conversations/:conversationId/activities',
    handle(async (req, res) => sendJson(res, 200, await service.activitiesSince(req.headers.authorization, conversationParam(req), watermarkOf(req), publicBase(req)))),
  );

  // Uploads are taken before restify's body parser, which would otherwise buffer every file to
  // disk first: here the body is streamed, checked and stored as it arrives.
  server.pre((req: Request, res: Response, next: (err?: false) => void) => {
    const m = req.method === 'POST' ? UPLOAD_PATH.exec(req.url ?? '') : null;
    if (!m) return next();
    void (async () => {
      try {
        service.limitClient(client(req));
        sendJson(res, 200, await service.upload(req.headers.authorization, decodeURIComponent(m[1]), req));
      } catch (err) {
        // Stop here: the rest of a refused body is not read (unless it is small, so the client gets
        // this answer rather than a reset connection); the connection closes after the answer.
        await discardSmallBody(req);
        res.setHeader('connection', 'close');
        if (err instanceof DirectLineError) sendJson(res, err.status, { error: err.message }, err.headers);
        else {
          logger.error({ err: (err as Error).message }, 'direct line upload failed');
          sendJson(res, 500, { error: 'The file could not be saved. Please try again.' });
        }
      }
      next(false);
    })();
  });

  server.get(
    '/v3/attachments/:id',
    handle(async (req, res) => {
      const id = String(req.params?.id ?? '');
      const info = await service.attachments.info(id);
      if (!info) throw new DirectLineError(404, 'No such file.');
      // A signed link (what the bot and the chat transcript get), or the conversation's own token.
      const t = queryParam(req, 't') ?? '';
      const signed = t ? await tokens.verifyAttachment(t) : undefined;
      const allowed = signed?.ok
        ? signed.claims.fileId === id && signed.claims.conversationId === info.conversationId
        : bearerToken(req.headers.authorization) !== undefined && (await service.authorise(req.headers.authorization, info.conversationId)) !== undefined;
      if (!allowed) throw new DirectLineError(signed && !signed.ok && signed.reason === 'expired' ? 403 : 401, 'This link has expired or is not valid.');
      const inline = /^image\/|^application\/pdf$/.test(info.contentType);
      res.writeHead(200, {
        'content-type': info.contentType,
        'content-length': String(info.size),
        'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(info.name)}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=3600',
      });
      await new Promise<void>((resolve) => {
        const download = service.attachments.openDownload(id);
        download.on('error', () => {
          res.destroy();
          resolve();
        });
        res.on('close', resolve);
        download.pipe(res);
      });
    }),
  );

  // The Bot Connector API, as far as a bot needs it to answer in a Direct Line conversation.
  const fromBot = handle(
    async (req, res) => {
      const token = bearerToken(req.headers.authorization);
      if (!token) service.limitClient(client(req)); // local mode: unauthenticated, so at least rate limited
      if (!(await connectorAllowed(token))) throw new DirectLineError(401, 'Not authorised to post to this conversation.');
      const replyTo = typeof req.params?.replyToId === 'string' ? req.params.replyToId : undefined;
      sendJson(res, 200, await service.fromBot(conversationParam(req), req.body, replyTo));
    },
    { limited: false },
  );
  server.post('/v3/conversations/:conversationId/activities', fromBot);
  server.post('/v3/conversations/:conversationId/activities/:replyToId', fromBot);

  addUpgradeRoute(server, {
    matches: (req) => DirectLineStreams.matches(req),
    handle: (req, socket, head) => {
      streams.handleUpgrade(req, socket, head).catch((err: Error) => {
        logger.error({ err: err.message }, 'direct line stream upgrade failed');
        socket.destroy();
      });
    },
  });

  return {
    service,
    streams,
    publicBase,
    clientAddress: client,
    async close(timeoutMs) {
      deps.connection.off('open', startFeed);
      await service.stop(timeoutMs);
      streams.close();
      await (await feed)?.stop();
    },
  };
}
