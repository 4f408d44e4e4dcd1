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

export class OutboundRefused extends Error {
  constructor() {
    super('the address could not be fetched');
    this.name = 'OutboundRefused';
  }
}

/** The 8 groups of an IPv6 address (with any embedded IPv4 spelt out), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  let a = address.toLowerCase().split('%')[0];
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (v4) {
    const o = v4[1].split('.').map(Number);
    if (o.some((n) => n > 255)) return undefined;
    a = `${a.slice(0, -v4[1].length)}${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

function publicIPv4(o: number[]): boolean {
  const [a, b] = o;
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false; // this network, private, loopback, multicast and reserved
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a === 169 && b === 254) return false; // link-local (cloud metadata)
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && o[2] === 0) return false; // IETF protocol assignments
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  return true;
}

/** Whether an IP address is one an outside URL may reach. */
export function isPublicAddress(address: string): boolean {
  if (net.isIPv4(address)) return publicIPv4(address.split('.').map(Number));
  if (!net.isIPv6(address)) return false;
  const g = ipv6Groups(address);
  if (!g) return false;
  const embedded = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
  if (g.slice(0, 6).every((x) => x === 0)) return false; // ::, ::1 and IPv4-compatible ::a.b.c.d
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return publicIPv4(embedded(g[6], g[7])); // ::ffff:a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b) return publicIPv4(embedded(g[6], g[7])); // NAT64
  if (g[0] === 0x2002) return publicIPv4(embedded(g[1], g[2])); // 6to4
  if (g[0] === 0x2001 && g[1] === 0) return false; // Teredo
  if ((g[0] & 0xfe00) === 0xfc00) return false; // unique local
  if ((g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0) return false; // link-local, site-local
  if ((g[0] & 0xff00) === 0xff00) return false; // multicast
  if (g[0] === 0x2001 && g[1] === 0xdb8) return false; // documentation
  return true;
}

export interface GuardedResponse {
  body: Readable;
  contentLength?: number;
  close(): void;
}

export interface GuardOptions {
  timeoutMs?: number;
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
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
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
    if (addresses.length === 0 || !addresses.every((a) => allowed(a.address))) throw new OutboundRefused();
    const pinned = addresses[0];
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const client = parsed.protocol === 'https:' ? https : http;
      const req = client.get(parsed, {
        // The checked address and no other (Node asks for a list when it races address families).
        lookup: (_h: string, o: { all?: boolean }, cb: (err: Error | null, address: unknown, family?: number) => void) =>
          o?.all ? cb(null, [{ address: pinned.address, family: pinned.family }]) : cb(null, pinned.address, pinned.family),
        timeout: Math.max(1, deadline - Date.now()),
        headers: { 'user-agent': 'council-feedback-bot' },
      } as http.RequestOptions);
      req.once('response', resolve);
      req.once('timeout', () => req.destroy(new OutboundRefused()));
      req.once('error', reject);
    }).catch(() => {
      throw new OutboundRefused();
    });
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
    const length = Number(res.headers['content-length']);
    return { body: res, contentLength: Number.isFinite(length) ? length : undefined, close: () => res.destroy() };
  }
  throw new OutboundRefused();
}
