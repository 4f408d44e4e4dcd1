/**
 * Outside URLs (a resident's attachment link) never reach this machine or the council's network,
 * in any spelling, after redirects too, and the reply is the same whatever the target did.
 * A real loopback server stands in for an internal service and counts what reaches it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
  ])('%s is not a public address', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test.each(['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '2a00:1450:4009:81f::200e'])('%s is a public address', (address) => {
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
