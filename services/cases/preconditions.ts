/**
 * What a command needs of the case beyond its stage and status (transitions.ts), decided once:
 * the service refuses with the reason (step.ts), and the staff-action registry asks the same
 * question to decide whether to offer the action (services/staffActions). Only rules that depend
 * on the case and the council's policy belong here; rules about the input (a date, a reason, a
 * person) stay with the command.
 */
import type { CaseRecord, ClosureReason, TrackKey } from '../../models/caseRecord';
import { ombudsmanFor } from '../policy/routing';
import { TRACK_NAME } from './labels';
import type { CaseRules } from './rules';
import type { CaseCommand } from './caseCommands';
import { isAllowed } from './transitions';

/** What of a case the rules read: a stored record and a CaseView both have it. */
export type CaseState = Pick<
  CaseRecord,
  'stage' | 'status' | 'closedFromStage' | 'kind' | 'anonymous' | 'anonymisedAt' | 'representative' | 'tracks' | 'leadServiceArea'
>;

/** The few facts of the council's policy pack the rules read (a card builder is given these, not the pack). */
export interface PolicyFacts {
  /** The council runs a stage 2 review (policy pack `stages` is 2). */
  hasStage2: boolean;
  /** The pack lets a resident ask for a councillor to be kept informed (South Derbyshire 6.8). */
  councillorCopies?: boolean;
  /** Stages whose response time (and so the extension limit) counts from the acknowledgement. */
  respondFromAcknowledgement?: { stage1: boolean; stage2: boolean };
}

export function policyFacts(rules: CaseRules): Required<PolicyFacts> {
  const { pack } = rules;
  return {
    hasStage2: pack.stages === 2,
    councillorCopies: !!pack.correspondence?.councillorCopies,
    respondFromAcknowledgement: {
      stage1: pack.timescales.stage1.respond.from === 'acknowledgement',
      stage2: pack.timescales.stage2?.respond.from === 'acknowledgement',
    },
  };
}

interface Precondition {
  /** True when the command can't be applied to this case. */
  blocked: (s: CaseState, p: PolicyFacts) => boolean;
  /** The refusal in plain words. */
  message: (ref: string, s: CaseState, rules: CaseRules) => string;
}

const trackOf = (s: CaseState) => (s.stage === 'closed' ? undefined : s.tracks[s.stage as TrackKey]);
const complaintKey = (s: CaseState): 'stage1' | 'stage2' | null => (s.stage === 'stage1' || s.stage === 'stage2' ? s.stage : null);

/** Each command's rules, checked in this order; the first that blocks gives the refusal. */
const PRECONDITIONS: Partial<Record<CaseCommand, Precondition[]>> = {
  messageResident: [
    { blocked: (s) => !!s.anonymisedAt, message: (ref) => `Case ${ref} no longer holds the resident's details, so they can't be messaged.` },
    // An anonymous resident chose to leave no way of being contacted.
    { blocked: (s) => s.anonymous, message: (ref) => `Case ${ref} is anonymous: the resident chose not to be contacted.` },
  ],
  extend: [
    { blocked: (s) => !trackOf(s)?.respondBy, message: (ref) => `Case ${ref} has no response deadline to extend.` },
    {
      // Until it is acknowledged the limit is not known (it counts from the acknowledgement), so it can't be checked.
      blocked: (s, p) => {
        const key = complaintKey(s);
        return !!key && !!p.respondFromAcknowledgement?.[key] && !s.tracks[key]?.acknowledgedOn;
      },
      message: (ref, s, rules) =>
        `Acknowledge case ${ref} first: ${rules.pack.shortName}'s policy counts the ${TRACK_NAME[s.stage]} response time, and the longest extension, from the acknowledgement.`,
    },
  ],
  respond: [
    {
      // The Codes give the resident an acknowledgement of the review before its answer.
      blocked: (s) => s.stage === 'stage2' && !s.tracks.stage2?.acknowledgedOn,
      message: (ref) => `Case ${ref}'s stage 2 review hasn't been acknowledged yet. Acknowledge it first, then record the response.`,
    },
    {
      // Likewise at stage 1: the acknowledgement is its own step the Codes time, and the reports count it.
      blocked: (s) => s.stage === 'stage1' && !s.tracks.stage1?.acknowledgedOn,
      message: (ref) => `Case ${ref}'s complaint hasn't been acknowledged yet. Acknowledge it first, then record the response.`,
    },
  ],
  escalate: [
    {
      blocked: (_s, p) => !p.hasStage2,
      message: (ref, s, rules) =>
        `${rules.pack.shortName} has no stage 2 review: its stage 1 response is final. If the resident is still unhappy, refer case ${ref} to the ${ombudsmanFor(rules.pack, s.leadServiceArea ?? 'other').body.name}.`,
    },
    // The table also allows a case closed at stage 1; the review still needs the stage 1 response.
    { blocked: (s) => !s.tracks.stage1?.respondedOn, message: (ref) => `Case ${ref} was closed without a stage 1 response, so it can't be escalated. Reopen it first.` },
  ],
  convert: [{ blocked: (s) => s.kind === 'compliment', message: (ref) => `Case ${ref} is a compliment, so it can't be turned into a complaint.` }],
  reopen: [{ blocked: (s) => !!s.anonymisedAt, message: (ref) => `Case ${ref} has had its personal details removed, so it can't be reopened.` }],
  // A referral takes the case back up (at the ombudsman stage), which an anonymised case can't be, as with reopening.
  referToOmbudsman: [{ blocked: (s) => !!s.anonymisedAt, message: (ref) => `Case ${ref} has had its personal details removed, so it can't be referred to the ombudsman.` }],
  recordAuthorisation: [
    { blocked: (s) => !s.representative, message: (ref) => `Nobody is acting for the resident on case ${ref}, so there is no authorisation to record.` },
    { blocked: (s) => s.representative?.authorisation !== 'pending', message: (ref) => `Case ${ref} is not waiting for a written authorisation.` },
  ],
  copyCouncillor: [
    { blocked: (_s, p) => !p.councillorCopies, message: (_ref, _s, rules) => `${rules.pack.shortName}'s policy does not provide for copying a councillor into a complaint's letters.` },
    { blocked: (s) => s.anonymous, message: (ref) => `Case ${ref} is anonymous, so nobody can be sent its details.` },
  ],
};

/** The refusal for the first rule the case breaks, or null when none does (the table is checked separately). */
export function preconditionRefusal(command: CaseCommand, ref: string, s: CaseState, rules: CaseRules): string | null {
  const facts = policyFacts(rules);
  const broken = PRECONDITIONS[command]?.find((c) => c.blocked(s, facts));
  return broken ? broken.message(ref, s, rules) : null;
}

/** Whether the command can be applied to the case as it stands: the transition table and the rules above. */
export function canApply(command: CaseCommand, s: CaseState, facts: PolicyFacts): boolean {
  return isAllowed(command, s) && !PRECONDITIONS[command]?.some((c) => c.blocked(s, facts));
}

/**
 * The reasons a case can be closed for, at its stage: a complaint as "responded to" only once
 * answered (otherwise withdrawn or a duplicate); a service request also as resolved; a comment or
 * compliment is recorded (or withdrawn); a case with the ombudsman ends with its decision (or is withdrawn).
 * A resident can only withdraw, at any stage.
 */
export function closeReasonsFor(s: Pick<CaseState, 'stage' | 'status'>, by: 'staff' | 'resident' = 'staff'): ClosureReason[] {
  const responded = s.status === 'responded';
  const reasons = ((): ClosureReason[] => {
    switch (s.stage) {
      case 'stage1':
      case 'stage2':
        return responded ? ['responded', 'withdrawn', 'duplicate'] : ['withdrawn', 'duplicate'];
      case 'service_request':
        return responded ? ['responded', 'resolved', 'withdrawn', 'duplicate'] : ['resolved', 'withdrawn', 'duplicate'];
      case 'feedback':
        return ['recorded', 'withdrawn', 'duplicate'];
      case 'ombudsman':
        return ['ombudsman_decided', 'withdrawn'];
      default:
        return [];
    }
  })();
  return by === 'resident' ? ['withdrawn'] : reasons;
}
