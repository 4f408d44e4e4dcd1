/**
 * The one way to fetch a URL that came from outside (a resident's attachment link): the name is
 * resolved, and every address it resolves to is checked before anything connects, so loopback,
 * private, link-local, unique-local, mapped and unspecified addresses are never reached, in any
 * spelling (IPv4 short forms, IPv6 with an embedded IPv4), after each redirect too. The connection
 * goes to the address that was checked, so the name cannot resolve differently a moment later.
 * Every failure is the same OutboundRefused, whatever the target did, so the reply cannot be used
 * to probe which internal ports answer.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable } from 'node:stream';
import { isPublicAddress } from './publicAddress';

export class OutboundRefused extends Error {
  constructor() {
    super('the address could not be fetched');
    this.name = 'OutboundRefused';
  }
}

export { isPublicAddress } from './publicAddress';

export interface GuardedResponse {
  body: Readable;
  contentLength?: number;
  close(): void;
}

export interface GuardOptions {
  /** Longest silence on the socket (connecting, waiting for headers, between body bytes). */
  idleMs?: number;
  /**
   * Longest the whole fetch may take, redirects and the body included: a server that trickles a
   * byte every few seconds never trips the idle timeout, so without this it could hold a turn
   * (and a socket) for ever. Past it the body fails with OutboundRefused.
   */
  deadlineMs?: number;
  maxRedirects?: number;
  /** Resolves a host name; replaceable in tests. */
  lookup?: (host: string) => Promise<Array<{ address: string; family: number }>>;
  /** Whether an address may be reached; replaceable in tests only. */
  allowed?: (address: string) => boolean;
}

const defaultLookup = (host: string) => dns.promises.lookup(host, { all: true, verbatim: true });

/** GETs `url` if it and every redirect lead to public addresses; else throws OutboundRefused. */
export async function guardedGet(url: string, opts: GuardOptions = {}): Promise<GuardedResponse> {
  const lookup = opts.lookup ?? defaultLookup;
  const allowed = opts.allowed ?? isPublicAddress;
  // What is open now (the request waiting for headers, then the response being read): the idle
  // timeout and the deadline both end it with OutboundRefused, so the caller reading the body sees
  // the same failure as one before the headers.
  let open: { destroy(err?: Error): unknown } | undefined;
  let expired = false;
  const abort = () => open?.destroy(new OutboundRefused());
  const deadline = setTimeout(() => {
    expired = true;
    abort();
  }, opts.deadlineMs ?? 30_000);
  deadline.unref();
  const track = (o: { destroy(err?: Error): unknown }) => {
    open = o;
    if (expired) abort();
  };
  try {
    let current = url;
    for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop++) {
      let parsed: URL;
      try {
        parsed = new URL(current);
      } catch {
        throw new OutboundRefused();
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new OutboundRefused();
      if (parsed.username || parsed.password) throw new OutboundRefused();
      const host = parsed.hostname.replace(/^\[|\]$/g, '');
      const addresses = net.isIP(host) ? [{ address: host, family: net.isIP(host) }] : await lookup(host).catch(() => []);
      if (expired || addresses.length === 0 || !addresses.every((a) => allowed(a.address))) throw new OutboundRefused();
      const pinned = addresses[0];
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const client = parsed.protocol === 'https:' ? https : http;
        const req = client.get(parsed, {
          // The checked address and no other (Node asks for a list when it races address families).
          lookup: (_h: string, o: { all?: boolean }, cb: (err: Error | null, address: unknown, family?: number) => void) =>
            o?.all ? cb(null, [{ address: pinned.address, family: pinned.family }]) : cb(null, pinned.address, pinned.family),
          timeout: opts.idleMs ?? 10_000,
          headers: { 'user-agent': 'council-feedback-bot' },
        } as http.RequestOptions);
        track(req);
        req.once('response', resolve);
        // Silence on the socket, before or after the headers: end whatever is open.
        req.on('timeout', () => {
          abort();
          req.destroy(new OutboundRefused());
        });
        req.once('error', reject);
      }).catch(() => {
        throw new OutboundRefused();
      });
      track(res);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        current = new URL(res.headers.location, parsed).toString();
        continue;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        throw new OutboundRefused();
      }
      res.once('close', () => clearTimeout(deadline));
      const length = Number(res.headers['content-length']);
      return { body: res, contentLength: Number.isFinite(length) ? length : undefined, close: () => res.destroy() };
    }
    throw new OutboundRefused();
  } catch (err) {
    clearTimeout(deadline);
    open?.destroy();
    throw err instanceof OutboundRefused ? err : new OutboundRefused();
  }
}
