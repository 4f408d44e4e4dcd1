/**
 * What the resident has told us so far, kept in conversation state (MongoDB) so a half-finished
 * answer survives a restart of the bot. Only the intake dialog reads and writes it; the dialogs it
 * composes (triage included) get typed options and return typed answers.
 */
import type { VulnerabilityNote } from '../services/intake/vulnerability';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DangerAnswer, EvidenceRef } from '../models/caseDraft';
import type { FeedbackKind, RouteId, ServiceArea } from '../models/vocabulary';
import type { ADJUSTMENTS, REPRESENTATIVE_ROLES } from '../models/caseDraft';
import type { Platform } from '../services/handoff/channels';
import type { WorksChoice } from '../services/open311/worksService';

export type Adjustment = (typeof ADJUSTMENTS)[number];
export type RepresentativeRole = (typeof REPRESENTATIVE_ROLES)[number];

export interface IntakeDraft {
  id: string;
  startedAt: string;
  text?: string;
  kind?: FeedbackKind;
  suggestedKind?: FeedbackKind;
  dissatisfied?: boolean;
  serviceAreas: ServiceArea[];
  signposted: RouteId[];
  outOfTimeFlag?: boolean;
  safeguarding?: boolean;
  classification?: { confidence: number; reasons: string[] };
  /** The danger question (dangerCheckDialog.ts): the routes it was asked for and the answer; asked once. */
  dangerAnswer?: DangerAnswer;
  /** Triage told them to phone about an emergency hazard in its first reply (so the end only reminds them). */
  emergencyTold?: boolean;
  serviceAlreadyKnew?: boolean;
  location?: string;
  whereAsked?: boolean;
  whenText?: string;
  occurredOn?: string;
  /** 'month' or 'year' when only that is known: occurredOn is then its last day (or today). Absent: a day. */
  occurredPrecision?: 'month' | 'year';
  outOfTimeReason?: string;
  outcomeWanted?: string;
  replyWanted?: boolean;
  thanksTo?: string;
  forSomeoneElse?: boolean;
  residentName?: string;
  /** consentConfirmed: the person agreed, or need not (a child under 16, for whom their parent or carer acts). */
  representative?: { role: RepresentativeRole; relationship: string; theirRelation?: string; consentConfirmed: boolean; authorisation: 'not_required' | 'provided' | 'pending' };
  /** What the resident's own words say about writing for someone else, before it is confirmed (services/intake/relationship). */
  represents?: { cue: 'strong' | 'weak' | 'self'; yours?: string; theirs?: string; name?: string };
  /** The who question was left to the contact question ("...if you're contacting us for someone else, say who"). */
  whoDeferred?: boolean;
  /** The contact question carried the "if it's for someone else, say who" sentence. */
  whoHinted?: boolean;
  /** Whether, and how often, they say they told the council before (services/intake/facts). */
  reportedBefore?: { before: boolean; times?: number };
  /** From here on, a place or date in a message is the resident's address or a date of birth, not the matter's. */
  contactAsked?: boolean;
  evidence: EvidenceRef[];
  evidenceAsked?: boolean;
  anonymous?: boolean;
  contact?: { name?: string; email?: string; phone?: string; address?: string; postcode?: string; preferredContact?: 'email' | 'phone' | 'post' | 'none' };
  adjustments: Adjustment[];
  adjustmentNotes?: string;
  adjustmentsAsked?: boolean;
  vulnerable?: boolean;
  vulnerabilityNotes?: string;
  /** What the resident said about themselves in passing (services/intake/vulnerability.ts). */
  vulnerabilityCues?: VulnerabilityNote[];
  submittedReference?: string;
  /** For the works system (Open311): the service and its answers; null when it does not go there. */
  works?: WorksChoice | null;
  /** Set when the conversation came over from a social channel through a handoff link. */
  origin?: { platform: Platform; handoffId: string; handle?: string };
}

export function newDraft(id: string, now: Date): IntakeDraft {
  return { id, startedAt: now.toISOString(), serviceAreas: [], signposted: [], evidence: [], adjustments: [] };
}

/** Reads and writes the draft on the conversation state. */
export class DraftStore {
  constructor(private readonly accessor: StatePropertyAccessor<IntakeDraft | undefined>) {}

  async get(context: TurnContext): Promise<IntakeDraft> {
    const draft = await this.accessor.get(context);
    if (!draft) throw new Error('no intake draft in this conversation');
    return draft;
  }

  async peek(context: TurnContext): Promise<IntakeDraft | undefined> {
    return this.accessor.get(context);
  }

  async set(context: TurnContext, draft: IntakeDraft): Promise<void> {
    await this.accessor.set(context, draft);
  }

  async update(context: TurnContext, change: Partial<IntakeDraft>): Promise<IntakeDraft> {
    const draft = { ...(await this.get(context)), ...change };
    await this.accessor.set(context, draft);
    return draft;
  }

  async clear(context: TurnContext): Promise<void> {
    await this.accessor.delete(context);
  }
}
