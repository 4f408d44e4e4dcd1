/**
 * The case card: what staff see of a case in the triage thread and in replies, and everything
 * they can do with it (Universal Actions: Action.Execute, refreshed per viewer).
 *
 * Two pure steps: `caseCardData` picks from a case view what the card may show (no more personal
 * data than triage needs: no names or contact details of the resident), and `caseCard` lays it
 * out. Every action carries the case version it was drawn from, so an action on an old card is
 * recognised and not applied.
 */
import type { CaseStage, CaseStatus, ClosureReason, Priority, SlaState, StaffRef } from '../../../models/caseRecord';
import type { CaseView } from '../../cases';
import { isAllowed } from '../../cases';
import { handledStage1 } from '../../cases/independence';
import type { FeedbackKind } from '../../policy/vocabulary';
import type { HazardLevel } from '../../hazards/vocabulary';
import { HAZARD_KIND_LABEL, HAZARD_LEVEL_LABEL, HAZARD_STEP_LABEL, VULNERABILITY_LABEL, hazardDue } from '../../hazards/wording';
import { PLATFORM_LABEL, type Platform } from '../../handoff/channels';
import {
  CLOSURE_LABEL,
  DECISION_LABEL,
  formatDate,
  KIND_LABEL,
  PREFERRED_CONTACT_LABEL,
  PRIORITY_LABEL,
  serviceAreaLabel,
  slaText,
  STAGE_SHORT,
  staffText,
} from '../wording';
import {
  actionSet,
  AdaptiveCard,
  adaptiveCard,
  CardAction,
  CardElement,
  choiceSet,
  container,
  execute,
  factSet,
  inputDate,
  inputText,
  showCard,
  textBlock,
  TextColor,
  toggle,
} from './adaptive';
import { contactViewers } from './contactSection';
import { LEARNING_VERBS, learningBody, learningCardData, learningForms, type LearningCardData } from './learningSection';

export const CASE_VERBS = ['refreshCard', 'pickUp', 'assign', 'acknowledge', 'messageResident', 'addNote', 'extend', 'respond', 'escalate', 'convert', 'referToOmbudsman', 'recordAuthorisation', 'copyCouncillor', 'reopen', 'close', ...LEARNING_VERBS] as const;
export type CaseVerb = (typeof CASE_VERBS)[number];
type ActionVerb = Exclude<CaseVerb, 'refreshCard'>;

export interface CardNotice {
  tone: 'good' | 'warning' | 'attention';
  text: string;
}

export interface CaseCardData {
  /** What was learnt, and the learning register's form and buttons (learningSection.ts). */
  learning: LearningCardData;
  reference: string;
  version: number;
  kind: FeedbackKind;
  stage: CaseStage;
  stageLabel: string;
  status: CaseStatus;
  statusLabel: string;
  priority: Priority;
  serviceArea: string | null;
  sla: SlaState | null;
  workingDaysLeft: number | null;
  dueOn: string | null;
  dueKind: 'acknowledge' | 'respond' | null;
  receivedOn: string;
  acknowledgeBy: string | null;
  respondBy: string | null;
  extensionLimit: string | null;
  assignee: StaffRef | null;
  summary: string;
  issueCount: number;
  flags: { safeguarding: boolean; vulnerable: boolean; adjustments: boolean };
  canReachResidentInChat: boolean;
  preferredContact: string;
  closure: ClosureReason | null;
  allowed: Record<ActionVerb, boolean>;
  respondForm: 'complaint' | 'reply';
  closeReasons: ClosureReason[];
  assignable: StaffRef[];
  reviewers: StaffRef[];
  refreshUserIds: string[];
  /** The last staff message: whether the chat took it and, if not, where the letter carrying it stands. */
  lastRelay: { on: string; delivered: boolean; inWriting: string | null; line?: string } | null;
  notice: CardNotice | null;
  /** Where the resident first wrote, when they came over from social media. */
  cameFrom: string | null;
  /** The latest written correspondence, one line each (no addresses: the card shows no contact details). */
  letters: Array<{ line: string; problem: boolean }>;
  /** GOV.UK Notify is set up, so staff messages can go in writing when the chat is gone. */
  writing: boolean;
  /** A housing hazard (Awaab's Law): shown first, with its legal deadlines. */
  hazard: {
    level: HazardLevel;
    title: string;
    atRisk: string | null;
    /** The resident says they reported it before: the deadlines may run from then. */
    reportedBefore: boolean;
    deadlines: Array<[label: string, due: string, duty: string]>;
  } | null;
  /** Where the case's request to the works system (Open311) stands, one line each; a refusal is a problem. */
  works?: Array<{ line: string; problem: boolean }>;
}

export interface CaseCardContext {
  /** Staff with a role: who can be assigned, who reviews, whose cards refresh. */
  staff: Array<{ aadObjectId: string; name: string; roles: string[]; teamsUserId: string | null }>;
  /** The council runs a stage 2 review (policy pack `stages` is 2). */
  hasStage2: boolean;
  lastRelay?: { at: Date; delivered: boolean; inWriting?: string | null; line?: string } | null;
  notice?: CardNotice | null;
  letters?: Array<{ line: string; problem: boolean }>;
  writing?: boolean;
  /** The pack lets a resident ask for a councillor to be kept informed (South Derbyshire). */
  councillorCopies?: boolean;
  /** Stages whose response time (and so the extension limit) counts from the acknowledgement: no extending before it. */
  respondFromAcknowledgement?: { stage1: boolean; stage2: boolean };
  works?: Array<{ line: string; problem: boolean }>;
  /** The London date, for whether a learning action is overdue (default: now). */
  today?: string;
}

/** The card lists this many of the latest letters; the tab and the timeline have them all. */
const LETTERS_SHOWN = 4;

const SUMMARY_CHARS = 200;
/** Teams refreshes a card automatically for at most 60 listed users. */
const MAX_REFRESH_USERS = 60;

function closeReasonsFor(stage: CaseStage, status: CaseStatus): ClosureReason[] {
  const responded = status === 'responded';
  switch (stage) {
    case 'stage1':
    case 'stage2':
      return responded ? ['responded', 'withdrawn', 'duplicate'] : ['withdrawn', 'duplicate'];
    case 'service_request':
      return responded ? ['responded', 'resolved', 'withdrawn', 'duplicate'] : ['resolved', 'withdrawn', 'duplicate'];
    case 'feedback':
      return ['recorded', 'duplicate'];
    case 'ombudsman':
      return ['ombudsman_decided', 'withdrawn'];
    default:
      return [];
  }
}

/**
 * "Facebook, then the website chat" for a case handed over from social media. The resident's
 * handle stays off the card, like their name: the triage channel is seen by more people than the case.
 */
function cameFrom(view: CaseView): string | null {
  if (!view.platform) return null;
  return `${PLATFORM_LABEL[view.platform as Platform] ?? view.platform}, then the website chat`;
}

function hazardOf(view: CaseView): CaseCardData['hazard'] {
  const h = view.hazard;
  if (!h) return null;
  const kinds = h.kinds.map((k) => HAZARD_KIND_LABEL[k]).join(', ');
  return {
    level: h.level,
    title: `${HAZARD_LEVEL_LABEL[h.level]}: ${kinds}`,
    atRisk: h.vulnerability.length ? `At risk: ${h.vulnerability.map((v) => VULNERABILITY_LABEL[v]).join(', ')}` : null,
    reportedBefore: h.reasons.includes('reported_before'),
    deadlines: h.deadlines.map((d) => [HAZARD_STEP_LABEL[d.step], `${d.from === 'investigation' ? 'by ' : ''}${hazardDue(d)}${d.from === 'investigation' ? ' at the latest' : ''}`, d.duty]),
  };
}

export function caseCardData(view: CaseView, ctx: CaseCardContext): CaseCardData {
  const trackKey = view.stage === 'closed' ? null : (view.stage as keyof CaseView['tracks']);
  const track = trackKey ? view.tracks[trackKey] : undefined;
  // At stage 2 nobody involved in the stage 1 decision is offered: the service would refuse them.
  const independent = (id: string) => view.stage !== 'stage2' || !handledStage1(view, id);
  const needsAck = trackKey === 'stage1' || trackKey === 'stage2' ? (ctx.respondFromAcknowledgement?.[trackKey] ?? false) : false;
  const allowedBy = (command: Parameters<typeof isAllowed>[0]) => isAllowed(command, view);
  const staff = ctx.staff.filter((s) => s.roles.length > 0);
  const summary = view.description.length > SUMMARY_CHARS ? `${view.description.slice(0, SUMMARY_CHARS - 1)}…` : view.description;
  // Refreshed by itself only for those whose copy adds the resident's contact details.
  const viewers = contactViewers(view, staff);
  const learning = learningCardData(view, ctx);
  return {
    learning,
    reference: view.reference,
    version: view.version,
    kind: view.kind,
    stage: view.stage,
    stageLabel: view.stageLabel,
    status: view.status,
    statusLabel: view.statusLabel,
    priority: view.priority,
    serviceArea: view.leadServiceArea ?? view.serviceAreas[0] ?? null,
    sla: view.sla,
    workingDaysLeft: view.workingDaysLeft,
    dueOn: view.dueOn,
    dueKind: view.dueKind,
    receivedOn: view.receivedOn,
    acknowledgeBy: track?.acknowledgedOn ? null : (track?.acknowledgeBy ?? null),
    respondBy: track?.respondBy ?? null,
    extensionLimit: track?.extensionLimit ?? null,
    assignee: view.assignee,
    summary: view.anonymisedAt ? 'Personal details removed.' : summary,
    issueCount: view.issues.length,
    flags: { safeguarding: view.safeguarding, vulnerable: view.vulnerable, adjustments: view.adjustments.length > 0 },
    canReachResidentInChat: !!view.conversationReference,
    preferredContact: PREFERRED_CONTACT_LABEL[view.resident.preferredContact] ?? view.resident.preferredContact,
    closure: view.closure?.reason ?? null,
    allowed: {
      pickUp: allowedBy('assign'),
      assign: allowedBy('assign'),
      acknowledge: allowedBy('acknowledge'),
      messageResident: allowedBy('messageResident') && !view.anonymous && !view.anonymisedAt,
      addNote: allowedBy('addNote'),
      extend: allowedBy('extend') && !!track?.respondBy && (!needsAck || !!track?.acknowledgedOn),
      // A stage 2 review is acknowledged before it is answered.
      respond: allowedBy('respond') && (view.stage !== 'stage2' || !!track?.acknowledgedOn),
      // The table also allows it for a case closed at stage 1; the review still needs the stage 1 response.
      escalate: ctx.hasStage2 && allowedBy('escalate') && !!view.tracks.stage1?.respondedOn,
      // A report or comment that turns out to be a complaint about how the council acted.
      convert: allowedBy('convert') && view.stage !== 'closed',
      // Residents go to the ombudsman once the council has answered (or closed) the complaint.
      referToOmbudsman: allowedBy('referToOmbudsman') && !view.anonymisedAt && (view.status === 'responded' || view.stage === 'closed'),
      copyCouncillor: ctx.councillorCopies === true && allowedBy('copyCouncillor') && !view.anonymous && (view.stage === 'stage1' || view.stage === 'stage2'),
      recordAuthorisation: allowedBy('recordAuthorisation') && view.representative?.authorisation === 'pending',
      reopen: allowedBy('reopen') && !view.anonymisedAt,
      close: allowedBy('close'),
      recordLearning: learning.canRecord,
      completeLearningAction: learning.completable.length > 0,
    },
    respondForm: view.stage === 'stage1' || view.stage === 'stage2' ? 'complaint' : 'reply',
    closeReasons: closeReasonsFor(view.stage, view.status),
    assignable: staff.filter((s) => s.roles.some((r) => r !== 'triage') && independent(s.aadObjectId)).map((s) => ({ id: s.aadObjectId, name: s.name })),
    // Escalating happens at stage 1, so "independent" is judged against the stage 1 record directly.
    reviewers: staff.filter((s) => s.roles.includes('reviewer') && !handledStage1(view, s.aadObjectId)).map((s) => ({ id: s.aadObjectId, name: s.name })),
    refreshUserIds: viewers.map((s) => s.teamsUserId).filter((id): id is string => !!id).slice(0, MAX_REFRESH_USERS),
    lastRelay: ctx.lastRelay ? { on: ctx.lastRelay.at.toISOString().slice(0, 10), delivered: ctx.lastRelay.delivered, inWriting: ctx.lastRelay.inWriting ?? null, line: ctx.lastRelay.line } : null,
    notice: ctx.notice ?? null,
    cameFrom: cameFrom(view),
    letters: (ctx.letters ?? []).slice(-LETTERS_SHOWN),
    writing: ctx.writing ?? false,
    hazard: view.closure ? null : hazardOf(view),
    works: ctx.works ?? [],
  };
}

/** The hazard banner: what it is, who is at risk, and each legal deadline (Awaab's Law). */
function hazardBanner(h: NonNullable<CaseCardData['hazard']>): CardElement {
  return container(
    [
      textBlock(h.title, { weight: 'bolder', size: 'medium', color: h.level === 'emergency' ? 'attention' : 'warning' }),
      ...(h.atRisk ? [textBlock(h.atRisk, { weight: 'bolder', spacing: 'none' })] : []),
      factSet(h.deadlines.map(([label, due]) => [label, due])),
      ...(h.reportedBefore
        ? [textBlock('The resident says they reported this before: the deadlines may run from that earlier report. Check it.', { weight: 'bolder', color: 'attention', spacing: 'small' })]
        : []),
      textBlock(
        h.level === 'emergency'
          ? "Awaab's Law: investigate and make safe within 24 hours of the resident's message, or offer somewhere safe to stay."
          : "Awaab's Law: investigate within 10 working days; later steps count from the investigation. If it cannot be made safe in time, offer somewhere safe to stay.",
        { isSubtle: true, spacing: 'small' },
      ),
    ],
    h.level === 'emergency' ? 'attention' : 'warning',
  );
}

const SLA_STYLE: Record<SlaState, 'good' | 'warning' | 'attention'> = { on_track: 'good', due_soon: 'warning', overdue: 'attention' };
const TONE_COLOR: Record<CardNotice['tone'], TextColor> = { good: 'good', warning: 'warning', attention: 'attention' };

/** Where the last staff message stands: only "delivered" once a channel took it. */
function relayText(r: NonNullable<CaseCardData['lastRelay']>): string {
  if (r.delivered) return 'delivered to their chat';
  if (r.inWriting) return `not delivered to their chat, so written instead: ${r.inWriting}`;
  return 'not delivered: contact them another way';
}

function deadlineText(d: CaseCardData): string | null {
  if (!d.dueOn || !d.dueKind) return null;
  return `${d.dueKind === 'acknowledge' ? 'Acknowledge' : 'Respond'} by ${formatDate(d.dueOn)}`;
}

export function caseCard(d: CaseCardData): AdaptiveCard {
  const ids = { reference: d.reference, version: d.version };
  const flags = [d.flags.safeguarding && 'Safeguarding concern flagged', d.flags.vulnerable && 'The resident may be vulnerable', d.flags.adjustments && 'Reasonable adjustments asked for'].filter(
    (f): f is string => !!f,
  );

  const body: CardElement[] = [
    // Staff see a hazard before anything else on the card.
    ...(d.hazard ? [hazardBanner(d.hazard)] : []),
    container(
      [
        textBlock(`${d.reference} · ${KIND_LABEL[d.kind]}`, { weight: 'bolder', size: 'medium' }),
        // A closed case says why ("Closed: responded to"), not "Closed: closed (responded to)".
        textBlock(d.closure ? `${STAGE_SHORT[d.stage]}: ${CLOSURE_LABEL[d.closure].toLowerCase()}` : `${STAGE_SHORT[d.stage]}: ${d.statusLabel}`, { spacing: 'none' }),
      ],
      d.sla ? SLA_STYLE[d.sla] : 'emphasis',
    ),
  ];
  if (d.notice) body.push(textBlock(d.notice.text, { color: TONE_COLOR[d.notice.tone], weight: 'bolder' }));
  body.push(
    factSet([
      ['Deadline', deadlineText(d)],
      ['Time left', d.dueOn ? slaText(d.sla, d.workingDaysLeft) : null],
      ['Priority', PRIORITY_LABEL[d.priority]],
      ['Service area', serviceAreaLabel(d.serviceArea)],
      ['Received', formatDate(d.receivedOn)],
      ['Came from', d.cameFrom],
      ['Respond by', d.respondBy && d.dueKind !== 'respond' ? formatDate(d.respondBy) : null],
      ['Can extend to', d.allowed.extend && d.extensionLimit ? formatDate(d.extensionLimit) : null],
      ['Assigned to', d.assignee?.name ?? 'Nobody yet'],
      // Where it stands (chatDelivery.ts): "Waiting to reach the resident's chat (tried 3 times)", "Sent by email instead".
      ['Last message to resident', d.lastRelay ? (d.lastRelay.line ?? `${formatDate(d.lastRelay.on)}, ${relayText(d.lastRelay)}`) : null],
    ]),
  );
  for (const flag of flags) body.push(textBlock(flag, { color: 'attention', weight: 'bolder', spacing: 'small' }));
  body.push(textBlock(d.summary, { isSubtle: true }));
  if (d.letters.length) {
    body.push(textBlock('Written to the resident', { weight: 'bolder', spacing: 'medium' }));
    for (const l of d.letters) body.push(textBlock(l.line, { spacing: 'none', ...(l.problem ? { color: 'attention' as const } : {}) }));
  }
  body.push(...learningBody(d.learning, ids));

  if (d.works?.length) {
    body.push(textBlock('Works system', { weight: 'bolder', spacing: 'medium' }));
    for (const w of d.works) body.push(textBlock(w.line, { spacing: 'none', ...(w.problem ? { color: 'attention' as const } : {}) }));
  }

  const quick: CardAction[] = [];
  if (d.allowed.pickUp) quick.push(execute(d.assignee ? 'Take over' : 'Pick up', 'pickUp', ids, 'positive'));
  if (d.allowed.acknowledge) quick.push(execute('Acknowledge', 'acknowledge', ids));
  if (d.allowed.recordAuthorisation) quick.push(execute('Written authorisation received', 'recordAuthorisation', ids));
  if (d.allowed.assign && d.assignable.length > 0) {
    quick.push(
      showCard('Assign…', [choiceSet('assignTo', 'Who should handle it', d.assignable.map((s) => ({ title: s.name, value: s.id })), { required: true })], [execute('Assign', 'assign', ids)]),
    );
  }

  const forms: CardAction[] = [];
  if (d.allowed.messageResident) {
    forms.push(
      showCard(
        'Message the resident',
        [
          textBlock(
            d.canReachResidentInChat
              ? 'Sent to the resident\'s chat with the council, and recorded on the case.'
              : d.writing
                ? `Recorded on the case, and sent by ${d.preferredContact} (the resident has no chat with the council open).`
                : `Recorded on the case. The resident has no chat to reply to: contact them by ${d.preferredContact} too.`,
            { isSubtle: true },
          ),
          inputText('messageText', 'Message', { multiline: true, required: true, maxLength: 5000 }),
          toggle('awaitReply', 'Wait for their reply (pauses the case until they answer)'),
        ],
        [execute('Send', 'messageResident', ids, 'positive')],
      ),
    );
  }
  if (d.allowed.addNote) {
    forms.push(showCard('Add a note', [inputText('noteText', 'Note (staff only)', { multiline: true, required: true, maxLength: 10000 })], [execute('Save note', 'addNote', ids)]));
  }
  if (d.allowed.extend) {
    const min = d.respondBy ?? undefined;
    forms.push(
      showCard(
        'Extend',
        [
          textBlock(
            d.extensionLimit
              ? `The policy allows the response to be extended to ${formatDate(d.extensionLimit)} at the latest. The resident must be told why.`
              : 'The resident must be told the new date and why.',
            { isSubtle: true },
          ),
          inputDate('extendUntil', 'New response date', { min, max: d.extensionLimit ?? undefined, required: true }),
          inputText('extendReason', 'Reason for the extension', { multiline: true, required: true, maxLength: 2000 }),
        ],
        [execute('Extend', 'extend', ids)],
      ),
    );
  }
  if (d.allowed.respond) {
    const fields =
      d.respondForm === 'complaint'
        ? [
            choiceSet('decision', 'Decision', Object.entries(DECISION_LABEL).map(([value, title]) => ({ title, value })), { required: true }),
            ...(d.issueCount > 1 ? [textBlock(`The decision and reasons are recorded for each of the ${d.issueCount} points raised.`, { isSubtle: true })] : []),
            inputText('reasons', 'Reasons for the decision', { multiline: true, required: true, maxLength: 10000 }),
            inputText('remedy', 'Remedy: what the council will do to put things right, or why nothing is offered', { multiline: true, required: true, maxLength: 5000 }),
          ]
        : [inputText('summary', 'Summary of the reply', { multiline: true, required: true, maxLength: 10000 })];
    forms.push(showCard('Record the response', fields, [execute('Record response', 'respond', ids, 'positive')]));
  }
  if (d.allowed.escalate) {
    const reviewerField =
      d.reviewers.length > 0
        ? choiceSet('reviewer', 'Reviewer', d.reviewers.map((s) => ({ title: s.name, value: s.id })), { required: true })
        : textBlock(staffText.noReviewers, { isSubtle: true });
    forms.push(
      showCard(
        'Escalate to stage 2',
        [
          textBlock('A stage 2 review looks again at the complaint. It must be done by someone who did not handle stage 1.', { isSubtle: true }),
          reviewerField,
          inputText('escalateReason', 'What the resident is still unhappy about (optional)', { multiline: true, maxLength: 5000 }),
        ],
        [execute('Escalate', 'escalate', ids)],
      ),
    );
  }
  if (d.allowed.convert) {
    forms.push(
      showCard(
        'Make it a complaint',
        [
          textBlock('When the resident is unhappy with how the council acted, not only asking for something to be done. The complaint deadlines start from today.', { isSubtle: true }),
          inputText('convertReason', 'Why (optional)', { multiline: true, maxLength: 5000 }),
        ],
        [execute('Make it a complaint', 'convert', ids)],
      ),
    );
  }
  if (d.allowed.referToOmbudsman) {
    forms.push(
      showCard(
        'Ombudsman',
        [
          textBlock('Record that the resident has taken the complaint to the ombudsman. Its decision is then recorded with a note, and the case closed.', { isSubtle: true }),
          inputText('ombudsmanReference', 'The ombudsman\'s reference (optional)', { maxLength: 100 }),
          inputText('ombudsmanNote', 'Note (optional)', { multiline: true, maxLength: 2000 }),
        ],
        [execute('Record referral', 'referToOmbudsman', ids)],
      ),
    );
  }
  if (d.allowed.copyCouncillor) {
    forms.push(
      showCard(
        'Keep a councillor informed',
        [
          textBlock('Only when the resident has asked in writing. The councillor gets a copy of every letter on this case from now on.', { isSubtle: true }),
          inputText('councillorName', 'Councillor\'s name', { required: true, maxLength: 200 }),
          inputText('councillorEmail', 'Councillor\'s email address', { required: true, maxLength: 254 }),
        ],
        [execute('Copy them in', 'copyCouncillor', ids)],
      ),
    );
  }
  if (d.allowed.reopen) {
    forms.push(
      showCard(
        'Reopen',
        [inputText('reopenReason', 'Why it is being reopened', { multiline: true, required: true, maxLength: 2000 })],
        [execute('Reopen case', 'reopen', ids)],
      ),
    );
  }
  if (d.allowed.close && d.closeReasons.length > 0) {
    forms.push(
      showCard(
        'Close',
        [
          choiceSet('closeReason', 'Reason', d.closeReasons.map((r) => ({ title: CLOSURE_LABEL[r], value: r })), { required: true }),
          inputText('closeNote', 'Note (optional)', { multiline: true, maxLength: 2000 }),
        ],
        [execute('Close case', 'close', ids, 'destructive')],
      ),
    );
  }
  forms.push(...learningForms(d.learning, ids));
  if (quick.length) body.push(actionSet(quick));
  // Teams shows at most 5 actions in one set.
  for (let i = 0; i < forms.length; i += 5) body.push(actionSet(forms.slice(i, i + 5)));

  return adaptiveCard(body, {
    refresh: { action: execute('Refresh', 'refreshCard', { reference: d.reference }), userIds: d.refreshUserIds },
    fallbackText: `${d.reference}: ${KIND_LABEL[d.kind]}, ${d.stageLabel}, ${d.statusLabel}`,
  });
}
