/**
 * The signed part of a handoff link, kept short because residents get it in a Messenger reply,
 * a WhatsApp message or an SMS: `<handoffId>.<expiry, base-36 seconds>.<HMAC-SHA256, base64url>`
 * (about 75 characters). The signature lets the bot turn away a made-up or edited link without
 * a database read; single use is enforced by the store (a unique insert per claim).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const TOKEN = /^(h[A-Za-z0-9_-]{10,64})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

export type LinkCheck = { ok: true; handoffId: string } | { ok: false; reason: 'invalid' | 'expired' };

/** A key for links only, derived when the secret is shared with another use (the local fallback). */
export function deriveLinkKey(secret: string): string {
  return createHmac('sha256', secret).update('handoff-links/v1').digest('base64url');
}

export class HandoffLinks {
  constructor(private readonly secret: string) {}

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(`handoff-link/v1:${payload}`).digest();
  }

  sign(handoffId: string, expiresAt: Date): string {
    const payload = `${handoffId}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  verify(token: unknown, now: Date = new Date()): LinkCheck {
    const m = typeof token === 'string' ? TOKEN.exec(token) : null;
    if (!m) return { ok: false, reason: 'invalid' };
    const [, handoffId, exp, signature] = m;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(`${handoffId}.${exp}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    return parseInt(exp, 36) * 1000 <= now.getTime() ? { ok: false, reason: 'expired' } : { ok: true, handoffId };
  }
}
