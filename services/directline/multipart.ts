/**
 * A streaming multipart/form-data reader (RFC 7578), enough for Web Chat's uploads: an `activity`
 * part and one part per file. It yields events as bytes arrive and never holds more than one
 * chunk plus a boundary's length of body, so the caller decides (size, type) before the rest is
 * read. The caller pulls events with `for await`, which is also the back-pressure: nothing more is
 * read from the socket until it asks for the next event.
 */
export type MultipartEvent =
  | { kind: 'part'; name: string; filename?: string; contentType?: string }
  | { kind: 'data'; chunk: Buffer }
  | { kind: 'partEnd' };

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export interface MultipartLimits {
  maxHeaderBytes: number;
  maxParts: number;
}

/** The boundary from a `multipart/form-data; boundary=...` content type, if it is one. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function headerParam(value: string, name: string): string | undefined {
  const extended = new RegExp(`;\\s*${name}\\*=(?:UTF-8|utf-8)''([^;]+)`).exec(value);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      /* fall back to the plain parameter */
    }
  }
  const m = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`).exec(value) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`).exec(value);
  return m?.[1].replace(/\\(.)/g, '$1');
}

function parseHeaders(block: string): { name: string; filename?: string; contentType?: string } {
  let disposition = '';
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') disposition = value;
    else if (key === 'content-type') contentType = value;
  }
  if (!/^form-data\b/i.test(disposition)) throw new MultipartError('each part needs a Content-Disposition: form-data header');
  const name = headerParam(disposition, 'name');
  if (name === undefined) throw new MultipartError('each part needs a name');
  return { name, filename: headerParam(disposition, 'filename'), contentType };
}

const CRLF = Buffer.from('\r\n');
const DASHES = Buffer.from('--');
const HEADER_END = Buffer.from('\r\n\r\n');

export async function* parseMultipart(source: AsyncIterable<Buffer>, boundary: string, limits: MultipartLimits): AsyncGenerator<MultipartEvent> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // A leading CRLF lets the first boundary (which has none before it) match the same delimiter.
  let buf: Buffer = Buffer.from(CRLF);
  let state: 'preamble' | 'boundary' | 'headers' | 'body' | 'done' = 'preamble';
  let parts = 0;

  for await (const chunk of source) {
    if (state === 'done') continue; // the epilogue is ignored
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    for (;;) {
      if (state === 'preamble') {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          if (buf.length > limits.maxHeaderBytes) throw new MultipartError('no multipart boundary found at the start of the body');
          break;
        }
        buf = buf.subarray(at + delimiter.length);
        state = 'boundary';
      }
      if (state === 'boundary') {
        if (buf.length < 2) break;
        if (buf.subarray(0, 2).equals(DASHES)) {
          state = 'done';
          break;
        }
        if (!buf.subarray(0, 2).equals(CRLF)) throw new MultipartError('malformed multipart boundary');
        buf = buf.subarray(2);
        state = 'headers';
      }
      if (state === 'headers') {
        const end = buf.indexOf(HEADER_END);
        if (end < 0) {
          if (buf.length > limits.maxHeaderBytes) throw new MultipartError('a part has too many headers');
          break;
        }
        if (++parts > limits.maxParts) throw new MultipartError(`at most ${limits.maxParts} parts are accepted in one upload`);
        const headers = parseHeaders(buf.subarray(0, end).toString('utf8'));
        buf = buf.subarray(end + HEADER_END.length);
        state = 'body';
        yield { kind: 'part', ...headers };
      }
      if (state === 'body') {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Keep just enough to recognise a delimiter split across chunks.
          const safe = buf.length - (delimiter.length - 1);
          if (safe > 0) {
            const data = buf.subarray(0, safe);
            buf = buf.subarray(safe);
            yield { kind: 'data', chunk: data };
          }
          break;
        }
        if (at > 0) yield { kind: 'data', chunk: buf.subarray(0, at) };
        buf = buf.subarray(at + delimiter.length);
        state = 'boundary';
        yield { kind: 'partEnd' };
      }
    }
  }
  if (state !== 'done') throw new MultipartError('the upload ended before its final boundary');
}
