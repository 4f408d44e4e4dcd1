/**
 * A case as stored: the snapshot of everything known about one piece of feedback, rebuilt from
 * (and always consistent with) its append-only timeline (see timelineEvent.ts). Validated with
 * zod before every write; mongoose only binds the collection and declares the indexes.
 *
 * Calendar dates are ISO strings (YYYY-MM-DD, Europe/London) so that ranges compare as text and
 * nothing shifts with time zones; instants (receivedAt, closedAt) are Dates.
 */
import { z } from 'zod';
import { Connection, Model, Schema } from 'mongoose';
import { FeedbackKind, ROUTE_IDS, RouteId, ServiceArea } from './vocabulary';
import { HazardKind, HazardLevel, HazardStep, VulnerabilityCue } from './hazardVocabulary';
import { ADJUSTMENTS, AUTHORISATION_STATES, DANGER_ANSWERS, DangerAnswer, EvidenceRef, PREFERRED_CONTACT, REPRESENTATIVE_ROLES } from './caseDraft';

export const CASE_STAGES = ['service_request', 'stage1', 'stage2', 'ombudsman', 'feedback', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
/** Stages that carry their own deadlines ("tracks"); comments and compliments share `feedback`. */
export const TRACK_KEYS = ['service_request', 'stage1', 'stage2', 'feedback'] as const;
export type TrackKey = (typeof TRACK_KEYS)[number];
export const CASE_STATUSES = ['open', 'acknowledged', 'in_progress', 'awaiting_resident', 'responded', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const DECISIONS = ['upheld', 'partly_upheld', 'not_upheld', 'resolved'] as const;
export type Decision = (typeof DECISIONS)[number];
export const PRIORITIES = ['urgent', 'high', 'normal'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const SLA_STATES = ['on_track', 'due_soon', 'overdue'] as const;
export type SlaState = (typeof SLA_STATES)[number];
export const ACTOR_ROLES = ['resident', 'staff', 'system'] as const;
export const CLOSURE_REASONS = ['responded', 'resolved', 'withdrawn', 'duplicate', 'recorded', 'ombudsman_decided'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const Actor = z.strictObject({ id: text(128), name: text(200), role: z.enum(ACTOR_ROLES) });
export type Actor = z.infer<typeof Actor>;
export const StaffRef = z.strictObject({ id: text(128), name: text(200) });
export type StaffRef = z.infer<typeof StaffRef>;

/** Looser than the draft's schemas: after anonymisation only the statistics-safe fields remain. */
const ResidentSnapshot = z.strictObject({
  name: z.string().max(500).optional(),
  email: z.string().max(254).optional(),
  phone: z.string().max(32).optional(),
  address: z.string().max(500).optional(),
  postcode: z.string().max(10).optional(),
  preferredContact: z.enum(PREFERRED_CONTACT),
  /** Their name or handle on the social platform the case came from. */
  socialHandle: z.string().trim().max(100).optional(),
});
const RepresentativeSnapshot = z.strictObject({
  name: z.string().max(500),
  role: z.enum(REPRESENTATIVE_ROLES),
  relationship: z.string().max(500),
  email: z.string().max(254).optional(),
  phone: z.string().max(32).optional(),
  consentConfirmed: z.boolean(),
  authorisation: z.enum(AUTHORISATION_STATES),
});

/** One point the complaint raises; the response must decide on every one of them. */
export const Issue = z.strictObject({ id: z.number().int().positive(), text: text(10000), addedOn: isoDate, source: z.enum(['original', 'related']) });
export type Issue = z.infer<typeof Issue>;

export const EscalationRoute = z.discriminatedUnion('to', [
  z.strictObject({
    to: z.literal('stage2'),
    /** The last day to ask for a stage 2 review; null when the policy sets no limit. */
    requestBy: isoDate.nullable(),
    team: text(200),
    phone: z.string().optional(),
    email: z.string().optional(),
    webFormUrl: z.string().optional(),
  }),
  z.strictObject({
    to: z.literal('ombudsman'),
    which: z.enum(['lgsco', 'housing']),
    name: text(200),
    phone: text(40),
    email: z.string().optional(),
    url: text(300),
    when: text(2000),
    waitWeeks: z.number().int().positive().nullable(),
  }),
  /** Service requests and comments: the resident can complain if unhappy with the reply. */
  z.strictObject({ to: z.literal('complaint'), team: text(200) }),
]);
export type EscalationRoute = z.infer<typeof EscalationRoute>;

/** What a complaint response states (Complaint Handling Codes: decision, reasons, remedy, actions, how to escalate). */
export const Outcome = z.strictObject({
  decision: z.enum(DECISIONS),
  points: z.array(z.strictObject({ issue: z.number().int().positive(), decision: z.enum(DECISIONS), reasons: text(5000) })).min(1),
  reasons: text(10000),
  remedy: text(5000),
  outstandingActions: z.array(text(1000)),
  escalation: EscalationRoute,
});
export type Outcome = z.infer<typeof Outcome>;

export const Track = z.strictObject({
  /** Day 0 of this stage: the receipt day of the message (or of the request for a review). */
  startedOn: isoDate,
  acknowledgeBy: isoDate.nullable(),
  acknowledgedOn: isoDate.nullable(),
  originalRespondBy: isoDate.nullable(),
  /** The deadline in force: the original one, or the extended one. */
  respondBy: isoDate.nullable(),
  /** Latest date an extension may run to; null when the policy sets no limit. */
  extensionLimit: isoDate.nullable(),
  extensions: z.array(z.strictObject({ until: isoDate, reason: text(2000), on: isoDate })),
  respondedOn: isoDate.nullable(),
  /** Who recorded the answer at this stage: the decision-maker (a stage 2 reviewer must be someone else). */
  handler: StaffRef.nullable(),
  /**
   * Everyone who handled this stage: assigned to it, extended its deadline or recorded its
   * response. At stage 2 none of the stage 1 ones may act (Complaint Handling Codes: the review
   * is done by someone not involved in the first decision). Cases stored before it default to none.
   */
  handledBy: z.array(StaffRef).default([]),
  workingDaysToRespond: z.number().int().nullable(),
  /** Stage 1 only: the last day to ask for a stage 2 review, or null for no limit. */
  escalateBy: isoDate.nullable(),
  outcome: Outcome.nullable(),
  /** Service requests and feedback: the reply given. */
  reply: z.strictObject({ summary: text(10000), escalation: EscalationRoute }).nullable(),
});
export type Track = z.infer<typeof Track>;

const StageStats = z.strictObject({
  receivedFq: z.string(),
  ackFq: z.string().nullable(),
  ackOnTime: z.number().int().min(0).max(1).nullable(),
  respondedFq: z.string().nullable(),
  onTime: z.number().int().min(0).max(1).nullable(),
  workingDays: z.number().int().nullable(),
  decision: z.enum(DECISIONS).nullable(),
});
export type StageStats = z.infer<typeof StageStats>;

/**
 * Flat, per-case figures that reports group on (UK financial quarters, "2026-27 Q1"). Kept on the
 * case rather than in shared counters: FerretDB's $inc is not atomic, and a per-case field needs none.
 */
export const CaseStats = z.strictObject({
  receivedFq: z.string(),
  housing: z.boolean(),
  sr: StageStats.nullable(),
  s1: StageStats.nullable(),
  s2: StageStats.nullable(),
  feedback: StageStats.nullable(),
  ombudsmanFq: z.string().nullable(),
  closedFq: z.string().nullable(),
});
export type CaseStats = z.infer<typeof CaseStats>;

/**
 * A housing hazard recognised in what the resident wrote (Awaab's Law, councils that are landlords):
 * its level, why, and the legal deadlines from the moment the council became aware.
 */
export const HazardRecord = z.strictObject({
  level: HazardLevel,
  kinds: z.array(HazardKind).min(1),
  /** Kinds of vulnerability only (never the resident's words about their health). */
  vulnerability: z.array(VulnerabilityCue),
  reasons: z.array(z.string().max(40)).max(30),
  /** When the council became aware: the resident's message. */
  awareAt: z.date(),
  deadlines: z.array(
    z.strictObject({
      step: HazardStep,
      duty: text(300),
      dueOn: isoDate,
      /** For clock-time deadlines (24 hours). */
      dueAt: z.date().nullable(),
      from: z.enum(['awareness', 'investigation']),
    }),
  ),
});
export type HazardRecord = z.infer<typeof HazardRecord>;

/** What the council will do about a learning point, who does it and by when (the learning register: services/learning). */
export const LearningAction = z.strictObject({ text: text(1000), owner: StaffRef, dueOn: isoDate, doneOn: isoDate.nullable(), doneBy: StaffRef.nullable() });
export type LearningAction = z.infer<typeof LearningAction>;
/** `id` ("L1", "L2"…) and `action` were added with the learning register; points recorded before have neither. */
export const LearningPoint = z.strictObject({ theme: text(100), detail: text(2000), addedOn: isoDate, fq: z.string(), id: z.string().regex(/^L\d{1,3}$/).optional(), action: LearningAction.nullable().optional() });
export type LearningPoint = z.infer<typeof LearningPoint>;

export const CaseRecord = z.strictObject({
  _id: z.string().regex(/^[A-Z]{2,6}-\d{4}-\d{6}$/),
  council: text(64),
  /** The seq of the last timeline event applied to this snapshot. */
  version: z.number().int().positive(),
  kind: FeedbackKind,
  stage: z.enum(CASE_STAGES),
  status: z.enum(CASE_STATUSES),
  closedFromStage: z.enum(CASE_STAGES).nullable(),
  open: z.boolean(),
  channel: text(64),
  platform: z.string().max(64).nullable(),
  handoffId: z.string().max(64).nullable(),
  /** A Bot Framework ConversationReference as JSON text, so its keys can never clash with MongoDB's rules. */
  conversationReference: z.string().nullable(),
  receivedAt: z.date(),
  receivedOn: isoDate,
  resident: ResidentSnapshot,
  representative: RepresentativeSnapshot.nullable(),
  /** A councillor the resident asked in writing to keep informed (where the pack allows): copied on every letter. */
  councillorCopy: z.strictObject({ name: z.string().max(200), email: z.string().max(254), requestedOn: isoDate }).nullable().default(null),
  anonymous: z.boolean(),
  replyWanted: z.boolean(),
  serviceAreas: z.array(ServiceArea),
  leadServiceArea: ServiceArea.nullable(),
  description: text(10000),
  location: z.string().max(500).nullable(),
  whenText: z.string().max(500).nullable(),
  occurredOn: isoDate.nullable(),
  /** 'month' or 'year' when only that was named (occurredOn is its last day); null for a day, and for cases made before it was kept. */
  occurredPrecision: z.enum(['month', 'year']).nullable().default(null),
  outOfTimeReason: z.string().max(10000).nullable(),
  outcomeWanted: z.string().max(10000).nullable(),
  serviceAlreadyKnew: z.boolean().nullable(),
  signposted: z.array(RouteId),
  evidence: z.array(EvidenceRef),
  adjustments: z.array(z.enum(ADJUSTMENTS)),
  adjustmentNotes: z.string().max(1000).nullable(),
  vulnerable: z.boolean(),
  vulnerabilityNotes: z.string().max(1000).nullable(),
  safeguarding: z.boolean(),
  /** The danger question and the resident's answer, when it was asked; null otherwise (and in cases stored before it was kept). */
  dangerAnswer: DangerAnswer.nullable().default(null),
  priority: z.enum(PRIORITIES),
  /** 0 urgent, 1 high, 2 normal: sorts the queue within a due date. */
  priorityRank: z.number().int().min(0).max(2),
  /** A housing hazard, if one was recognised; null otherwise (and in cases stored before hazards were). */
  hazard: HazardRecord.nullable().default(null),
  /** 0 emergency hazard, 1 significant hazard, 2 none: the queue's first sort key, so hazards come first. */
  hazardRank: z.number().int().min(0).max(2).default(2),
  issues: z.array(Issue),
  assignee: StaffRef.nullable(),
  tracks: z.partialRecord(z.enum(TRACK_KEYS), Track),
  /** The next outstanding deadline (acknowledge or respond) and which one; null when nothing is due. */
  dueOn: isoDate.nullable(),
  dueKind: z.enum(['acknowledge', 'respond']).nullable(),
  /** dueOn, or "~" (after every date) so cases with nothing due sort last in the queue. */
  dueSort: z.string(),
  learningPoints: z.array(LearningPoint),
  ombudsman: z.strictObject({ which: z.enum(['lgsco', 'housing']), referredOn: isoDate, reference: z.string().max(100).nullable() }).nullable(),
  closure: z.strictObject({ reason: z.enum(CLOSURE_REASONS), note: z.string().max(2000).nullable(), closedOn: isoDate }).nullable(),
  closedAt: z.date().nullable(),
  anonymisedAt: z.date().nullable(),
  /** Lower-cased look-up keys: the resident's surname, and "email:…"/"phone:…" for subject access. */
  search: z.strictObject({ surname: z.string().nullable(), subjects: z.array(z.string()) }),
  stats: CaseStats,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type CaseRecord = z.infer<typeof CaseRecord>;

const Mixed = Schema.Types.Mixed;
const caseSchema = new Schema<CaseRecord>(
  {
    _id: { type: String, required: true },
    council: String,
    version: Number,
    kind: String,
    stage: String,
    status: String,
    closedFromStage: String,
    open: Boolean,
    channel: String,
    platform: String,
    handoffId: String,
    conversationReference: String,
    receivedAt: Date,
    receivedOn: String,
    resident: Mixed,
    representative: Mixed,
    councillorCopy: Mixed,
    anonymous: Boolean,
    replyWanted: Boolean,
    serviceAreas: [String],
    leadServiceArea: String,
    description: String,
    location: String,
    whenText: String,
    occurredOn: String,
    occurredPrecision: String,
    outOfTimeReason: String,
    outcomeWanted: String,
    serviceAlreadyKnew: Boolean,
    signposted: [String],
    evidence: Mixed,
    adjustments: [String],
    adjustmentNotes: String,
    vulnerable: Boolean,
    vulnerabilityNotes: String,
    safeguarding: Boolean,
    dangerAnswer: {
      type: new Schema({ routes: [{ type: String, enum: ROUTE_IDS }], answer: { type: String, enum: DANGER_ANSWERS, required: true } }, { _id: false }),
      default: null,
    },
    priority: String,
    priorityRank: Number,
    hazard: Mixed,
    hazardRank: Number,
    issues: Mixed,
    assignee: Mixed,
    tracks: Mixed,
    dueOn: String,
    dueKind: String,
    dueSort: String,
    learningPoints: Mixed,
    ombudsman: Mixed,
    closure: Mixed,
    closedAt: Date,
    anonymisedAt: Date,
    search: Mixed,
    stats: Mixed,
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'cases', versionKey: false, autoIndex: false, minimize: false, strict: 'throw' },
);

// The queue and the reports read their own collections (caseProjections.ts); these serve look-ups on cases.
// Search by surname; subject access by email or phone.
caseSchema.index({ council: 1, 'search.surname': 1 });
caseSchema.index({ 'search.subjects': 1 });
// Retention: closed cases not yet anonymised, oldest first.
caseSchema.index({ anonymisedAt: 1, closedAt: 1 });

export function caseModel(connection: Connection): Model<CaseRecord> {
  return (connection.models.CaseRecord as Model<CaseRecord>) ?? connection.model<CaseRecord>('CaseRecord', caseSchema);
}
