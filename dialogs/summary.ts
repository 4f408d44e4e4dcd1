/** The summary a resident checks before sending, and the case draft it becomes. */
import { NOTE_FOR_STAFF } from '../services/intake/vulnerability';
import type { ConversationReference } from 'botbuilder';
import type { CaseDraft } from '../models/caseDraft';
import type { PolicyPack } from '../services/policy/packSchema';
import type { IntakeDraft } from './intakeDraft';
import { en, KIND_CHOICES } from '../locale/en-GB';
import { longDate, monthYear } from '../locale/dates';
import { phoneForDisplay } from './format';

const L = en.summary.labels;

const ADJUSTMENT_WORDS: Record<string, string> = {
  large_print: 'large print or easy read',
  easy_read: 'easy read',
  phone_instead_of_writing: 'phone instead of writing',
  email_only: 'email only',
  interpreter: 'an interpreter',
  someone_to_help: 'someone to help',
  other: 'other support',
};

const adder = (lines: string[]) => (label: string, value: string | undefined | null) => {
  if (value) lines.push(`${label}: ${value}`);
};

/**
 * "Tuesday, 17 November 2026 (on tuesday)", "April 2026" when only the month is known, "2024" when
 * only the year is (never a made-up day); their words are shown unless they only repeat it.
 * Drafts saved before the precision was kept have none: a day.
 */
function whenLine(d: IntakeDraft): string | undefined {
  if (!d.occurredOn) return d.whenText;
  const p = d.occurredPrecision;
  const shown = p === 'year' ? d.occurredOn.slice(0, 4) : p === 'month' ? monthYear(d.occurredOn) : longDate(d.occurredOn)!;
  const said = d.whenText?.trim();
  const repeats = said && p && shown.toLowerCase().startsWith(said.toLowerCase().replace(/^(?:back\s+)?(?:in|since|during|from|throughout|around)\s+/, ''));
  return said && !repeats ? `${shown} (${said})` : shown;
}

/** What the resident said about the matter itself (no personal details): the start of the summary. */
export function recapLines(d: IntakeDraft): string[] {
  const lines: string[] = [];
  const add = adder(lines);
  add(L.kind, d.kind ? KIND_CHOICES[d.kind] : undefined);
  add(L.description, d.text);
  if (d.reportedBefore?.before) add(L.toldBefore, d.reportedBefore.times ? en.summary.toldTimes(d.reportedBefore.times) : en.summary.toldYes);
  add(L.where, d.location);
  add(L.when, whenLine(d));
  add(L.outOfTime, d.outOfTimeReason);
  add(L.outcome, d.outcomeWanted);
  if (d.kind === 'comment' && d.replyWanted !== undefined) add(L.reply, d.replyWanted ? 'Yes' : 'No');
  add(L.thanksTo, d.thanksTo);
  return lines;
}

/** "Margaret Morgan, your grandmother (you are their grandchild)": both sides, as they said it. */
export function forWhom(name: string | undefined, rep: { relationship: string; theirRelation?: string }): string {
  const theirs = rep.theirRelation && !rep.theirRelation.startsWith('the ') ? `, your ${rep.theirRelation}` : '';
  return `${name ?? 'Not given'}${theirs} (you are their ${rep.relationship})`;
}

export function summaryLines(d: IntakeDraft): string[] {
  const lines = recapLines(d);
  const add = adder(lines);
  if (d.forSomeoneElse && d.representative) add(L.forWhom, forWhom(d.residentName, d.representative));
  if (d.kind === 'complaint' || d.kind === 'service_request') {
    add(L.evidence, d.evidence.length ? d.evidence.map((e) => e.filename).join(', ') : en.summary.none);
  }
  if (d.anonymous) add(L.contact, en.summary.anonymous);
  else if (d.contact) {
    const c = d.contact;
    add(L.contact, [c.name, c.email, c.phone && phoneForDisplay(c.phone), c.address].filter(Boolean).join(', '));
  }
  const needs = d.adjustments.map((a) => ADJUSTMENT_WORDS[a] ?? a);
  // Their own "someone is at risk" answer says it already; otherwise, what was noted from their words.
  if (d.vulnerable) needs.push('someone is at risk');
  else needs.push(...(d.vulnerabilityCues ?? []).map((n) => en.summary.aboutYou[n]));
  if (d.adjustmentsAsked || needs.length) add(L.adjustments, needs.length ? needs.join(', ') : en.summary.none);
  return lines;
}

export function toCaseDraft(d: IntakeDraft, pack: PolicyPack, channel: string, reference: Partial<ConversationReference>, now: Date): CaseDraft {
  const c = d.contact ?? {};
  const rep = d.forSomeoneElse && d.representative ? d.representative : undefined;
  const contactDetails = { email: c.email, phone: c.phone };
  // Who they are on the platform they came from, so staff can match the case to their inbox; not kept when anonymous.
  const socialHandle = d.origin?.handle && !d.anonymous ? { socialHandle: d.origin.handle } : {};
  return {
    council: pack.id,
    kind: d.kind ?? 'service_request',
    receivedAt: new Date(d.startedAt ?? now.toISOString()),
    source: { channel, ...(d.origin ? { platform: d.origin.platform, handoffId: d.origin.handoffId } : {}) },
    conversationReference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
    description: (d.text ?? '').slice(0, 10000) || '(no description)',
    location: d.location,
    whenText: d.whenText,
    occurredOn: d.occurredOn,
    occurredPrecision: d.occurredOn ? d.occurredPrecision : undefined,
    outOfTimeReason: d.outOfTimeReason,
    serviceAreas: d.serviceAreas,
    serviceAlreadyKnew: d.serviceAlreadyKnew,
    outcomeWanted: d.outcomeWanted ?? (d.thanksTo ? `Thanks to: ${d.thanksTo}` : d.replyWanted ? 'A reply to this comment' : undefined),
    signposted: d.signposted,
    anonymous: !!d.anonymous,
    resident: rep
      ? { name: d.residentName, preferredContact: 'none' }
      : { name: c.name, ...contactDetails, address: c.address, postcode: c.postcode, preferredContact: d.anonymous ? 'none' : (c.preferredContact ?? 'none'), ...socialHandle },
    representative: rep
      ? { name: c.name ?? 'Not given', role: rep.role, relationship: rep.relationship, ...contactDetails, consentConfirmed: rep.consentConfirmed, authorisation: rep.authorisation }
      : undefined,
    adjustments: d.adjustments,
    adjustmentNotes: d.adjustmentNotes,
    vulnerable: !!d.vulnerable || !!d.vulnerabilityCues?.length,
    vulnerabilityNotes: vulnerabilityNotes(d),
    safeguarding: !!d.safeguarding,
    dangerAnswer: d.dangerAnswer,
    evidence: d.evidence,
    classification: d.classification,
  };
}

/** The resident's own answer about risk, then what they said about themselves along the way. */
function vulnerabilityNotes(d: IntakeDraft): string | undefined {
  const said = (d.vulnerabilityCues ?? []).map((n) => NOTE_FOR_STAFF[n]);
  const notes = [d.vulnerabilityNotes, said.length ? `From their messages: ${said.join('; ')}` : undefined].filter(Boolean).join('. ');
  return notes ? notes.slice(0, 1000) : undefined;
}
