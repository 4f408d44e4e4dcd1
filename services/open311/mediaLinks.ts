/**
 * Signed, expiring links to a case's photos, for Open311's `media_url`: the works system fetches
 * the photo from the bot, which serves it from the evidence store (GridFS). The link names only the
 * file and its expiry (format in services/http/signedLinks.ts), so it cannot be altered to reach
 * another file or live longer, and it reveals nothing about the case or the resident.
 */
import { SignedLinks } from '../http/signedLinks';

export class MediaLinks {
  private readonly links: SignedLinks;

  constructor(
    key: Buffer,
    private readonly ttlMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.links = new SignedLinks(key, 'open311-media', /[0-9a-f]{24}/);
  }

  /** The token for one file, valid for the configured time. */
  token(fileId: string): string {
    return this.links.sign(fileId, new Date(this.clock().getTime() + this.ttlMs));
  }

  /** The file id, if the token is ours and has not expired. */
  verify(token: string): { fileId: string } | { error: 'invalid' | 'expired' } {
    const r = this.links.verify(token, this.clock());
    return r.ok ? { fileId: r.id } : { error: r.reason };
  }
}
