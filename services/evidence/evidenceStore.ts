/**
 * Evidence files (photos, documents) in MongoDB GridFS. Files are streamed: the type is checked
 * from the first bytes and the upload is stopped as soon as it passes the size limit, so a file
 * is never held whole in memory.
 */
import { Readable } from 'node:stream';
import { GridFSBucket, ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import { DEFAULT_ALLOWED_TYPES, sniffType } from './sniff';
import { GuardOptions, guardedGet } from '../net/outboundGuard';

/** `unreachable` covers every address that could not or may not be fetched: one reply, so it cannot be used to probe. */
export type EvidenceFailure = 'wrong_type' | 'too_big' | 'unreachable';

export class EvidenceError extends Error {
  constructor(
    readonly reason: EvidenceFailure,
    message: string,
  ) {
    super(message);
    this.name = 'EvidenceError';
  }
}

export interface StoredEvidence {
  fileId: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface EvidenceLimits {
  maxBytes: number;
  allowedTypes: readonly string[];
}

export const DEFAULT_LIMITS: EvidenceLimits = { maxBytes: 10 * 1024 * 1024, allowedTypes: DEFAULT_ALLOWED_TYPES };

const SNIFF_BYTES = 64;

export function safeFilename(name: string | undefined): string {
  const cleaned = (name ?? '').replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').trim().slice(0, 120);
  return cleaned || 'attachment';
}

export class EvidenceStore {
  private readonly bucket: () => GridFSBucket;

  constructor(
    connection: Connection,
    private readonly limits: EvidenceLimits = DEFAULT_LIMITS,
    /** Origins the bot itself serves attachments from (its own Direct Line): their /v3/attachments/ paths are allowed even on loopback. */
    private readonly trustedOrigins: () => readonly string[] = () => [],
    /** Replaces the outbound guard's resolver and address check: tests only. */
    private readonly guardOptions: GuardOptions = {},
  ) {
    let bucket: GridFSBucket | undefined;
    this.bucket = () => {
      if (!connection.db) throw new Error('database not connected');
      bucket ??= new GridFSBucket(connection.db as never, { bucketName: 'evidence' });
      return bucket;
    };
  }

  get maxBytes(): number {
    return this.limits.maxBytes;
  }

  /** Saves what a channel's attachment URL (http(s) or data:) points at. */
  async saveFromUrl(url: string, declaredName: string | undefined): Promise<StoredEvidence> {
    const filename = safeFilename(declaredName);
    if (url.startsWith('data:')) {
      const m = /^data:[^;,]*(;base64)?,(.*)$/s.exec(url);
      if (!m) throw new EvidenceError('unreachable', 'not a data URL');
      const bytes = m[1] ? Buffer.from(m[2], 'base64') : Buffer.from(decodeURIComponent(m[2]), 'utf8');
      return this.saveStream(Readable.from([bytes]), filename);
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new EvidenceError('unreachable', 'not a URL');
    }
    // The bot's own uploads (its Direct Line's signed file links) are fetched from itself; any other
    // address goes through the outbound guard, and every failure reads the same.
    const own = this.trustedOrigins().includes(parsed.origin) && parsed.pathname.startsWith('/v3/attachments/');
    const response = await guardedGet(parsed.toString(), own ? { ...this.guardOptions, allowed: () => true, maxRedirects: 0 } : this.guardOptions).catch(() => {
      throw new EvidenceError('unreachable', 'could not download the attachment');
    });
    if ((response.contentLength ?? 0) > this.limits.maxBytes) {
      response.close();
      throw new EvidenceError('too_big', 'file too big');
    }
    try {
      return await this.saveStream(response.body, filename);
    } catch (err) {
      // The body stopped arriving (reset, silence, or the guard's deadline): the same answer as any
      // other address that could not be fetched.
      if (err instanceof EvidenceError) throw err;
      throw new EvidenceError('unreachable', 'could not download the attachment');
    } finally {
      response.close();
    }
  }

  /** Streams into GridFS; stops and removes the partial file on a wrong type or past the size limit. */
  async saveStream(source: Readable, filename: string): Promise<StoredEvidence> {
    const id = new ObjectId();
    let head = Buffer.alloc(0);
    let size = 0;
    let contentType: string | undefined;
    const upload = () => this.bucket().openUploadStreamWithId(id, filename, { metadata: { contentType } });
    let sink: ReturnType<typeof upload> | undefined;
    const write = (chunk: Buffer) =>
      new Promise<void>((resolve, reject) => sink!.write(chunk, (err) => (err ? reject(err) : resolve())));

    try {
      for await (const raw of source) {
        const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
        size += chunk.length;
        if (size > this.limits.maxBytes) throw new EvidenceError('too_big', 'file too big');
        if (!sink) {
          head = Buffer.concat([head, chunk]);
          if (head.length < SNIFF_BYTES) continue;
          const type = sniffType(head, filename);
          if (!type || !this.limits.allowedTypes.includes(type.mime)) throw new EvidenceError('wrong_type', 'type not allowed');
          contentType = type.mime;
          sink = upload();
          await write(head);
        } else {
          await write(chunk);
        }
      }
      if (!sink) {
        const type = sniffType(head, filename);
        if (!type || !this.limits.allowedTypes.includes(type.mime) || head.length === 0) throw new EvidenceError('wrong_type', 'type not allowed');
        contentType = type.mime;
        sink = upload();
        await write(head);
      }
      await new Promise<void>((resolve, reject) => sink!.end((err?: Error | null) => (err ? reject(err) : resolve())));
      return { fileId: id.toHexString(), filename, contentType: contentType!, size };
    } catch (err) {
      source.destroy();
      if (sink) await sink.abort().catch(() => undefined);
      throw err;
    }
  }

  async delete(fileId: string): Promise<void> {
    await this.bucket()
      .delete(new ObjectId(fileId))
      .catch(() => undefined);
  }

  /** Opens a stored file for streaming (nothing is read until the stream is); null when there is no such file. */
  async open(fileId: string): Promise<{ contentType: string; size: number; filename: string; stream: Readable } | null> {
    if (!/^[0-9a-f]{24}$/i.test(fileId)) return null;
    const bucket = this.bucket();
    const [file] = await bucket.find({ _id: new ObjectId(fileId) }).limit(1).toArray();
    if (!file) return null;
    const contentType = String((file.metadata as { contentType?: string } | undefined)?.contentType ?? 'application/octet-stream');
    return { contentType, size: file.length, filename: file.filename, stream: bucket.openDownloadStream(file._id) };
  }

  async exists(fileId: string): Promise<boolean> {
    if (!ObjectId.isValid(fileId)) return false;
    const found = await this.bucket().find({ _id: new ObjectId(fileId) }).limit(1).toArray();
    return found.length > 0;
  }
}
