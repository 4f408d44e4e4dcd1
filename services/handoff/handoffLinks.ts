/**
 * The signed part of a handoff link, kept short because residents get it in a Messenger reply,
 * a WhatsApp message or an SMS (about 75 characters; format in services/http/signedLinks.ts).
 * Single use is enforced by the store (a unique insert per claim).
 */
import { deriveKey, SignedLinks } from '../http/signedLinks';

export type LinkCheck = { ok: true; handoffId: string } | { ok: false; reason: 'invalid' | 'expired' };

/** A key for links only, derived when the secret is shared with another use (the local fallback). */
export const deriveLinkKey = (secret: string): string => deriveKey(secret, 'handoff-links/v1');

export class HandoffLinks {
  private readonly links: SignedLinks;

  constructor(secret: string) {
    this.links = new SignedLinks(secret, 'handoff-link/v1', /h[A-Za-z0-9_-]{10,64}/);
  }

  sign(handoffId: string, expiresAt: Date): string {
    return this.links.sign(handoffId, expiresAt);
  }

  verify(token: unknown, now: Date = new Date()): LinkCheck {
    const r = this.links.verify(token, now);
    return r.ok ? { ok: true, handoffId: r.id } : r;
  }
}
