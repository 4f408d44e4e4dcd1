/**
 * Who is asking and how they reached us. Forwarded headers are believed only with TRUST_PROXY
 * (one reverse proxy in front, which appends the real client address as the last entry).
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = firstHeader(req, 'x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean);
    if (forwarded?.length) return forwarded[forwarded.length - 1];
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * The base URL the browser used (for stream and download links): PUBLIC_URL when set, otherwise
 * the request's own Host. A forged Host only changes the links in the forger's own response.
 */
export function publicBaseUrl(req: IncomingMessage, opts: { publicUrl?: string; trustProxy: boolean; fallback: string }): string {
  if (opts.publicUrl) return opts.publicUrl.replace(/\/+$/, '');
  const forwardedProto = opts.trustProxy ? firstHeader(req, 'x-forwarded-proto')?.split(',')[0].trim() : undefined;
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const host = (opts.trustProxy ? firstHeader(req, 'x-forwarded-host') : undefined) ?? firstHeader(req, 'host');
  return host && HOST.test(host) ? `${proto}://${host}` : opts.fallback;
}

/** One query-string parameter (the server has no query parser, and must not need one). */
export function queryParam(req: IncomingMessage, name: string): string | undefined {
  return new URL(req.url ?? '/', 'http://x').searchParams.get(name) ?? undefined;
}
