/** What the resident dialogs need from the rest of the system, passed in so tests use the real parts. */
import type { CaseDraft, OpenedCase } from '../models/caseDraft';
import type { Classifier } from '../services/classifier/types';
import type { Platform } from '../services/handoff/channels';
import type { Redeemed } from '../services/handoff/handoffService';
import type { EvidenceStore } from '../services/evidence/evidenceStore';
import type { PolicyPack } from '../services/policy/packSchema';
import type { DraftStore } from './intakeDraft';
import type { RouteId, ServiceArea } from '../models/vocabulary';
import type { Choice as WorksServiceChoice } from '../services/open311/mapping';
import type { WorksChoice } from '../services/open311/worksService';
import type { Attribute, Service } from '../services/open311/wire';
import type { StaffNotifier } from '../services/teams/staffNotifier';

/** Opens a case; a retried call with the same commandId opens it once. */
export interface CaseOpener {
  open(draft: CaseDraft, commandId: string): Promise<OpenedCase>;
}

/** Adds what a resident writes about an existing case to that case. */
export interface CaseFollowUp {
  addResidentMessage(reference: string, text: string, commandId: string): Promise<'added' | 'closed' | 'not_found'>;
  /** True when `answer` is the email address or phone number on the case (the resident's or their representative's); false for no such case. */
  verify(reference: string, answer: string): Promise<boolean>;
}

/** Where a resident's request for a stage 2 review of one case stands, before anything is done. */
export type ReviewCheck =
  | { kind: 'not_found' }
  /** Not answered at stage 1 yet (or not a complaint): what they write is a message, not a request. */
  | { kind: 'not_yet' }
  /** Already at stage 2, or with the ombudsman. */
  | { kind: 'already'; stage: 'stage2' | 'ombudsman' }
  /** The council has one stage: its answer was final, the ombudsman is next. */
  | { kind: 'final'; ombudsman: { name: string; url: string; phone: string } }
  | { kind: 'open'; requestBy: string | null }
  /** Asked after the pack's window: only the council's discretion can let it through. */
  | { kind: 'late'; requestBy: string };

export interface ReviewRequested {
  acknowledgeBy: string | null;
  respondBy: string | null;
  /** The reply date assumes the latest acknowledgement, as the response time counts from it. */
  respondFromAcknowledgement: boolean;
}

/** A resident asking for a stage 2 review themselves (services/cases escalate, actor 'resident'). */
export interface CaseEscalation {
  check(reference: string): Promise<ReviewCheck>;
  /** True when `answer` is the email address or phone number on the case (the resident's or their representative's). */
  verify(reference: string, answer: string): Promise<boolean>;
  request(reference: string, text: string, commandId: string): Promise<ReviewRequested>;
  /** Outside the window: recorded as the resident's message, for staff to decide. */
  askLate(reference: string, text: string, commandId: string): Promise<void>;
}

/** Tells staff (in Teams) about new cases and residents' new messages; optional. */
export type { StaffNotifier } from '../services/teams/staffNotifier';

/** Links from social channels to the website chat (services/handoff). */
export interface HandoffGateway {
  /** How long a link works, to tell the resident. */
  linkHours: number;
  create(input: { platform: Platform; handle?: string; draft: Record<string, unknown> }): Promise<{ link: string; expiresAt: Date }>;
  redeem(token: string, conversationId: string): Promise<Redeemed>;
}

/** The council's works system (Open311, services/open311): where a report goes, what it needs, and sending it. */
export interface WorksGateway {
  /** False until the works system's services have been read once. */
  ready(): Promise<boolean>;
  choose(areas: readonly ServiceArea[], text: string): Promise<WorksServiceChoice>;
  service(code: string): Promise<Service | undefined>;
  requiredAttributes(code: string): Promise<Attribute[]>;
  /** Queues the opened case for the works system; `null`: pick the service from the case when sending. */
  queue(reference: string, choice: WorksChoice | null): Promise<void>;
  /** A resident unhappy with how a report in the works system was handled: what to offer, or null. */
  complaintOffer(reference: string, text: string): Promise<{ reference: string; serviceRequestId: string | null } | null>;
  complain(reference: string, text: string, commandId: string): Promise<{ acknowledgeBy: string | null; respondBy: string | null }>;
}

export interface IntakeDeps {
  pack: PolicyPack;
  classifier: Classifier;
  cases: CaseOpener;
  followUp?: CaseFollowUp;
  /** Lets a resident ask for a stage 2 review in the chat; without it such a request is passed on as a message. */
  escalation?: CaseEscalation;
  notifier?: StaffNotifier;
  /** Without it, a social channel cannot hand over and the resident is told to use the website. */
  handoffs?: HandoffGateway;
  /** Reports a failure that must not spoil the resident's turn (such as Teams being unreachable). */
  onBackgroundError?: (what: string, err: unknown) => void;
  evidence: EvidenceStore;
  drafts: DraftStore;
  clock: () => Date;
  /** The council's privacy notice, from the pack or PRIVACY_NOTICE_URL. */
  privacyNoticeUrl?: string | null;
  maxEvidenceFiles: number;
  /** The council's works system; without it reports stay with staff. */
  works?: WorksGateway;
  /** Records each signposting for the annual report (route, day, channel: no personal data). */
  signposts?: SignpostRecorder;
}

export interface SignpostRecorder {
  record(input: { intake: string; routes: RouteId[]; channel: string; at: Date }): Promise<void>;
}
