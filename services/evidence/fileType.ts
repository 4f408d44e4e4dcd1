/**
 * What a file is, from its first bytes (magic numbers), never from its name or the type the
 * browser claimed. Only what a resident might reasonably send as evidence is allowed: photos
 * (JPEG, PNG, GIF, WebP, HEIC), PDF, Word and Excel documents (.docx/.xlsx) and plain text.
 */
export interface SniffedType {
  contentType: string;
  /** The extension a download should carry. */
  extension: string;
}

/** Bytes needed before a decision; OOXML needs room to find its folder names in the zip. */
export const SNIFF_BYTES = 64 * 1024;

const DOCX = { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
const XLSX = { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };

const startsWith = (b: Buffer, sig: number[], offset = 0) => b.length >= offset + sig.length && sig.every((v, i) => b[offset + i] === v);
const ascii = (b: Buffer, start: number, end: number) => b.subarray(start, end).toString('latin1');

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/**
 * Decides from `head` (the first SNIFF_BYTES of the file, or all of it if shorter). `complete`
 * says whether `head` is the whole file. Returns 'text' when only a full read can tell (plain
 * text must be valid UTF-8 throughout; the caller keeps checking with a TextChecker).
 */
export function sniff(head: Buffer, declaredName = ''): SniffedType | 'text' | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', extension: 'png' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { contentType: 'image/gif', extension: 'gif' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { contentType: 'image/webp', extension: 'webp' };
  if (ascii(head, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(head, 8, 12))) return { contentType: 'image/heic', extension: 'heic' };
  if (ascii(head, 0, 5) === '%PDF-') return { contentType: 'application/pdf', extension: 'pdf' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return sniffOfficeZip(head, declaredName);
  if (head.length > 0 && looksLikeText(head)) return 'text';
  return undefined;
}

/** A .docx or .xlsx is a zip whose entries are [Content_Types].xml, _rels/, word/ or xl/. */
function sniffOfficeZip(head: Buffer, declaredName: string): SniffedType | undefined {
  if (head.length < 30) return undefined;
  const nameLength = head.readUInt16LE(26);
  const firstEntry = ascii(head, 30, 30 + nameLength);
  if (!/^(\[Content_Types\]\.xml|_rels\/|docProps\/|word\/|xl\/)/.test(firstEntry)) return undefined;
  const names = head.toString('latin1');
  const word = names.includes('word/');
  const excel = names.includes('xl/');
  if (word && !excel) return DOCX;
  if (excel && !word) return XLSX;
  // The folder names were beyond the bytes read: the bytes prove Office Open XML, the name says which.
  if (/\.docx$/i.test(declaredName)) return DOCX;
  if (/\.xlsx$/i.test(declaredName)) return XLSX;
  return undefined;
}

/** No NUL or other control characters (tab, newline, carriage return and form feed allowed). */
function hasControlCharacters(text: string): boolean {
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

function looksLikeText(head: Buffer): boolean {
  return new TextChecker().push(head);
}

/** Checks, chunk by chunk, that a stream is UTF-8 text without control characters. */
export class TextChecker {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  /** False as soon as a chunk is not text. */
  push(chunk: Buffer): boolean {
    try {
      return !hasControlCharacters(this.decoder.decode(chunk, { stream: true }));
    } catch {
      return false;
    }
  }

  /** False if the stream stopped in the middle of a character. */
  end(): boolean {
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}

export const TEXT_TYPE: SniffedType = { contentType: 'text/plain; charset=utf-8', extension: 'txt' };

/** The `accept` list for the browser's file picker (a convenience; the server decides from bytes). */
export const UPLOAD_ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,image/heic,.heic,application/pdf,.docx,.xlsx,text/plain,.txt';
