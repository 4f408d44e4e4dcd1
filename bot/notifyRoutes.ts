/**
 * POST /api/notify/receipts: GOV.UK Notify's delivery receipts (its "callback" for delivery
 * status), with the bearer token the council entered in Notify. Each receipt moves one message
 * on (delivered, permanent failure...), refreshes the case card and, for a failure, tells staff.
 *
 * Off (404) unless NOTIFY_CALLBACK_TOKEN is set; refused (401) without that exact token; a
 * receipt seen before changes nothing. Only ids and the status are logged, never the address.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { CorrespondenceService } from '../services/correspondence';
import { TokenBuckets } from '../services/http/rateLimit';
import { clientAddress } from '../services/http/requestInfo';
import { bearerToken } from '../services/http/bearerToken';

export interface NotifyReceiptDeps {
  server: Server;
  correspondence: CorrespondenceService;
  callbackToken: string | undefined;
  trustProxy: boolean;
  requestsPerMinute: number;
  logger: Logger;
}

/** Notify's delivery receipt, as its documentation lists the fields (more may be added: they are ignored). */
const Receipt = z.object({
  id: z.string().trim().min(1).max(64),
  reference: z.string().max(200).nullable().optional(),
  status: z.string().trim().min(1).max(40).regex(/^[a-z-]+$/),
  notification_type: z.enum(['email', 'sms', 'letter']).optional(),
});

const digest = (s: string) => createHash('sha256').update(s).digest();

export function mountNotifyReceipts(deps: NotifyReceiptDeps): void {
  const { server, correspondence, logger } = deps;
  const expected = deps.callbackToken ? digest(deps.callbackToken) : undefined;
  const perAddress = new TokenBuckets(deps.requestsPerMinute, 60_000);

  server.post('/api/notify/receipts', async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    if (!expected) {
      res.json(404, { error: 'Delivery receipts are not switched on for this bot (NOTIFY_CALLBACK_TOKEN is not set).' });
      return;
    }
    const limited = perAddress.take(clientAddress(req, deps.trustProxy));
    if (!limited.ok) {
      res.setHeader('retry-after', String(limited.retryAfterSeconds));
      res.json(429, { error: `Too many requests. Try again in ${limited.retryAfterSeconds} seconds.` });
      return;
    }
    const given = bearerToken(req.headers.authorization);
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.json(401, { error: 'A valid bearer token is required (the one set for callbacks in GOV.UK Notify).' });
      return;
    }
    const parsed = Receipt.safeParse(req.body);
    if (!parsed.success) {
      res.json(400, { error: `This is not a GOV.UK Notify delivery receipt: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}` });
      return;
    }
    try {
      const outcome = await correspondence.receipt(parsed.data);
      logger.info({ notifyId: parsed.data.id, status: parsed.data.status, outcome }, 'notify: delivery receipt');
      res.json(200, { result: outcome });
    } catch (err) {
      logger.error({ notifyId: parsed.data.id, err: (err as Error).message }, 'notify: could not record a delivery receipt');
      // Notify retries a callback that fails, so a database blip loses nothing.
      res.json(503, { error: 'The receipt could not be recorded just now.' });
    }
  });
}
