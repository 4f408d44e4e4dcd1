/**
 * Every message a resident sends is read for what it says (services/intake/facts), not only for
 * the answer to the question asked, and what is new goes into the draft. Nothing known is
 * overwritten by a guess; later dialogs skip what the draft already holds.
 */
import type { TurnContext } from 'botbuilder';
import { Facts, factsIn } from '../services/intake/facts';
import { vulnerabilityIn } from '../services/intake/vulnerability';
import type { IntakeDeps } from './intakeDeps';
import type { IntakeDraft } from './intakeDraft';

const ABSORBED = Symbol('factsAbsorbed');
const READ = Symbol('factsRead');

/** Every draft field a message's facts can fill: what a dialog that reads them for itself (triage) hands back. */
export const FACT_FIELDS = ['reportedBefore', 'represents', 'location', 'occurredOn', 'occurredPrecision', 'whenText', 'outcomeWanted', 'contact', 'vulnerabilityCues'] as const;
export type DraftFacts = Pick<IntakeDraft, (typeof FACT_FIELDS)[number]>;

/**
 * The facts in `text`, read once per turn: the intake and each child dialog on the stack look at
 * the same message. Read as at the turn's first look, so every dialog of a turn sees one date.
 */
function factsThisTurn(context: TurnContext, text: string, now: Date): Facts {
  let read = context.turnState.get(READ) as Map<string, Facts> | undefined;
  if (!read) context.turnState.set(READ, (read = new Map()));
  let facts = read.get(text);
  if (!facts) read.set(text, (facts = factsIn(text, now)));
  return facts;
}

/** The draft change the facts in `text` make; empty when they add nothing. With a turn, its facts are read once. */
export function changesFrom(draft: Partial<IntakeDraft>, text: string, now: Date, context?: TurnContext): Partial<DraftFacts> {
  const facts = context ? factsThisTurn(context, text, now) : factsIn(text, now);
  const change: Partial<DraftFacts> = {};
  const r = facts.reportedBefore;
  if (r && (draft.reportedBefore === undefined || (r.before && draft.reportedBefore.before && r.times && !draft.reportedBefore.times) || (r.before && !draft.reportedBefore.before))) {
    change.reportedBefore = r.times ? { ...r } : { before: r.before }; // a copy: the facts are shared within the turn
  }
  // Someone named in answer to the contact question's "if you're contacting us for someone else, tell
  // us who they are too" is someone they act for; named anywhere else, they may only be mentioned.
  const answersHint = draft.contactAsked && draft.whoDeferred && facts.representation?.cue === 'weak';
  const rep = answersHint ? { ...facts.representation!, cue: 'strong' as const } : facts.representation;
  if (rep && draft.forSomeoneElse === undefined && !draft.representative) {
    const known = draft.represents;
    const rank = { self: 0, weak: 1, strong: 2 } as const;
    if (!known || rank[rep.cue] >= rank[known.cue] || (!known.theirs && rep.relationship)) {
      change.represents = {
        cue: known && rank[known.cue] > rank[rep.cue] ? known.cue : rep.cue,
        yours: rep.relationship?.yours ?? known?.yours,
        theirs: rep.relationship?.theirs ?? known?.theirs,
        name: rep.name ?? known?.name,
      };
    }
  } else if (rep?.name && draft.represents && !draft.represents.name && draft.forSomeoneElse === undefined) {
    change.represents = { ...draft.represents, name: rep.name };
  }
  // After the contact question, a street or a date is the resident's own address or the like.
  if (!draft.contactAsked) {
    if (facts.place && !draft.location) change.location = facts.place;
    if (facts.when && !draft.occurredOn) {
      change.occurredOn = facts.when.date;
      change.whenText = facts.when.text;
      if (facts.when.precision) change.occurredPrecision = facts.when.precision;
    }
    if (facts.outcome && !draft.outcomeWanted) change.outcomeWanted = facts.outcome;
  }
  // Said about themselves at any point ("I'm 78", "gona get evicted"): kept, and added to.
  const forSomeoneElse = !!draft.forSomeoneElse || draft.represents?.cue === 'strong' || change.represents?.cue === 'strong';
  const cues = vulnerabilityIn(text, { forSomeoneElse }).filter((n) => !(draft.vulnerabilityCues ?? []).includes(n));
  if (cues.length) change.vulnerabilityCues = [...(draft.vulnerabilityCues ?? []), ...cues];
  if (facts.name || facts.email || facts.phone) {
    const c = draft.contact ?? {};
    const merged = { ...c, name: c.name ?? facts.name, email: c.email ?? facts.email, phone: c.phone ?? facts.phone };
    if (merged.name !== c.name || merged.email !== c.email || merged.phone !== c.phone) change.contact = merged;
  }
  return change;
}

/** Reads one message into the draft, once per turn however many dialogs see it. */
export async function absorbFacts(context: TurnContext, deps: Pick<IntakeDeps, 'drafts' | 'clock'>, text: string | undefined, force = false): Promise<void> {
  if (!text || (context.turnState.get(ABSORBED) && !force)) return;
  context.turnState.set(ABSORBED, true);
  const draft = await deps.drafts.peek(context);
  if (!draft || draft.submittedReference) return;
  const change = changesFrom(draft, text, deps.clock(), context);
  if (Object.keys(change).length) await deps.drafts.update(context, change);
}
