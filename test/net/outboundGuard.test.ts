/**
 * Outside URLs (a resident's attachment link) never reach this machine or the council's network,
 * in any spelling, after redirects too, and the reply is the same whatever the target did.
 * A real loopback server stands in for an internal service and counts what reaches it.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { guardedGet, isPublicAddress, OutboundRefused } from '../../services/net/outboundGuard';
import { EvidenceStore } from '../../services/evidence/evidenceStore';
import { Database } from '../../services/database/database';
import { dropTestDb, testDbUri } from '../support/testDb';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(500, 7)]);

describe('the outbound guard', () => {
  let internal: http.Server;
  let hits = 0;
  let port = 0;
  beforeAll(async () => {
    internal = http.createServer((req, res) => {
      hits++;
      if (req.url === '/redirect-inside') {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` });
        return res.end();
      }
      res.end(PNG);
    });
    await new Promise<void>((r) => internal.listen(0, '127.0.0.1', () => r()));
    port = (internal.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => internal.close(() => r())));

  test.each([
    '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:127.0.0.1', '::', '::1', '::127.0.0.1', '127.0.0.1', '127.255.255.254', '0.0.0.0',
    '10.0.0.1', '172.16.5.4', '192.168.1.1', '100.64.0.1', '169.254.169.254', 'fd00::1', 'fc00::1', 'fe80::1', 'ff02::1',
    '64:ff9b::7f00:1', '2002:7f00:1::1', '2001:0:4136:e378::1', '224.0.0.1', '255.255.255.255',
    // IPv4-translated (::ffff:0:a.b.c.d), mapped and NAT64 forms of private, link-local and reserved IPv4
    '::ffff:0:127.0.0.1', '::ffff:0:7f00:1', '::FFFF:A9FE:A9FE', '::ffff:10.0.0.1', '::ffff:192.168.0.1', '0:0:0:0:0:ffff:ac10:0001',
    '64:ff9b::10.0.0.1', '64:ff9b::a9fe:a9fe', '64:ff9b::c0a8:101', '64:ff9b:1::8.8.8.8', '::8.8.8.8', '::0.0.0.1', '::ffff:0:0',
    // every range in the list, at both ends where it matters
    '0.1.2.3', '10.255.255.255', '100.127.255.255', '127.0.0.2', '169.254.0.1', '172.31.255.255', '192.0.0.8', '192.0.2.1',
    '192.168.255.255', '198.18.0.1', '198.19.255.255', '198.51.100.7', '203.0.113.9', '239.255.255.255', '240.0.0.1',
    '0000:0000:0000:0000:0000:0000:0000:0001', 'FE80::1', 'fe80::1%eth0', 'febf::1', 'fdff:ffff::1', 'ff00::', 'ff0e::1', '100::1',
    '2001:db8::1', '3fff::1', '4000::1', 'not-an-address', '', '1.2.3', '::ffff:999.0.0.1',
  ])('%s is not a public address', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test.each([
    '8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '2a00:1450:4009:81f::200e',
    // just outside the ranges, and IPv6 forms carrying a public IPv4
    '172.32.0.1', '100.128.0.1', '192.0.1.1', '198.20.0.1', '223.255.255.255', '11.0.0.1',
    '::ffff:808:808', '::ffff:0:8.8.8.8', '64:ff9b::8.8.8.8', '64:ff9b::101:101', '2002:808:808::1', '2606:4700:4700::1111',
  ])('%s is a public address', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  test('every spelling of this machine and of private networks is refused before anything connects', async () => {
    const forms = [
      `http://[::ffff:127.0.0.1]:${port}/x.png`, `http://[::ffff:7f00:1]:${port}/x.png`, `http://[0:0:0:0:0:ffff:127.0.0.1]:${port}/x.png`,
      `http://[::]:${port}/x.png`, `http://[::1]:${port}/`, `http://127.0.0.1:${port}/`, `http://127.1:${port}/`, `http://2130706433:${port}/`,
      `http://0x7f000001:${port}/`, `http://localhost:${port}/`, 'http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data', 'http://[fd00::1]/',
      'http://[fe80::1]/', 'file:///etc/passwd', 'gopher://127.0.0.1/', `http://user:pw@127.0.0.1:${port}/`,
    ];
    const messages = new Set<string>();
    for (const url of forms) {
      const err = await guardedGet(url).then(() => undefined, (e: Error) => e);
      expect(err).toBeInstanceOf(OutboundRefused);
      messages.add(err!.message);
    }
    expect(messages.size).toBe(1);
    expect(hits).toBe(0);
  });

  test('the guard connects to the address it checked, and re-checks every redirect', async () => {
    // For the test alone, "public.test" resolves to the loopback server and the check is told yes once.
    const lookup = async (host: string) => (host === 'public.test' ? [{ address: '127.0.0.1', family: 4 }] : []);
    const ok = await guardedGet(`http://public.test:${port}/file.png`, { lookup, allowed: () => true });
    ok.close();
    expect(hits).toBe(1);
    let checks = 0;
    const err = await guardedGet(`http://public.test:${port}/redirect-inside`, { lookup, allowed: () => ++checks === 1 }).then(() => undefined, (e: Error) => e);
    expect(err).toBeInstanceOf(OutboundRefused);
    expect(checks).toBe(2);
    expect(hits).toBe(2); // the redirect was read; its inside target was never asked
  });
});

describe('a server that answers slowly for ever', () => {
  // Each trickles forever unless the guard ends the connection; `closed` counts connections it saw end.
  let server: net.Server;
  let port = 0;
  let closed = 0;
  let sent = 0;
  beforeAll(async () => {
    server = net.createServer((socket) => {
      let timer: NodeJS.Timeout;
      socket.on('error', () => undefined);
      socket.once('close', () => {
        clearInterval(timer);
        closed++;
      });
      socket.once('data', (request) => {
        const path = request.toString().split(' ')[1];
        if (path === '/headers') {
          // The status line, then one header line at a time, never the blank line that ends them.
          socket.write('HTTP/1.1 200 OK\r\n');
          timer = setInterval(() => socket.write(`x-slow-${sent++}: 1\r\n`), 20);
        } else if (path === '/silent') {
          socket.write('HTTP/1.1 200 OK\r\ncontent-type: image/png\r\n\r\n');
          socket.write(PNG.subarray(0, 8)); // then nothing
        } else {
          socket.write('HTTP/1.1 200 OK\r\ncontent-type: image/png\r\n\r\n');
          socket.write(PNG.subarray(0, 16));
          timer = setInterval(() => socket.write(Buffer.alloc(1, sent++ & 0xff)), 20);
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  // For these tests alone, "slow.test" resolves to the loopback server and the address check says yes.
  const viaLoopback = { lookup: async () => [{ address: '127.0.0.1', family: 4 }], allowed: () => true };
  const readAll = async (body: NodeJS.ReadableStream) => {
    let bytes = 0;
    for await (const chunk of body) bytes += (chunk as Buffer).length;
    return bytes;
  };

  test('a body trickled a byte at a time (never idle long) is cut off at the deadline with OutboundRefused', async () => {
    const before = closed;
    const res = await guardedGet(`http://slow.test:${port}/body`, { ...viaLoopback, idleMs: 60_000, deadlineMs: 500 });
    const err = await readAll(res.body).then(() => undefined, (e: Error) => e);
    expect(err).toBeInstanceOf(OutboundRefused);
    await waitUntil(() => closed > before);
    expect(closed).toBe(before + 1); // the guard hung up; the server did not
  });

  test('headers trickled a line at a time are cut off at the deadline too', async () => {
    const before = closed;
    const err = await guardedGet(`http://slow.test:${port}/headers`, { ...viaLoopback, idleMs: 60_000, deadlineMs: 500 }).then(() => undefined, (e: Error) => e);
    expect(err).toBeInstanceOf(OutboundRefused);
    await waitUntil(() => closed > before);
  });

  test('a body that stops arriving is cut off by the idle timeout, with the same failure', async () => {
    const res = await guardedGet(`http://slow.test:${port}/silent`, { ...viaLoopback, idleMs: 300, deadlineMs: 60_000 });
    const err = await readAll(res.body).then(() => undefined, (e: Error) => e);
    expect(err).toBeInstanceOf(OutboundRefused);
  });

  test('evidence from a trickling server: the resident is told it could not be fetched, and nothing is kept', async () => {
    const db = new Database({ uri: testDbUri('outbound_trickle'), maxBackoffMs: 500 });
    await db.connect();
    try {
      const store = new EvidenceStore(db.connection, { maxBytes: 10_000_000, allowedTypes: ['image/png'] }, () => [], { ...viaLoopback, idleMs: 60_000, deadlineMs: 500 });
      await expect(store.saveFromUrl(`http://slow.test:${port}/body`, 'photo.png')).rejects.toMatchObject({ reason: 'unreachable' });
      expect(await db.connection.collection('evidence.files').countDocuments()).toBe(0);
      expect(await db.connection.collection('evidence.chunks').countDocuments()).toBe(0);
    } finally {
      await dropTestDb(db);
    }
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

describe('evidence from attachment URLs', () => {
  let db: Database;
  let server: http.Server;
  let origin = '';
  let hits: string[] = [];
  beforeAll(async () => {
    db = new Database({ uri: testDbUri('outbound_guard'), maxBackoffMs: 500 });
    await db.connect();
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end(PNG);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await dropTestDb(db);
  });

  test("the bot's own origin is fetched for its Direct Line file links only; everything else on it is refused like any internal address", async () => {
    hits = [];
    const store = new EvidenceStore(db.connection, { maxBytes: 100_000, allowedTypes: ['image/png'] }, () => [origin]);
    expect((await store.saveFromUrl(`${origin}/v3/attachments/abc?t=signed`, 'served.png')).size).toBe(PNG.length);
    await expect(store.saveFromUrl(`${origin}/api/tab/cases`, 'x.png')).rejects.toMatchObject({ reason: 'unreachable' });
    await expect(store.saveFromUrl(origin.replace('127.0.0.1', '[::ffff:127.0.0.1]') + '/v3/attachments/abc', 'x.png')).rejects.toMatchObject({ reason: 'unreachable' });
    expect(hits).toEqual(['/v3/attachments/abc?t=signed']);
  });
});
