/**
 * The Complaint Handling Codes (2024) a council assesses itself against, as data: the LGSCO's
 * Code for council complaints and the Housing Ombudsman's for complaints about the council as a
 * landlord. The two share their numbering; the LGSCO's says "should" where the Housing
 * Ombudsman's says "must". Requirements are paraphrased, not quoted: the council's published
 * self-assessment should quote the Code it answers to.
 *
 * A provision with a `measure` is one the system can evidence from its own records (the figure
 * and the cases behind it come from selfAssessment.ts); every other provision is a question for
 * the council, whose answer is kept in MongoDB (models/selfAssessmentAnswer.ts). Numbers of the
 * stage 1 provisions (6.2 to 6.4) are those the policy packs cite; the stage 2 response and
 * extension provisions mirror stage 1 as 6.14 and 6.15: check them against the Code's text.
 */
import { CODES, type CodeId } from '../../models/selfAssessmentAnswer';

export { CODES, type CodeId };

export const CODE_NAMES: Record<CodeId, string> = {
  lgsco: "Local Government and Social Care Ombudsman's Complaint Handling Code (2024)",
  housing: "Housing Ombudsman's Complaint Handling Code (2024)",
};

/** The Codes' own timescales in working days (both Codes set the same ones). */
export const CODE_TIMESCALES = {
  acknowledge: 5,
  stage1: { respond: 10, extension: 10 },
  stage2: { respond: 20, extension: 20 },
} as const;

/** What the system can count for a provision (see selfAssessment.ts). */
export const MEASURES = [
  'serviceRequestsRecorded',
  'stage1AcknowledgedInTime',
  'stage1RespondedInTime',
  'stage1ExtensionsWithinLimit',
  'stage1ResponsesComplete',
  'stage2AcknowledgedInTime',
  'stage2IndependentReviewer',
  'stage2RespondedInTime',
  'stage2ExtensionsWithinLimit',
  'learningRecorded',
] as const;
export type Measure = (typeof MEASURES)[number];

export interface Provision {
  section: string;
  /** Plain words, for both Codes ("must" for the Housing Ombudsman's). */
  requirement: string;
  measure?: Measure;
  /** For the council: what evidence would answer it. */
  hint?: string;
  /** Only in one Code, or only for councils with two stages. */
  only?: CodeId;
  twoStageOnly?: boolean;
}

export const PROVISIONS: readonly Provision[] = [
  { section: '1.2', requirement: 'The complaints policy uses the Code’s definition of a complaint.', hint: 'Quote the definition in the published complaints policy.' },
  { section: '1.4', requirement: 'Service requests are told apart from complaints and are recorded, monitored and reviewed.', measure: 'serviceRequestsRecorded' },
  { section: '2.1', requirement: 'A complaint is accepted unless there is a valid reason not to, and the reasons for not accepting one are explained.', hint: 'The report’s “Not handled as complaints” section lists the matters signposted and why.' },
  { section: '2.2', requirement: 'A time limit for making a complaint is no shorter than 12 months, with discretion for later complaints.', hint: 'The policy pack sets the time limit; complaints accepted out of time are counted in the report.' },
  { section: '3.1', requirement: 'Complaints can be made in writing or verbally, in more than one way, and the process is easy to access.', hint: 'List the channels (the report counts complaints by channel).' },
  { section: '3.2', requirement: 'Reasonable adjustments are made and recorded, in line with the Equality Act 2010.', hint: 'Adjustments are recorded on each case; say how they are reviewed.' },
  { section: '3.3', requirement: 'The complaints policy is published and easy to find, with the Code and the self-assessment.', hint: 'Give the web address of the policy and this self-assessment.' },
  { section: '3.4', requirement: 'People are told about the complaints policy and their right to go to the Ombudsman.', hint: 'Every response names the next step and the Ombudsman; say where else this is published.' },
  { section: '4.1', requirement: 'A named person or team leads on complaint handling and has the authority to resolve complaints.', hint: 'Name the complaints officer or team.' },
  { section: '4.3', requirement: 'Staff handling complaints are trained and supported.', hint: 'Describe the training given this year.' },
  { section: '5.1', requirement: 'There is a single complaints policy with two stages and no extra stages.', twoStageOnly: true, hint: 'The policy pack sets the stages.' },
  { section: '6.2', requirement: 'Stage 1 complaints are acknowledged and logged within 5 working days of being received.', measure: 'stage1AcknowledgedInTime' },
  { section: '6.3', requirement: 'A full stage 1 response is sent within 10 working days of the complaint being acknowledged.', measure: 'stage1RespondedInTime' },
  { section: '6.4', requirement: 'An extension at stage 1 is no more than 10 working days without good reason, explained to the complainant.', measure: 'stage1ExtensionsWithinLimit' },
  { section: '6.7', requirement: 'Responses address every point raised, with reasons for each decision.', hint: 'The system asks for a decision and reasons on every point before a response is sent.' },
  { section: '6.8', requirement: 'The stage 1 response gives the decision, reasons, remedy, outstanding actions and how to escalate.', measure: 'stage1ResponsesComplete' },
  { section: '6.11', requirement: 'Requests for stage 2 are acknowledged and logged within 5 working days of being received.', measure: 'stage2AcknowledgedInTime', twoStageOnly: true },
  { section: '6.12', requirement: 'Complainants are not required to explain why they want stage 2.', twoStageOnly: true, hint: 'The bot asks for no reason when a resident asks for a review; say whether staff do.' },
  { section: '6.13', requirement: 'The person considering stage 2 is not the person who considered stage 1.', measure: 'stage2IndependentReviewer', twoStageOnly: true },
  { section: '6.14', requirement: 'A stage 2 response is sent within 20 working days of the request being acknowledged.', measure: 'stage2RespondedInTime', twoStageOnly: true },
  { section: '6.15', requirement: 'An extension at stage 2 is no more than 20 working days without good reason, explained to the complainant.', measure: 'stage2ExtensionsWithinLimit', twoStageOnly: true },
  { section: '7.1', requirement: 'Where something has gone wrong, it is acknowledged and put right, with a remedy that fits.', hint: 'Give examples of remedies from the year’s upheld complaints.' },
  { section: '8.1', requirement: 'An annual complaints performance and service improvement report is produced, with this self-assessment.', hint: 'Say where and when this report was published.' },
  { section: '8.2', requirement: 'The annual report is reported to the governing body (or its committee) and published with its response.', hint: 'Name the committee and the date it considered the report.' },
  { section: '9.1', requirement: 'Complaints are used to learn and improve services, and what was learnt is recorded.', measure: 'learningRecorded' },
  { section: '9.2', requirement: 'A member of the governing body is responsible for complaints (the member responsible for complaints).', only: 'housing', hint: 'Name the councillor responsible for complaints.' },
];

/**
 * The provisions under one Code. A one-stage procedure has no stage 2 to count, so its stage 2
 * provisions become questions (the Codes ask for two stages: the council explains its position).
 */
export function provisionsFor(code: CodeId, stages: 1 | 2): Provision[] {
  return PROVISIONS.filter((p) => !p.only || p.only === code).map((p) =>
    p.twoStageOnly && stages === 1 ? { ...p, measure: undefined, hint: 'The procedure has one stage: explain how this is met or why not.' } : p,
  );
}
