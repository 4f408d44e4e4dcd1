/**
 * Whether an IP address is one an outside URL may reach. The ranges are data, matched by node's
 * own net.BlockList (no hand-written prefix arithmetic); IPv6 text is put in canonical form by the
 * WHATWG URL parser, so every spelling (`::ffff:127.0.0.1`, `::ffff:7f00:1`, `0:0:0:0:0:ffff:...`,
 * upper case, leading zeros) reads the same before anything is checked.
 *
 * IPv6 forms that carry an IPv4 address (mapped, translated, NAT64, 6to4) are judged by the IPv4
 * inside them, because that is where the packets go. IPv4-compatible (`::a.b.c.d`, deprecated by
 * RFC 4291, never routed) and local-use NAT64 (64:ff9b:1::/48, a network's own translator) are
 * refused outright: no public attachment host is reached that way.
 */
import net from 'node:net';

/** Not public: this network, private, CGNAT, loopback, link-local, IETF, documentation, benchmarking, 6to4 relay, multicast, reserved, broadcast. */
const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];

/**
 * Inside global unicast (2000::/3, the only IPv6 space an outside URL may reach), the parts that
 * are not public: IETF protocol assignments with Teredo (2001::/23), documentation (2001:db8::/32,
 * 3fff::/20). 6to4 (2002::/16) is judged by its embedded IPv4 before this list is consulted.
 */
const BLOCKED_V6: Array<[string, number]> = [['2001::', 23], ['2001:db8::', 32], ['3fff::', 20]];

const v4Blocked = new net.BlockList();
for (const [address, prefix] of BLOCKED_V4) v4Blocked.addSubnet(address, prefix, 'ipv4');
const v6Blocked = new net.BlockList();
for (const [address, prefix] of BLOCKED_V6) v6Blocked.addSubnet(address, prefix, 'ipv6');
const globalUnicast = new net.BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');

function publicIPv4(address: string): boolean {
  return net.isIPv4(address) && !v4Blocked.check(address, 'ipv4');
}

/** The 8 16-bit groups of an IPv6 address, from its canonical text (which has no dotted quad). */
function ipv6Groups(address: string): number[] | undefined {
  let canonical: string;
  try {
    canonical = new URL(`http://[${address.split('%')[0]}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const [head, tail] = canonical.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 ? groups : undefined;
}

const dotted = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
const zeros = (g: number[], from: number, to: number) => g.slice(from, to).every((x) => x === 0);

/** The IPv4 address an IPv6 address carries (and is delivered to), `null` for a form refused outright, undefined for none. */
function embeddedIPv4(g: number[]): string | null | undefined {
  if (zeros(g, 0, 5) && g[5] === 0xffff) return dotted(g[6], g[7]); // ::ffff:a.b.c.d (mapped)
  if (zeros(g, 0, 4) && g[4] === 0xffff && g[5] === 0) return dotted(g[6], g[7]); // ::ffff:0:a.b.c.d (translated, RFC 2765)
  if (zeros(g, 0, 6)) return null; // ::, ::1 and ::a.b.c.d (compatible)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(g, 2, 6)) return dotted(g[6], g[7]); // 64:ff9b::/96 (NAT64)
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return null; // 64:ff9b:1::/48 (local-use NAT64)
  if (g[0] === 0x2002) return dotted(g[1], g[2]); // 2002:aabb:ccdd::/48 (6to4)
  return undefined;
}

/** Whether an IP address is one an outside URL may reach. Anything that is not an IP address is not. */
export function isPublicAddress(address: string): boolean {
  if (net.isIPv4(address)) return publicIPv4(address);
  if (!net.isIPv6(address.split('%')[0])) return false;
  const g = ipv6Groups(address);
  if (!g) return false;
  const inner = embeddedIPv4(g);
  if (inner !== undefined) return inner !== null && publicIPv4(inner);
  const canonical = g.map((x) => x.toString(16)).join(':');
  return globalUnicast.check(canonical, 'ipv6') && !v6Blocked.check(canonical, 'ipv6');
}
