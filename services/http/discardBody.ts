/**
 * Before refusing a request whose body is still unread: a server that closes a socket with unread
 * bytes in it resets the connection, and the client (fetch in Node, a browser) may then report
 * "EPIPE" or "connection reset" instead of the answer it was sent. A small body is therefore read
 * to its end and dropped first; a big one, or one of unknown length, is left unread (reading it is
 * what the refusal avoids), and its client may see a reset.
 */
import type { IncomingMessage } from 'node:http';

/** Reads and drops the rest of a body that declared at most `maxBytes`, waiting at most `timeoutMs`. */
export async function discardSmallBody(req: IncomingMessage, maxBytes = 64 * 1024, timeoutMs = 2000): Promise<void> {
  const declared = Number(req.headers['content-length']);
  if (req.readableEnded || req.destroyed || !Number.isFinite(declared) || declared > maxBytes) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      req.off('end', done).off('close', done).off('error', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    req.on('end', done).on('close', done).on('error', done);
    req.resume();
  });
}
