/**
 * GET /api/open311/media/:token: a case's photo for the council's works system, which was sent the
 * link as `media_url`. The token is signed and expires (services/open311/mediaLinks.ts); the file
 * comes from the evidence store (GridFS). A wrong or expired link gets 404 or 410 and nothing else.
 */
import { GridFSBucket, ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { MediaLinks } from '../services/open311';
import { TokenBuckets } from '../services/http/rateLimit';
import { clientAddress } from '../services/http/requestInfo';

export interface Open311RouteDeps {
  server: Server;
  connection: Connection;
  media: MediaLinks;
  logger: Logger;
  requestsPerMinute: number;
  trustProxy: boolean;
}

export function mountOpen311Media(deps: Open311RouteDeps): void {
  const perClient = new TokenBuckets(deps.requestsPerMinute, 60_000);
  deps.server.get('/api/open311/media/:token', async (req: Request, res: Response) => {
    const deny = (status: number, error: string) => {
      res.setHeader('cache-control', 'no-store');
      res.json(status, { error });
    };
    const decision = perClient.take(clientAddress(req, deps.trustProxy));
    if (!decision.ok) {
      res.setHeader('retry-after', String(decision.retryAfterSeconds));
      return deny(429, 'Too many requests.');
    }
    const checked = deps.media.verify(String(req.params?.token ?? ''));
    if ('error' in checked) return deny(checked.error === 'expired' ? 410 : 404, checked.error === 'expired' ? 'This link has expired.' : 'There is no such file.');
    try {
      if (!deps.connection.db) return deny(503, 'Please try again shortly.');
      const bucket = new GridFSBucket(deps.connection.db as never, { bucketName: 'evidence' });
      const [file] = await bucket.find({ _id: new ObjectId(checked.fileId) }).limit(1).toArray();
      if (!file) return deny(404, 'There is no such file.');
      const type = String((file.metadata as { contentType?: string } | undefined)?.contentType ?? 'application/octet-stream');
      res.writeHead(200, {
        'content-type': type,
        'content-length': String(file.length),
        'cache-control': 'private, max-age=3600',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'",
        'content-disposition': 'inline',
      });
      const stream = bucket.openDownloadStream(file._id);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message }, 'open311: could not serve a photo link');
      if (!res.headersSent) deny(500, 'Something went wrong.');
    }
  });
}
