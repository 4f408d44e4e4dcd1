/**
 * Signed, expiring links to a case's photos, for Open311's `media_url`: the works system fetches
 * the photo from the bot, which serves it from the evidence store (GridFS). The link names the
 * file and its expiry and carries an HMAC over both, so it cannot be altered to reach another file
 * or live longer; it reveals nothing about the case or the resident.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export class MediaLinks {
  constructor(
    private readonly key: Buffer,
    private readonly ttlMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(`open311-media:${payload}`).digest('base64url');
  }

  /** The token for one file, valid for the configured time. */
  token(fileId: string): string {
    const payload = `${fileId}.${Math.floor((this.clock().getTime() + this.ttlMs) / 1000)}`;
    return `${payload}.${this.mac(payload)}`;
  }

  /** The file id, if the token is ours and has not expired. */
  verify(token: string): { fileId: string } | { error: 'invalid' | 'expired' } {
    const m = /^([0-9a-f]{24})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return { error: 'invalid' };
    const expected = Buffer.from(this.mac(`${m[1]}.${m[2]}`));
    const given = Buffer.from(m[3]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { error: 'invalid' };
    if (Number(m[2]) * 1000 < this.clock().getTime()) return { error: 'expired' };
    return { fileId: m[1] };
  }
}
