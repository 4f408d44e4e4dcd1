/**
 * The signed part of a survey link: `<case reference>.<expiry, base-36 seconds>.<HMAC-SHA256, base64url>`.
 * The signature lets the bot turn away a made-up or edited link without a database read; "once
 * per case" is the database's (the response's _id is the reference). The key is derived for this
 * use only, so a survey link can never pass as a handoff link or a Direct Line token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const TOKEN = /^([A-Z]{2,6}-\d{4}-\d{6})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

export type SurveyLinkCheck = { ok: true; reference: string } | { ok: false; reason: 'invalid' | 'expired' };

export function deriveSurveyKey(secret: string): string {
  return createHmac('sha256', secret).update('survey-links/v1').digest('base64url');
}

export class SurveyLinks {
  constructor(private readonly key: string) {}

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(`survey-link/v1:${payload}`).digest();
  }

  sign(reference: string, expiresAt: Date): string {
    const payload = `${reference}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  verify(token: unknown, now: Date = new Date()): SurveyLinkCheck {
    const m = typeof token === 'string' ? TOKEN.exec(token) : null;
    if (!m) return { ok: false, reason: 'invalid' };
    const [, reference, exp, signature] = m;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(`${reference}.${exp}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    return parseInt(exp, 36) * 1000 <= now.getTime() ? { ok: false, reason: 'expired' } : { ok: true, reference };
  }
}
