/**
 * The Complaint Handling Codes (2024) a council assesses itself against, as data: the LGSCO's
 * Code for council complaints and the Housing Ombudsman's for complaints about the council as a
 * landlord. The LGSCO's says "should" where the Housing Ombudsman's says "must", and the two
 * mostly share their numbering: where they do not, `housingSection` gives the Housing
 * Ombudsman's. Requirements are paraphrased, not quoted: the council's published self-assessment
 * should quote the Code it answers to.
 *
 * A provision with a `measure` is one the system can evidence from its own records (the figure
 * and the cases behind it come from selfAssessment.ts); every other provision is a question for
 * the council, whose answer is kept in MongoDB (models/selfAssessmentAnswer.ts).
 *
 * Checked (December 2026) against the LGSCO's published Code (lgo.org.uk, sections 3 and 5 to 9)
 * and against the Housing Ombudsman's as its own pages and councils' published self-assessments
 * quote it (sections 1 to 3, 5, 6.1 to 6.6 and 6.10 to 6.13, 9). `uncertain` says, per Code,
 * what could not be confirmed; the self-assessment shows it so the council checks it first.
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
  /** The Housing Ombudsman's number, where it differs from the LGSCO's. */
  housingSection?: string;
  /** Per Code: what could not be confirmed against the Code's published text, and why. */
  uncertain?: Partial<Record<CodeId, string>>;
}

const HO_S1 = 'not found in the LGSCO Code’s published text (its sections 1, 2 and 4 were not reached); the Housing Ombudsman’s wording is confirmed';
const LG_S2 = 'the LGSCO Code’s stage 2 paragraphs were not found; its stage 1 ends at 6.8 with the response’s contents, while the Housing Ombudsman’s has one more stage 1 provision, so this number may be one lower in the LGSCO Code';
const HO_NOT_SEEN = 'this number was not found in the Housing Ombudsman Code’s published text (the LGSCO’s is confirmed)';

export const PROVISIONS: readonly Provision[] = [
  { section: '1.2', requirement: 'The complaints policy uses the Code’s definition of a complaint.', hint: 'Quote the definition in the published complaints policy.', uncertain: { lgsco: HO_S1 } },
  { section: '1.4', requirement: 'Service requests are told apart from complaints and are recorded, monitored and reviewed.', measure: 'serviceRequestsRecorded', uncertain: { lgsco: HO_S1 } },
  { section: '2.1', requirement: 'A complaint is accepted unless there is a valid reason not to, the reasoning is evidenced, and each complaint is considered on its merits.', hint: 'The report’s “Not handled as complaints” section counts the conversations signposted elsewhere and why; say how a resident is told why a complaint was not accepted (2.4).', uncertain: { lgsco: HO_S1 } },
  { section: '2.3', requirement: 'Complaints are accepted within 12 months of the issue (or of becoming aware of it), with discretion for later complaints where there is good reason.', hint: 'The policy pack sets the time limit; complaints accepted out of time are counted in the report.', uncertain: { lgsco: HO_S1 } },
  { section: '3.1', requirement: 'It is easy to complain, through different channels, with the duties under the Equality Act 2010 in mind and reasonable adjustments anticipated.', hint: 'List the channels (the report counts complaints by channel).' },
  { section: '3.2', requirement: 'Complaints can be raised in any way and with any member of staff, and all staff know how to pass them on.', hint: 'Say how staff are told about the complaints process.' },
  { section: '3.4', requirement: 'The complaints policy is clear and accessible, says what happens at each stage and by when, and is published on the website.', hint: 'Give the web address of the policy and this self-assessment.', uncertain: { housing: HO_NOT_SEEN } },
  { section: '3.7', requirement: 'People are told about their right to go to the Ombudsman and how to do so.', hint: 'Every response names the next step and the Ombudsman; say where else this is published.', uncertain: { housing: HO_NOT_SEEN } },
  { section: '3.8', requirement: 'A survey asking for feedback says how to complain.', only: 'lgsco', hint: 'The satisfaction survey (in the chat and on its page) always says how to take the matter further and which ombudsman to contact.' },
  { section: '4.1', requirement: 'A person or team is responsible for complaint handling, including liaison with the Ombudsman and reporting complaints to the governing body.', hint: 'Name the complaints officer or team.', uncertain: { lgsco: HO_S1 } },
  { section: '4.3', requirement: 'Complaint handling is a priority and the staff who handle complaints are trained.', hint: 'Describe the training given this year.', uncertain: { lgsco: HO_S1 } },
  { section: '5.1', requirement: 'There is a single policy for the complaints the Code covers, with no extra named stages.', twoStageOnly: true, hint: 'The policy pack sets the stages.' },
  { section: '5.6', requirement: 'Reasonable adjustments are made under the Equality Act 2010, recorded and kept under review.', hint: 'Adjustments are recorded on each case; say how they are reviewed.', uncertain: { housing: HO_NOT_SEEN } },
  { section: '6.2', requirement: 'Stage 1 complaints are acknowledged and logged within 5 working days of being received.', measure: 'stage1AcknowledgedInTime' },
  { section: '6.3', requirement: 'A full stage 1 response is sent within 10 working days of the complaint being acknowledged.', measure: 'stage1RespondedInTime' },
  { section: '6.4', requirement: 'An extension at stage 1 is no more than 10 working days without good reason, explained to the complainant.', measure: 'stage1ExtensionsWithinLimit' },
  { section: '6.7', requirement: 'Responses address every point raised, with reasons for each decision.', hint: 'The system asks for a decision and reasons on every point before a response is sent.', uncertain: { housing: HO_NOT_SEEN } },
  { section: '6.8', requirement: 'The stage 1 response gives the decision, reasons, remedy, outstanding actions and how to escalate.', measure: 'stage1ResponsesComplete', uncertain: { housing: 'the Housing Ombudsman’s Code has a provision on complaints added during stage 1 that the LGSCO’s lacks, so its written stage 1 response may be 6.9; not confirmed' } },
  { section: '6.11', requirement: 'Requests for stage 2 are acknowledged and logged within 5 working days of being received.', measure: 'stage2AcknowledgedInTime', twoStageOnly: true, uncertain: { lgsco: LG_S2 } },
  { section: '6.12', requirement: 'Complainants are not required to explain why they want stage 2.', twoStageOnly: true, hint: 'The bot asks for no reason when a resident asks for a review; say whether staff do.', uncertain: { lgsco: LG_S2 } },
  { section: '6.13', requirement: 'The person considering stage 2 is not the person who considered stage 1.', measure: 'stage2IndependentReviewer', twoStageOnly: true, uncertain: { lgsco: LG_S2 } },
  {
    section: '6.14',
    requirement: 'A stage 2 response is sent within 20 working days of the request being acknowledged.',
    measure: 'stage2RespondedInTime',
    twoStageOnly: true,
    uncertain: { lgsco: LG_S2, housing: 'the timescale is confirmed (the Housing Ombudsman’s own guidance for residents), the number is not: it follows 6.13 in the stage 2 order' },
  },
  {
    section: '6.15',
    requirement: 'An extension at stage 2 is no more than 20 working days without good reason, explained to the complainant.',
    measure: 'stage2ExtensionsWithinLimit',
    twoStageOnly: true,
    uncertain: { lgsco: LG_S2, housing: 'the 20 working days are confirmed (the 2024 Code raised it from 10), the number is not: it follows the stage 2 response, as 6.4 follows 6.3' },
  },
  { section: '7.1', requirement: 'Where something has gone wrong, it is acknowledged, with what has been done or will be done to put it right.', hint: 'Give examples of remedies from the year’s upheld complaints.', uncertain: { housing: HO_NOT_SEEN } },
  { section: '8.1', requirement: 'An annual complaints performance and service improvement report is produced, with this self-assessment, the figures and their analysis (including the complaints refused), any non-compliance and the improvements made.', hint: 'Say where and when this report was published.', uncertain: { housing: HO_NOT_SEEN } },
  { section: '8.2', requirement: 'The annual report is reported to the governing body (or through the governance arrangements) and published on the complaints pages of the website, with the response to it.', hint: 'Name the committee and the date it considered the report.', uncertain: { housing: HO_NOT_SEEN } },
  { section: '9.1', requirement: 'Complaints are used to learn and improve services, and what was learnt is recorded.', measure: 'learningRecorded' },
  { section: '9.5', requirement: 'Lead responsibility for complaints is assigned in the governance arrangements: the Member Responsible for Complaints.', hint: 'Name the councillor (or committee) responsible for complaints.' },
];

/**
 * The provisions under one Code. A one-stage procedure has no stage 2 to count, so its stage 2
 * provisions become questions (the Codes ask for two stages: the council explains its position).
 */
/** A provision as one Code numbers it, with what is still to check in that Code (null when confirmed). */
export type CodeProvision = Provision & { uncertainWhy: string | null };

export function provisionsFor(code: CodeId, stages: 1 | 2): CodeProvision[] {
  return PROVISIONS.filter((p) => !p.only || p.only === code).map((p) => {
    const numbered = { ...p, section: code === 'housing' ? (p.housingSection ?? p.section) : p.section, uncertainWhy: p.uncertain?.[code] ?? null };
    return p.twoStageOnly && stages === 1 ? { ...numbered, measure: undefined, hint: 'The procedure has one stage: explain how this is met or why not.' } : numbered;
  });
}
