/**
 * What the resident conversation hands to the case service to open a case: the contract between
 * dialogs/ and services/cases. Parsed with zod at that boundary.
 */
import { z } from 'zod';
import { FeedbackKind, ROUTE_IDS, RouteId, ServiceArea } from './vocabulary';

export const PREFERRED_CONTACT = ['email', 'phone', 'post', 'none'] as const;
export const REPRESENTATIVE_ROLES = ['family', 'friend', 'carer', 'advocate', 'councillor', 'mp', 'solicitor', 'other'] as const;
export const AUTHORISATION_STATES = ['not_required', 'provided', 'pending'] as const;
export const ADJUSTMENTS = ['large_print', 'easy_read', 'phone_instead_of_writing', 'email_only', 'interpreter', 'someone_to_help', 'other'] as const;
/** The resident's answer to the danger question (dialogs/dangerCheckDialog.ts): neither yes nor no is `other`. */
export const DANGER_ANSWERS = ['yes', 'no', 'other'] as const;

const shortText = z.string().trim().min(1).max(500);
const longText = z.string().trim().min(1).max(10000);

export const ResidentDetails = z.strictObject({
  name: shortText.optional(),
  email: z.email().max(254).optional(),
  phone: z.string().regex(/^\+?[0-9 ()-]{7,20}$/).optional(),
  address: shortText.optional(),
  postcode: z.string().trim().max(10).optional(),
  preferredContact: z.enum(PREFERRED_CONTACT),
  /** Their name or handle on the social platform the case came from. */
  socialHandle: z.string().trim().max(100).optional(),
});
export type ResidentDetails = z.infer<typeof ResidentDetails>;

export const RepresentativeDetails = z.strictObject({
  /** The representative's own name and contact; the resident's details are in `resident`. */
  name: shortText,
  role: z.enum(REPRESENTATIVE_ROLES),
  relationship: shortText,
  email: z.email().max(254).optional(),
  phone: z.string().regex(/^\+?[0-9 ()-]{7,20}$/).optional(),
  consentConfirmed: z.boolean(),
  authorisation: z.enum(AUTHORISATION_STATES),
});
export type RepresentativeDetails = z.infer<typeof RepresentativeDetails>;

export const EvidenceRef = z.strictObject({
  fileId: z.string().min(1).max(64),
  filename: z.string().max(255),
  contentType: z.string().max(100),
  size: z.number().int().nonnegative(),
  purpose: z.enum(['evidence', 'authorisation']).default('evidence'),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

/** The danger question, when it was asked: the safety routes the classifier half-suspected, and the answer. */
export const DangerAnswer = z.strictObject({
  routes: z.array(RouteId).max(ROUTE_IDS.length),
  answer: z.enum(DANGER_ANSWERS),
});
export type DangerAnswer = z.infer<typeof DangerAnswer>;

export const CaseDraft = z.strictObject({
  council: z.string().min(1).max(64),
  kind: FeedbackKind,
  receivedAt: z.coerce.date(),
  source: z.strictObject({
    channel: z.string().min(1).max(64), // Bot Framework channelId: webchat, directline, facebook, msteams...
    platform: z.string().max(64).optional(), // for social handoffs: facebook, instagram, whatsapp, x
    handoffId: z.string().max(64).optional(),
  }),
  /** Where to reach the resident's conversation again (a Bot Framework ConversationReference). */
  conversationReference: z.record(z.string(), z.unknown()).optional(),
  description: longText,
  location: shortText.optional(),
  /** When it happened, as the resident said it, and as a date where one could be worked out. */
  whenText: shortText.optional(),
  occurredOn: z.iso.date().optional(),
  /** 'month' or 'year' when only that was named: occurredOn is then its last day, so time limits count from the latest it could be. */
  occurredPrecision: z.enum(['month', 'year']).optional(),
  outOfTimeReason: longText.optional(),
  serviceAreas: z.array(ServiceArea).max(10).default([]),
  /** True when the service was told before (so this is about how it was handled). */
  serviceAlreadyKnew: z.boolean().optional(),
  outcomeWanted: longText.optional(),
  /** Matters the resident was signposted for in the same conversation. */
  signposted: z.array(RouteId).default([]),
  anonymous: z.boolean(),
  resident: ResidentDetails,
  representative: RepresentativeDetails.optional(),
  adjustments: z.array(z.enum(ADJUSTMENTS)).default([]),
  adjustmentNotes: z.string().trim().max(1000).optional(),
  vulnerable: z.boolean().default(false),
  vulnerabilityNotes: z.string().trim().max(1000).optional(),
  safeguarding: z.boolean().default(false),
  dangerAnswer: DangerAnswer.optional(),
  evidence: z.array(EvidenceRef).max(20).default([]),
  classification: z
    .strictObject({ confidence: z.number().min(0).max(1), reasons: z.array(z.string().max(200)).max(20) })
    .optional(),
});
export type CaseDraft = z.input<typeof CaseDraft>;
export type ParsedCaseDraft = z.output<typeof CaseDraft>;

/** What the resident is told when the case is open. Dates are ISO (YYYY-MM-DD), Europe/London. */
export const OpenedCase = z.strictObject({
  reference: z.string(),
  kind: FeedbackKind,
  stage: z.string(),
  priority: z.enum(['normal', 'high', 'urgent']),
  acknowledgeBy: z.iso.date().nullable(),
  respondBy: z.iso.date().nullable(),
  /** A housing hazard recognised in what the resident wrote, with its legal deadlines; absent when none. */
  hazard: z
    .strictObject({
      level: z.enum(['emergency', 'significant']),
      kinds: z.array(z.string()),
      deadlines: z.array(z.strictObject({ step: z.string(), dueOn: z.iso.date(), dueAt: z.coerce.date().nullable() })),
    })
    .optional(),
});
export type OpenedCase = z.infer<typeof OpenedCase>;
