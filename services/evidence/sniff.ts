/**
 * What a file really is, from its first bytes rather than its name (a renamed .exe is not a photo).
 */
export interface SniffedType {
  mime: string;
  label: string;
}

const startsWith = (buf: Buffer, bytes: number[], offset = 0) => bytes.every((b, i) => buf[offset + i] === b);

export function sniffType(head: Buffer, declaredName = ''): SniffedType | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', label: 'JPEG photo' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', label: 'PNG image' };
  if (head.subarray(0, 6).toString('latin1') === 'GIF87a' || head.subarray(0, 6).toString('latin1') === 'GIF89a') return { mime: 'image/gif', label: 'GIF image' };
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return { mime: 'image/webp', label: 'WebP image' };
  if (head.subarray(4, 8).toString('latin1') === 'ftyp' && /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(head.subarray(8, 12).toString('latin1'))) {
    return { mime: 'image/heic', label: 'HEIC photo' };
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return { mime: 'application/pdf', label: 'PDF document' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    // Office documents are zip files; only the name tells a Word file from any other zip.
    if (/\.docx$/i.test(declaredName)) return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word document' };
    if (/\.xlsx$/i.test(declaredName)) return { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel spreadsheet' };
    return { mime: 'application/zip', label: 'zip archive' };
  }
  // Plain text: no NUL bytes and valid UTF-8 in what we have seen.
  if (head.length > 0 && !head.includes(0) && /\.(txt|text)$/i.test(declaredName)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
      return { mime: 'text/plain', label: 'text file' };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export const DEFAULT_ALLOWED_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
];

export function describeAllowed(types: readonly string[]): string {
  const names: Record<string, string> = {
    'image/jpeg': 'photos (JPEG',
    'image/png': 'PNG',
    'image/gif': 'GIF',
    'image/webp': 'WebP',
    'image/heic': 'HEIC',
    'application/pdf': 'PDF',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
    'text/plain': 'text files',
  };
  const images = types.filter((t) => t.startsWith('image/')).map((t) => names[t] ?? t);
  const docs = types.filter((t) => !t.startsWith('image/')).map((t) => names[t] ?? t);
  const parts: string[] = [];
  if (images.length) parts.push(`${images.join(', ')}${images[0].startsWith('photos (') ? ')' : ''}`);
  if (docs.length) parts.push(`documents (${docs.join(', ')})`);
  return parts.join(' and ');
}
