/**
 * POST /api/handoffs: a council's social media team, answering a resident in its own inbox
 * (Facebook, Instagram, WhatsApp, X...), asks for a private link to the website chat that starts
 * from the resident's message, so the resident does not have to type it again.
 *
 *   curl -X POST $PUBLIC_URL/api/handoffs -H "Authorization: Bearer $HANDOFF_API_KEY" \
 *     -H 'Content-Type: application/json' \
 *     -d '{"message":"The bins on Elm Road were missed again","platform":"facebook","handle":"Jane S"}'
 *   → 201 {"handoffId":"h…","link":"https://…/chat?handoff=…","expiresAt":"…","platform":"facebook"}
 *
 * Off unless HANDOFF_API_KEY is set. Limited per client address (before the key is checked, so
 * guessing keys is slow too) and per key. Only ids and the platform are logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Config } from '../services/config';
import { TokenBuckets } from '../services/http/rateLimit';
import { clientAddress, publicBaseUrl } from '../services/http/requestInfo';
import { bearerToken } from '../services/http/bearerToken';
import { HandoffService, normalisePlatform, PLATFORMS } from '../services/handoff';

export interface HandoffApiDeps {
  server: Server;
  service: HandoffService;
  config: Pick<Config, 'HANDOFF_API_KEY' | 'RATE_LIMIT_HANDOFFS_PER_MINUTE' | 'MESSAGE_MAX_CHARS' | 'TRUST_PROXY' | 'PUBLIC_URL'>;
  logger: Logger;
  /** The bot's own base URL, when PUBLIC_URL is not set and the request has no usable Host. */
  serviceUrl: () => string;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function handoffBody(maxChars: number) {
  return z.strictObject({
    message: z
      .string({ message: 'message must be the text the resident sent' })
      .trim()
      .min(1, 'message must not be empty')
      .max(maxChars, `message can be up to ${maxChars} characters`),
    platform: z
      .string({ message: `platform must be one of ${PLATFORMS.join(', ')}` })
      .max(40)
      .transform((p, ctx) => {
        const found = normalisePlatform(p);
        if (!found) ctx.addIssue({ code: 'custom', message: `platform must be one of ${PLATFORMS.join(', ')}` });
        return found ?? 'other';
      }),
    handle: z.string({ message: "handle must be the resident's name or handle on the platform" }).trim().min(1).max(100).optional(),
  });
}

export function mountHandoffApi(deps: HandoffApiDeps): void {
  const { server, service, config, logger } = deps;
  const perMinute = config.RATE_LIMIT_HANDOFFS_PER_MINUTE;
  const perAddress = new TokenBuckets(perMinute, 60_000);
  const perKey = new TokenBuckets(perMinute, 60_000);
  const schema = handoffBody(config.MESSAGE_MAX_CHARS);
  const expected = config.HANDOFF_API_KEY ? digest(config.HANDOFF_API_KEY) : undefined;

  const refuse = (res: Response, status: number, error: string, headers: Record<string, string> = {}) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.json(status, { error });
  };

  server.post('/api/handoffs', async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    if (!expected) {
      refuse(res, 404, 'Handoff links from the inbox are not switched on for this bot (HANDOFF_API_KEY is not set).');
      return;
    }
    const byAddress = perAddress.take(clientAddress(req, config.TRUST_PROXY));
    if (!byAddress.ok) {
      refuse(res, 429, `Too many handoff requests. Try again in ${byAddress.retryAfterSeconds} seconds.`, { 'retry-after': String(byAddress.retryAfterSeconds) });
      return;
    }
    const given = bearerToken(req.headers.authorization) ?? (typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined);
    if (!given || !timingSafeEqual(digest(given), expected)) {
      refuse(res, 401, 'A valid API key is required: send it as Authorization: Bearer <HANDOFF_API_KEY>.');
      return;
    }
    const byKey = perKey.take('key');
    if (!byKey.ok) {
      refuse(res, 429, `Too many handoff links in the last minute. Try again in ${byKey.retryAfterSeconds} seconds.`, { 'retry-after': String(byKey.retryAfterSeconds) });
      return;
    }
    if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) {
      refuse(res, 415, 'Send the handoff as JSON (Content-Type: application/json).');
      return;
    }
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) {
      refuse(res, 400, parsed.error.issues.map((i) => (i.path.length && !i.message.startsWith(String(i.path[0])) ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
      return;
    }
    const base = publicBaseUrl(req, { publicUrl: config.PUBLIC_URL, trustProxy: config.TRUST_PROXY, fallback: deps.serviceUrl() });
    try {
      const issued = await service.create({ platform: parsed.data.platform, handle: parsed.data.handle, message: parsed.data.message }, base);
      logger.info({ handoffId: issued.handoffId, platform: parsed.data.platform }, 'handoff link made from the inbox');
      res.json(201, { handoffId: issued.handoffId, link: issued.link, expiresAt: issued.expiresAt.toISOString(), platform: parsed.data.platform });
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'handoff: could not make a link');
      refuse(res, 503, 'The link could not be made just now. Please try again in a moment.');
    }
  });
}
