/**
 * The resident's contact details on the case card, for the few staff allowed to see them.
 *
 * The card posted in the triage channel is seen by everyone in the channel, so it never carries
 * them. Teams asks the bot for each viewer's own copy of the card (Universal Actions `refresh`,
 * an `adaptiveCard/action` invoke naming who is looking); only that answer, and only for the
 * handler assigned now (the stage 2 reviewer once escalated) or a manager, gets this section.
 * Anonymous and anonymised cases have nothing to show anyone.
 */
import type { CaseView } from '../../cases';
import { contactText, PREFERRED_CONTACT_LABEL } from '../wording';
import type { AdaptiveCard, CardElement } from './adaptive';
import { container, factSet, textBlock } from './adaptive';

interface Viewer {
  aadObjectId: string;
  roles: readonly string[];
}

/** May this member of staff see who the resident is and how to reach them? */
export function maySeeContact(view: Pick<CaseView, 'assignee'>, viewer: Viewer | null | undefined): boolean {
  if (!viewer || viewer.roles.length === 0) return false;
  return viewer.roles.includes('manager') || view.assignee?.id === viewer.aadObjectId;
}

/** The staff whose copy of the card Teams refreshes by itself: those allowed to see the contact details. */
export function contactViewers<T extends Viewer>(view: Pick<CaseView, 'assignee'>, staff: readonly T[]): T[] {
  const allowed = staff.filter((s) => maySeeContact(view, s));
  // The assignee first: Teams refreshes for at most 60 listed people.
  return [...allowed.filter((s) => s.aadObjectId === view.assignee?.id), ...allowed.filter((s) => s.aadObjectId !== view.assignee?.id)];
}

const hasDetails = (view: CaseView) => !view.anonymous && !view.anonymisedAt;

export function contactSection(view: CaseView): CardElement | null {
  if (!hasDetails(view)) return null;
  const r = view.resident;
  const rep = view.representative;
  const address = [r.address, r.postcode].filter(Boolean).join(', ');
  const adjustments = [...view.adjustments.map((a) => contactText.adjustment[a] ?? a), ...(view.adjustmentNotes ? [view.adjustmentNotes] : [])].join('; ');
  const facts: Array<[string, string | null]> = [
    [contactText.name, r.name ?? null],
    [contactText.email, r.email ?? null],
    [contactText.phone, r.phone ?? null],
    [contactText.address, address || null],
    [contactText.preferred, PREFERRED_CONTACT_LABEL[r.preferredContact] ?? r.preferredContact],
    [contactText.representative, rep ? `${rep.name} (${rep.relationship || contactText.role[rep.role] || rep.role})` : null],
    [contactText.representativeContact, rep ? [rep.email, rep.phone].filter(Boolean).join(', ') || null : null],
    [contactText.adjustments, adjustments || null],
  ];
  const given = facts.some(([title, value]) => value && title !== contactText.preferred);
  return container(
    [textBlock(contactText.heading, { weight: 'bolder' }), given ? factSet(facts) : textBlock(contactText.nothingGiven, { isSubtle: true })],
    'emphasis',
  );
}

/**
 * This viewer's copy of a built case card: the Contact section added after the card's facts when
 * they may see it, else the card as everyone sees it.
 */
export function forViewer(card: AdaptiveCard, view: CaseView, viewer: Viewer | null | undefined): AdaptiveCard {
  if (!maySeeContact(view, viewer)) return card;
  const section = contactSection(view);
  if (!section) return card;
  const body = [...card.body];
  const facts = body.findIndex((e) => e.type === 'FactSet');
  body.splice(facts < 0 ? body.length : facts + 1, 0, section);
  return { ...card, body };
}
