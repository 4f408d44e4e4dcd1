/**
 * Files residents send through the chat: read from the request as they arrive, checked by their
 * bytes, and streamed into GridFS. Nothing is held in memory beyond the first 64 KB of a file, and
 * the request is refused (413) the moment it passes the size limit, without reading the rest.
 */
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import mongoose, { Connection } from 'mongoose';
import { MultipartError, multipartBoundary, parseMultipart } from './multipart';
import { SNIFF_BYTES, SniffedType, sniff, TEXT_TYPE, TextChecker } from '../evidence/fileType';

type GridFSBucket = InstanceType<typeof mongoose.mongo.GridFSBucket>;
type UploadStream = ReturnType<GridFSBucket['openUploadStream']>;

export const BUCKET_NAME = 'directline_uploads';
/** Room for the multipart framing and the activity part on top of the files themselves. */
const FRAMING_ALLOWANCE = 256 * 1024;
const MAX_ACTIVITY_PART = 64 * 1024;
const MAX_FILES = 10;
/** How long a failed upload waits for a chunk GridFS is still storing before removing the file's chunks. */
const PENDING_WRITE_WAIT_MS = 5000;

export interface StoredAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

export interface AttachmentInfo extends StoredAttachment {
  conversationId: string;
}

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** A display name without folders or control characters, ending in the extension the bytes prove. */
export function safeFileName(declared: string | undefined, type: SniffedType): string {
  let name = (declared ?? '').split(/[\\/]/).pop() ?? '';
  name = name.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().slice(0, 150);
  if (!name || name === 'blob') name = 'attachment';
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  const same = ext === type.extension || (type.extension === 'jpg' && ext === 'jpeg') || (type.extension === 'txt' && ext === 'text');
  return same ? name : `${name}.${type.extension}`;
}

/**
 * The request's chunks, pulled one at a time. Unlike `for await (... of req)`, stopping early does
 * not destroy the socket, so a 413 can still be sent; the server then closes the connection.
 */
async function* readChunks(req: IncomingMessage): AsyncGenerator<Buffer> {
  for (;;) {
    const chunk = req.read() as Buffer | null;
    if (chunk !== null) {
      yield chunk;
      continue;
    }
    if (req.readableEnded || req.destroyed) return;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        req.off('readable', done).off('end', done).off('close', done).off('error', failed);
        resolve();
      };
      const failed = (err: Error) => {
        done();
        reject(err);
      };
      req.on('readable', done).on('end', done).on('close', done).on('error', failed);
    });
    if (req.destroyed && !req.readableEnded && req.readableLength === 0) throw new UploadError(400, 'The upload was interrupted.');
  }
}

export class AttachmentStore {
  constructor(private readonly connection: Connection) {}

  private bucket(): GridFSBucket {
    const db = this.connection.db;
    if (!db || this.connection.readyState !== 1) throw new UploadError(503, 'File storage is not available right now; please try again in a minute.');
    return new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET_NAME });
  }

  async info(id: string): Promise<AttachmentInfo | undefined> {
    if (!/^[0-9a-f]{24}$/.test(id)) return undefined;
    const [file] = await this.bucket().find({ _id: new mongoose.mongo.ObjectId(id) }).limit(1).toArray();
    const meta = file?.metadata as { conversationId?: unknown; contentType?: unknown } | undefined;
    if (!file || typeof meta?.conversationId !== 'string' || typeof meta.contentType !== 'string') return undefined;
    return { id, name: file.filename, contentType: meta.contentType, size: file.length, conversationId: meta.conversationId };
  }

  openDownload(id: string): Readable {
    return this.bucket().openDownloadStream(new mongoose.mongo.ObjectId(id));
  }

  async delete(id: string): Promise<void> {
    await this.bucket()
      .delete(new mongoose.mongo.ObjectId(id))
      .catch(() => undefined);
  }

  /**
   * Reads a Direct Line upload (multipart: an optional `activity` part and file parts) from the
   * request, storing each file. Throws UploadError (400, 413, 415, 503) with a message for the user;
   * files already stored are removed again when the upload fails.
   */
  async receive(req: IncomingMessage, owner: { conversationId: string; userId: string }, maxBytes: number): Promise<{ activity?: unknown; files: StoredAttachment[] }> {
    const boundary = multipartBoundary(req.headers['content-type']);
    if (!boundary) throw new UploadError(400, 'Send files as multipart/form-data.');
    const tooBig = new UploadError(413, `Files can be up to ${megabytes(maxBytes)} in total. Please send a smaller file.`);
    const declaredLength = Number(req.headers['content-length']);
    if (Number.isFinite(declaredLength) && declaredLength > maxBytes + FRAMING_ALLOWANCE) throw tooBig;
    const bucket = this.bucket();

    // Counts every byte read from the socket, so even a body of one huge non-file part stops early.
    async function* counted(): AsyncGenerator<Buffer> {
      let read = 0;
      for await (const chunk of readChunks(req)) {
        read += chunk.length;
        if (read > maxBytes + FRAMING_ALLOWANCE) throw tooBig;
        yield chunk;
      }
    }

    const files: StoredAttachment[] = [];
    let activityChunks: Buffer[] | undefined;
    let activityBytes = 0;
    let fileBytes = 0;
    let current:
      | { kind: 'activity' }
      | { kind: 'file'; declaredName?: string; head: Buffer[]; headBytes: number; size: number; type?: SniffedType; text?: TextChecker; stream?: UploadStream; written?: Promise<void> }
      | { kind: 'ignored' }
      | undefined;

    // A write's callback runs once GridFS has stored the chunks it filled (or the write failed).
    // Until then a chunk insert may be in flight, and an abort() meanwhile would delete the file's
    // chunks before that insert lands, leaving a chunk with no file: so a failed upload waits for it.
    const write = async (file: Extract<typeof current, { kind: 'file' }>, chunk: Buffer) => {
      let stored!: () => void;
      file.written = new Promise<void>((resolve) => (stored = resolve));
      if (!file.stream!.write(chunk, () => stored())) await once(file.stream!, 'drain');
    };
    const decide = async (file: Extract<typeof current, { kind: 'file' }>, complete: boolean) => {
      const head = Buffer.concat(file.head);
      const sniffed = sniff(head, file.declaredName ?? '');
      if (sniffed === undefined) {
        throw new UploadError(415, 'That type of file can’t be sent here. You can send photos (JPEG, PNG, GIF, WebP, HEIC), PDF, Word or Excel documents, or plain text.');
      }
      if (sniffed === 'text') {
        file.text = new TextChecker();
        file.text.push(head);
        if (complete && !file.text.end()) throw new UploadError(415, 'That text file is not valid UTF-8 text.');
      }
      file.type = sniffed === 'text' ? TEXT_TYPE : sniffed;
      file.stream = bucket.openUploadStream(safeFileName(file.declaredName, file.type), {
        metadata: { conversationId: owner.conversationId, userId: owner.userId, contentType: file.type.contentType, uploadedAt: new Date() },
      });
      file.head = [];
      await write(file, head);
    };

    try {
      for await (const event of parseMultipart(counted(), boundary, { maxHeaderBytes: 16 * 1024, maxParts: MAX_FILES + 1 })) {
        if (event.kind === 'part') {
          if (event.name === 'activity' && activityChunks === undefined) {
            activityChunks = [];
            current = { kind: 'activity' };
          } else if (event.filename !== undefined) {
            if (files.length >= MAX_FILES) throw new UploadError(400, `You can send up to ${MAX_FILES} files at a time.`);
            current = { kind: 'file', declaredName: event.filename, head: [], headBytes: 0, size: 0 };
          } else {
            current = { kind: 'ignored' };
          }
        } else if (event.kind === 'data' && current) {
          if (current.kind === 'activity') {
            activityBytes += event.chunk.length;
            if (activityBytes > MAX_ACTIVITY_PART) throw new UploadError(413, 'The message sent with the files is too large.');
            activityChunks!.push(event.chunk);
          } else if (current.kind === 'file') {
            fileBytes += event.chunk.length;
            current.size += event.chunk.length;
            if (fileBytes > maxBytes) throw tooBig;
            if (!current.type) {
              current.head.push(event.chunk);
              current.headBytes += event.chunk.length;
              if (current.headBytes >= SNIFF_BYTES) await decide(current, false);
            } else {
              if (current.text && !current.text.push(event.chunk)) throw new UploadError(415, 'That text file contains something other than plain text.');
              await write(current, event.chunk);
            }
          }
        } else if (event.kind === 'partEnd' && current) {
          if (current.kind === 'file') {
            if (current.size === 0) throw new UploadError(400, 'That file is empty.');
            if (!current.type) await decide(current, true);
            else if (current.text && !current.text.end()) throw new UploadError(415, 'That text file is not valid UTF-8 text.');
            const stream = current.stream!;
            const finished = once(stream, 'finish');
            stream.end();
            await finished;
            files.push({ id: stream.id.toString(), name: stream.filename, contentType: current.type!.contentType, size: current.size });
          }
          current = undefined;
        }
      }
      if (files.length === 0) throw new UploadError(400, 'No file was sent. Choose a file with the upload button.');
    } catch (err) {
      if (current?.kind === 'file' && current.stream) {
        // Bounded, so a stalled database cannot hold back the answer.
        await Promise.race([current.written, new Promise((r) => setTimeout(r, PENDING_WRITE_WAIT_MS).unref())]);
        await current.stream.abort().catch(() => undefined);
      }
      await Promise.all(files.map((f) => this.delete(f.id)));
      if (err instanceof MultipartError) throw new UploadError(400, `The upload could not be read: ${err.message}.`);
      throw err;
    }

    let activity: unknown;
    if (activityChunks) {
      try {
        activity = JSON.parse(Buffer.concat(activityChunks).toString('utf8'));
      } catch {
        await Promise.all(files.map((f) => this.delete(f.id)));
        throw new UploadError(400, 'The message sent with the files is not valid JSON.');
      }
    }
    return { activity, files };
  }
}
