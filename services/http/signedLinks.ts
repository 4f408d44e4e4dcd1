/**
 * Signed, expiring tokens for links the bot hands out (social media handoffs, satisfaction surveys,
 * photos for the works system): `<id>.<expiry, base-36 seconds>.<HMAC-SHA256, base64url>`. The
 * signature lets a route turn away a made-up or edited link without a database read; anything that
 * must happen once (a claim, an answer) is the database's job. Each use signs under its own
 * `purpose`, so a token made for one can never pass as another's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignedLinkCheck = { ok: true; id: string } | { ok: false; reason: 'invalid' | 'expired' };

/** A key for one use of a secret that is shared with others. */
export function deriveKey(secret: string, use: string): string {
  return createHmac('sha256', secret).update(use).digest('base64url');
}

export class SignedLinks {
  private readonly token: RegExp;

  /** `id` says what an id may look like (no anchors); anything else is refused before the HMAC. */
  constructor(
    private readonly key: string | Buffer,
    private readonly purpose: string,
    id: RegExp,
  ) {
    this.token = new RegExp(`^(${id.source})\\.([0-9a-z]{1,10})\\.([A-Za-z0-9_-]{43})$`);
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(`${this.purpose}:${payload}`).digest();
  }

  sign(id: string, expiresAt: Date): string {
    const payload = `${id}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  verify(token: unknown, now: Date = new Date()): SignedLinkCheck {
    const m = typeof token === 'string' ? this.token.exec(token) : null;
    if (!m) return { ok: false, reason: 'invalid' };
    const [, id, exp, signature] = m;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(`${id}.${exp}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    return parseInt(exp, 36) * 1000 <= now.getTime() ? { ok: false, reason: 'expired' } : { ok: true, id };
  }
}
