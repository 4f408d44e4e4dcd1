/**
 * The website chat: the page (GET / and /chat), the one-tag embed for a council's own site
 * (GET /embed.js + /embed.css), Microsoft's Web Chat client served from node_modules (never a
 * CDN), and POST /webchat/token, which gives the page a Direct Line token in either mode:
 *
 *  - Azure Bot Service (DIRECTLINE_SECRET set): the server swaps the secret for a conversation
 *    token at Azure's endpoint; the page then talks to Azure, and the secret never leaves here.
 *  - self-hosted (otherwise): the token is ours, and the page talks to our /v3/directline.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, Response } from 'restify';
import type { Config } from '../services/config';
import { AzureTokenError, exchangeSecretForToken, newDirectLineUserId } from '../services/directline/azureToken';
import { TokenBuckets } from '../services/http/rateLimit';
import { clientAddress, publicBaseUrl, queryParam } from '../services/http/requestInfo';
import { DirectLineError } from '../services/directline/service';
import { UPLOAD_ACCEPT } from '../services/evidence/fileType';
import type { PolicyPack } from '../services/policy';
import { DirectLineDeps, MountedDirectLine, mountDirectLine } from './directLineRoutes';

const ROOT = path.resolve(__dirname, '..');
const PUBLIC_DIR = path.join(ROOT, 'public');
// The package exports neither its package.json nor dist/, so locate it from its main entry (not loaded).
const WEBCHAT_DIR = path.resolve(path.dirname(require.resolve('botframework-webchat')), '..');
const WEBCHAT_BUNDLE = path.join(WEBCHAT_DIR, 'dist', 'webchat.js');
const WEBCHAT_VERSION = (JSON.parse(fs.readFileSync(path.join(WEBCHAT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
const gzip = promisify(zlib.gzip);

/** What the bot's own Direct Line needs (it names the bot after the page's title), and the council. */
export interface WebChatDeps extends Omit<DirectLineDeps, 'botName'> {
  pack: Pick<PolicyPack, 'id' | 'councilName' | 'privacyNotice'>;
}

export interface MountedWebChat {
  mode: 'azure' | 'self-hosted';
  directLine?: MountedDirectLine;
  close(timeoutMs: number): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{([A-Z_]+)\}\}/g, (m, k: string) => values[k] ?? m);

function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^[A-Z]/.test(w) && !/^(The|Of|And)$/.test(w));
  return (words.map((w) => w[0]).join('').slice(0, 2) || 'C').toUpperCase();
}

/** `colour` mixed with white: `amount` 0 is white, 1 is the colour itself. */
function tint(colour: string, amount: number): string {
  const mix = (i: number) => Math.round(255 - (255 - parseInt(colour.slice(i, i + 2), 16)) * amount);
  return `#${[1, 3, 5].map((i) => mix(i).toString(16).padStart(2, '0')).join('')}`;
}

/** A file from node_modules, with its gzip made once on first use, ETag and long caching. */
function staticAsset(file: string, contentType: string, maxAgeSeconds: number) {
  let cached: Promise<{ raw: Buffer; gz: Buffer; etag: string }> | undefined;
  const load = async () => {
    const raw = await fs.promises.readFile(file);
    return { raw, gz: await gzip(raw, { level: 6 }), etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"` };
  };
  return async (req: Request, res: Response) => {
    cached ??= load().catch((err: unknown) => {
      cached = undefined;
      throw err;
    });
    const { raw, gz, etag } = await cached;
    res.setHeader('etag', etag);
    res.setHeader('cache-control', `public, max-age=${maxAgeSeconds}`);
    res.setHeader('vary', 'accept-encoding');
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304);
      res.end();
      return;
    }
    const useGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = useGzip ? gz : raw;
    res.writeHead(200, { 'content-type': contentType, 'content-length': String(body.length), ...(useGzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(body);
  };
}

export async function mountWebChat(deps: WebChatDeps): Promise<MountedWebChat> {
  const { server, config, logger, pack } = deps;
  const azure = config.DIRECTLINE_SECRET ? { secret: config.DIRECTLINE_SECRET, endpoint: config.DIRECTLINE_ENDPOINT.replace(/\/+$/, '') } : undefined;
  const title = config.WEBCHAT_TITLE ?? pack.councilName;
  const colour = config.WEBCHAT_PRIMARY_COLOUR;
  const privacyUrl = pack.privacyNotice.url ?? config.PRIVACY_NOTICE_URL;

  const directLine = azure
    ? undefined
    : await mountDirectLine({ server, adapter: deps.adapter, bot: deps.bot, config, logger, connection: deps.connection, serviceUrl: deps.serviceUrl, localUrl: () => selfServiceUrl({ HOST: config.HOST }, server), botName: title, onReconnect: deps.onReconnect });
  logger.info({ mode: azure ? 'azure' : 'self-hosted' }, 'website chat: Direct Line mode');

  const client = (req: IncomingMessage) => clientAddress(req, config.TRUST_PROXY);
  const publicBase = (req: IncomingMessage) => publicBaseUrl(req, { publicUrl: config.PUBLIC_URL, trustProxy: config.TRUST_PROXY, fallback: deps.serviceUrl() });
  // The page's token endpoint costs a conversation (and, on Azure, a call to Microsoft): limited per client.
  const azureTokens = new TokenBuckets(config.RATE_LIMIT_NEW_CONVERSATIONS_PER_HOUR, 3_600_000);

  const read = (name: string) => fs.readFileSync(path.join(PUBLIC_DIR, name), 'utf8');
  const templates = { page: read('chat.html'), css: read('chat.css'), chatJs: read('chat.js'), embedJs: read('embed.js'), embedCss: read('embed.css') };
  const assetVersion = createHash('sha256').update(Object.values(templates).join('\n')).update(colour).digest('hex').slice(0, 10);
  const css = fill(templates.css, { COLOUR: colour });
  const embedCss = fill(templates.embedCss, { COLOUR: colour });

  const styleOptions = {
    accent: colour,
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    // A pale tint of the council's colour with black text: Web Chat also puts file names and
    // sizes in the resident's bubbles, and those stay readable on a pale background.
    bubbleFromUserBackground: tint(colour, 0.12),
    bubbleFromUserTextColor: 'Black',
    bubbleFromUserBorderColor: colour,
    bubbleBorderColor: '#B1B4B6',
    botAvatarInitials: initials(title),
    botAvatarBackgroundColor: colour,
    userAvatarInitials: 'You',
    userAvatarBackgroundColor: '#505A5F',
    subtle: '#505A5F',
    timestampColor: '#505A5F',
    sendBoxPlaceholderColor: '#505A5F',
    sendBoxButtonColor: '#505A5F',
    suggestedActionTextColor: colour,
    suggestedActionBorderColor: colour,
    hideUploadButton: false,
    uploadAccept: UPLOAD_ACCEPT,
    uploadMultiple: true,
  };

  const privacyHtml = privacyUrl
    ? `<p><a href="${escapeHtml(privacyUrl)}" rel="noopener" target="_blank">How we use your information (privacy notice, opens in a new tab)</a></p>`
    : '<p>We use what you tell us only to deal with your feedback.</p>';

  const contentSecurityPolicy = (req: IncomingMessage) => {
    const base = publicBase(req);
    const connect = ["'self'", base.replace(/^http/, 'ws'), 'blob:', 'data:'];
    if (azure) {
      const origin = new URL(azure.endpoint).origin;
      connect.push(origin, origin.replace(/^http/, 'ws'));
    }
    return [
      "default-src 'self'",
      "script-src 'self'",
      // Web Chat styles its components at run time (emotion), which needs inline styles.
      "style-src 'self' 'unsafe-inline'",
      // Web Chat makes image thumbnails for uploads in a worker it creates from a blob.
      "worker-src 'self' blob:",
      "img-src 'self' data: blob:",
      "media-src 'self' blob:",
      "font-src 'self' data:",
      `connect-src ${connect.join(' ')}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      // Councils put the page in an iframe from their own sites (embed.js).
      'frame-ancestors *',
    ].join('; ');
  };

  // restify wants handlers that are async or take next; these are async.
  const page = async (req: Request, res: Response) => {
    const embedded = queryParam(req, 'embed') === '1';
    const html = fill(templates.page, {
      TITLE: escapeHtml(title),
      COLOUR: colour,
      VERSION: assetVersion,
      WEBCHAT_VERSION: WEBCHAT_VERSION,
      BODY_CLASS: embedded ? 'embedded' : '',
      PRIVACY: privacyHtml,
      CONFIG_JSON: scriptJson({ storageKey: pack.id, tokenUrl: '/webchat/token', title, styleOptions }),
    });
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': contentSecurityPolicy(req),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(html);
  };
  server.get('/', page);
  server.get('/chat', page);

  const text = (body: string, contentType: string, maxAge = 300) => async (_req: Request, res: Response) => {
    res.writeHead(200, { 'content-type': contentType, 'cache-control': `public, max-age=${maxAge}`, 'x-content-type-options': 'nosniff' });
    res.end(body);
  };
  server.get('/static/chat.css', text(css, 'text/css; charset=utf-8', 3600));
  server.get('/static/chat.js', text(templates.chatJs, 'text/javascript; charset=utf-8', 3600));
  server.get('/embed.css', text(embedCss, 'text/css; charset=utf-8'));
  server.get('/embed.js', async (req: Request, res: Response) => {
    const embedConfig = { title, launcherText: 'Chat with us', origin: publicBase(req) };
    await text(fill(templates.embedJs, { CONFIG_JSON: scriptJson(embedConfig) }), 'text/javascript; charset=utf-8')(req, res);
  });
  server.get('/favicon.ico', async (_req: Request, res: Response) => {
    res.writeHead(204, { 'cache-control': 'public, max-age=86400' });
    res.end();
  });
  server.get('/static/webchat.js', staticAsset(WEBCHAT_BUNDLE, 'text/javascript; charset=utf-8', 7 * 24 * 3600));

  server.post('/webchat/token', async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    try {
      if (directLine) {
        directLine.service.limitClient(client(req));
        // Opened from a handoff link: the link's token rides in the new conversation's token, so the
        // bot carries on from it when the conversation starts (the bot checks its signature).
        const offered = (req.body as { handoff?: unknown } | undefined)?.handoff;
        const handoff = typeof offered === 'string' && /^[A-Za-z0-9._-]{20,200}$/.test(offered) ? offered : undefined;
        const t = await directLine.service.generateToken(client(req), { handoff });
        res.json(200, { ...t, domain: `${publicBase(req)}/v3/directline`, ...(handoff ? { handoff: 'carried' } : {}) });
        return;
      }
      const decision = azureTokens.take(client(req));
      if (!decision.ok) {
        throw new DirectLineError(429, `Too many new chats have been started from your connection. Please try again in ${Math.ceil(decision.retryAfterSeconds / 60)} minutes.`, {
          'retry-after': String(decision.retryAfterSeconds),
        });
      }
      const userId = newDirectLineUserId();
      const t = await exchangeSecretForToken({ endpoint: azure!.endpoint, secret: azure!.secret, userId });
      res.json(200, { ...t, userId, domain: azure!.endpoint });
    } catch (err) {
      if (err instanceof DirectLineError) {
        for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
        res.json(err.status, { error: err.message });
      } else if (err instanceof AzureTokenError) {
        logger.error({ status: err.status }, 'website chat: Azure Direct Line token request failed');
        res.json(502, { error: 'The chat service is not available right now. Please try again later.' });
      } else {
        logger.error({ err: (err as Error).message }, 'website chat: token request failed');
        res.json(500, { error: 'Something went wrong on our side. Please try again.' });
      }
    }
  });

  return {
    mode: azure ? 'azure' : 'self-hosted',
    directLine,
    close: async (timeoutMs) => {
      await directLine?.close(timeoutMs);
    },
  };
}

/**
 * The bot's own base URL for the Bot Connector calls it makes to itself: PUBLIC_URL when set,
 * otherwise the address it listens on (loopback when it listens on every interface).
 */
export function selfServiceUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST'>, server: { address(): unknown }): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  const address = server.address() as { port: number } | null;
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${address?.port ?? 0}`;
}
