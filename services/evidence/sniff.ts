import { sniff } from './fileType';

/**
 * What a file really is, from its first bytes rather than its name (a renamed .exe is not a photo).
 */
export interface SniffedType {
  mime: string;
  label: string;
}

const LABELS: Record<string, string> = {
  'image/jpeg': 'JPEG photo',
  'image/png': 'PNG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'image/heic': 'HEIC photo',
  'application/pdf': 'PDF document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
  'text/plain': 'text file',
};

/** The evidence store's view of the shared file-type check (fileType.ts, also used by Direct Line uploads). */
export function sniffType(head: Buffer, declaredName = ''): SniffedType | undefined {
  const found = sniff(head, declaredName);
  if (!found) return undefined;
  const mime = found === 'text' ? 'text/plain' : found.contentType.split(';')[0];
  return { mime, label: LABELS[mime] ?? mime };
}

export const DEFAULT_ALLOWED_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  // Spreadsheets (a rent statement, a log of missed collections): the upload route takes them too.
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
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
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
    'text/plain': 'text files',
  };
  const images = types.filter((t) => t.startsWith('image/')).map((t) => names[t] ?? t);
  const docs = types.filter((t) => !t.startsWith('image/')).map((t) => names[t] ?? t);
  const parts: string[] = [];
  if (images.length) parts.push(`${images.join(', ')}${images[0].startsWith('photos (') ? ')' : ''}`);
  if (docs.length) parts.push(`documents (${docs.join(', ')})`);
  return parts.join(' and ');
}
