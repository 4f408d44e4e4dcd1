import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { GridFSBucket, ObjectId } from 'mongodb';
import { Database } from '../../services/database/database';
import { EvidenceError, EvidenceStore } from '../../services/evidence/evidenceStore';
import { sniffType } from '../../services/evidence/sniff';
import { dropTestDb, openTestDb } from '../support/testDb';

let db: Database;
let store: EvidenceStore;
beforeAll(async () => {
  db = await openTestDb('evidence');
  store = new EvidenceStore(db.connection, { maxBytes: 100_000, allowedTypes: ['image/png', 'image/jpeg', 'application/pdf'] });
});
afterAll(() => dropTestDb(db));

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(500, 7)]);

describe('evidence files', () => {
  test('the type comes from the bytes, not the name', () => {
    expect(sniffType(PNG, 'x.pdf')?.mime).toBe('image/png');
    expect(sniffType(Buffer.from('%PDF-1.7 rest'), 'scan.png')?.mime).toBe('application/pdf');
    expect(sniffType(Buffer.from('MZ\x90\x00program'), 'photo.jpg')).toBeUndefined();
  });

  test('a photo is stored whole in GridFS', async () => {
    const saved = await store.saveStream(Readable.from([PNG.subarray(0, 10), PNG.subarray(10)]), 'p.png');
    expect(saved).toMatchObject({ contentType: 'image/png', size: PNG.length, filename: 'p.png' });
    const bucket = new GridFSBucket(db.connection.db as never, { bucketName: 'evidence' });
    const chunks: Buffer[] = [];
    for await (const c of bucket.openDownloadStream(new ObjectId(saved.fileId))) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(PNG)).toBe(true);
  });

  test('a disallowed type is refused and nothing is left behind', async () => {
    const before = await db.connection.collection('evidence.files').countDocuments();
    await expect(store.saveStream(Readable.from([Buffer.from('MZ'.padEnd(200, 'x'))]), 'evil.png')).rejects.toMatchObject({ reason: 'wrong_type' });
    expect(await db.connection.collection('evidence.files').countDocuments()).toBe(before);
  });

  test('an oversized file is refused as soon as it passes the limit, without reading the rest', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 16_384;
        this.push(produced === 16_384 ? Buffer.concat([PNG, Buffer.alloc(16_384 - PNG.length)]) : Buffer.alloc(16_384));
      },
    });
    await expect(store.saveStream(endless, 'big.png')).rejects.toBeInstanceOf(EvidenceError);
    expect(produced).toBeLessThan(200_000);
  });

  test('attachment URLs on internal addresses are refused; public-style URLs are fetched with limits', async () => {
    await expect(store.saveFromUrl('http://169.254.169.254/latest/meta-data', 'x.png')).rejects.toMatchObject({ reason: 'unreachable' });
    await expect(store.saveFromUrl('file:///etc/passwd', 'x.png')).rejects.toMatchObject({ reason: 'unreachable' });
    const server = http.createServer((_req, res) => res.end(PNG));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const trusted = new EvidenceStore(db.connection, { maxBytes: 100_000, allowedTypes: ['image/png'] }, () => [origin]);
      expect((await trusted.saveFromUrl(`${origin}/v3/attachments/file`, 'served.png')).size).toBe(PNG.length);
      await expect(store.saveFromUrl(`${origin}/v3/attachments/file`, 'served.png')).rejects.toMatchObject({ reason: 'unreachable' });
    } finally {
      server.close();
    }
  });
});
