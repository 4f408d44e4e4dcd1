/**
 * The signed part of a survey link (format in services/http/signedLinks.ts), naming the case.
 * "Once per case" is the database's (the response's _id is the reference). The key is derived for
 * this use only, so a survey link can never pass as a handoff link or a Direct Line token.
 */
import { deriveKey, SignedLinks } from '../http/signedLinks';

export type SurveyLinkCheck = { ok: true; reference: string } | { ok: false; reason: 'invalid' | 'expired' };

export const deriveSurveyKey = (secret: string): string => deriveKey(secret, 'survey-links/v1');

export class SurveyLinks {
  private readonly links: SignedLinks;

  constructor(key: string) {
    this.links = new SignedLinks(key, 'survey-link/v1', /[A-Z]{2,6}-\d{4}-\d{6}/);
  }

  sign(reference: string, expiresAt: Date): string {
    return this.links.sign(reference, expiresAt);
  }

  verify(token: unknown, now: Date = new Date()): SurveyLinkCheck {
    const r = this.links.verify(token, now);
    return r.ok ? { ok: true, reference: r.id } : r;
  }
}
