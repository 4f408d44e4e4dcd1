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
import { handledStage1 } from '../../cases/independence';
import { closeReasonsFor, type PolicyFacts } from '../../cases/preconditions';
import { offered, STAFF_VERBS, type StaffVerb } from '../../staffActions/registry';
import type { FeedbackKind } from '../../../models/vocabulary';
import type { HazardLevel } from '../../../models/hazardVocabulary';
import { HAZARD_KIND_LABEL, HAZARD_LEVEL_LABEL, HAZARD_STEP_LABEL, VULNERABILITY_LABEL, hazardDue } from '../../hazards/wording';
import { PLATFORM_LABEL, type Platform } from '../../handoff/channels';
import {
  CLOSURE_LABEL,
  dangerQuestion,
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
import { actionSet, AdaptiveCard, adaptiveCard, CardAction, CardElement, container, execute, factSet, textBlock, TextColor } from './adaptive';
import { actionButton, actionForm } from './actionInputs';
import { learningBody, learningCardData, learningForms, type LearningCardData } from './learningSection';
import { contactViewers } from './contactSection';

// The buttons and forms are the staff-action registry's (services/staffActions/registry.ts): what each asks for and when it is offered.
type ActionVerb = Exclude<StaffVerb, 'refreshCard'>;
const ACTION_VERBS = STAFF_VERBS.filter((v): v is ActionVerb => v !== 'refreshCard');

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
  /** The danger question, when the resident was asked it: one line, marked when they said yes. */
  danger: { text: string; attention: boolean } | null;
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
  /** What the resident sent, counted ("2 photos, 1 document"): never file names, as the whole triage channel sees the card. */
  evidence: string | null;
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

/** The policy facts (a stage 2, councillor copies, when the response time counts from) are the case rules' own: policyFacts. */
export interface CaseCardContext extends PolicyFacts {
  /** Staff with a role: who can be assigned, who reviews, whose cards refresh. */
  staff: Array<{ aadObjectId: string; name: string; roles: string[]; teamsUserId: string | null }>;
  lastRelay?: { at: Date; delivered: boolean; inWriting?: string | null; line?: string } | null;
  notice?: CardNotice | null;
  letters?: Array<{ line: string; problem: boolean }>;
  writing?: boolean;
  works?: Array<{ line: string; problem: boolean }>;
  /** The London date, for whether a learning action is overdue (default: now). */
  today?: string;
}

/** The card lists this many of the latest letters; the tab and the timeline have them all. */
const LETTERS_SHOWN = 4;

const SUMMARY_CHARS = 200;
/** Teams refreshes a card automatically for at most 60 listed users. */
const MAX_REFRESH_USERS = 60;

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
    danger: dangerQuestion(view.dangerAnswer),
    canReachResidentInChat: !!view.conversationReference,
    preferredContact: PREFERRED_CONTACT_LABEL[view.resident.preferredContact] ?? view.resident.preferredContact,
    closure: view.closure?.reason ?? null,
    // Each action's case command decides, through its rules in services/cases (transitions.ts, preconditions.ts).
    allowed: {
      ...(Object.fromEntries(ACTION_VERBS.map((v) => [v, offered(v, view, ctx)])) as Record<ActionVerb, boolean>),
      recordLearning: learning.canRecord,
      completeLearningAction: learning.completable.length > 0,
    },
    respondForm: view.stage === 'stage1' || view.stage === 'stage2' ? 'complaint' : 'reply',
    closeReasons: closeReasonsFor(view),
    assignable: staff.filter((s) => s.roles.some((r) => r !== 'triage') && independent(s.aadObjectId)).map((s) => ({ id: s.aadObjectId, name: s.name })),
    // Escalating happens at stage 1, so "independent" is judged against the stage 1 record directly.
    reviewers: staff.filter((s) => s.roles.includes('reviewer') && !handledStage1(view, s.aadObjectId)).map((s) => ({ id: s.aadObjectId, name: s.name })),
    refreshUserIds: viewers.map((s) => s.teamsUserId).filter((id): id is string => !!id).slice(0, MAX_REFRESH_USERS),
    lastRelay: ctx.lastRelay ? { on: ctx.lastRelay.at.toISOString().slice(0, 10), delivered: ctx.lastRelay.delivered, inWriting: ctx.lastRelay.inWriting ?? null, line: ctx.lastRelay.line } : null,
    notice: ctx.notice ?? null,
    cameFrom: cameFrom(view),
    evidence: evidenceLine(view.evidence),
    letters: (ctx.letters ?? []).slice(-LETTERS_SHOWN),
    writing: ctx.writing ?? false,
    hazard: view.closure ? null : hazardOf(view),
    works: ctx.works ?? [],
  };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Counts only; the files themselves are in the tab, for the staff who handle cases. */
function evidenceLine(files: ReadonlyArray<{ contentType: string; purpose?: 'evidence' | 'authorisation' }>): string | null {
  if (!files.length) return null;
  const agreements = files.filter((f) => f.purpose === 'authorisation').length;
  const rest = files.filter((f) => f.purpose !== 'authorisation');
  const photos = rest.filter((f) => f.contentType.startsWith('image/')).length;
  const documents = rest.length - photos;
  const parts = [photos ? plural(photos, 'photo') : '', documents ? plural(documents, 'document') : '', agreements ? (agreements === 1 ? 'written agreement received' : `${agreements} written agreements received`) : ''].filter(Boolean);
  return `${parts.join(', ')} (see them in the tab)`;
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
      ['Evidence', d.evidence],
      ['Respond by', d.respondBy && d.dueKind !== 'respond' ? formatDate(d.respondBy) : null],
      ['Can extend to', d.allowed.extend && d.extensionLimit ? formatDate(d.extensionLimit) : null],
      ['Assigned to', d.assignee?.name ?? 'Nobody yet'],
      // Where it stands (chatDelivery.ts): "Waiting to reach the resident's chat (tried 3 times)", "Sent by email instead".
      ['Last message to resident', d.lastRelay ? (d.lastRelay.line ?? `${formatDate(d.lastRelay.on)}, ${relayText(d.lastRelay)}`) : null],
    ]),
  );
  for (const flag of flags) body.push(textBlock(flag, { color: 'attention', weight: 'bolder', spacing: 'small' }));
  // A yes is marked like the flags above it; a no or other answer is only a fact.
  if (d.danger) body.push(textBlock(d.danger.text, d.danger.attention ? { color: 'attention', weight: 'bolder', spacing: 'small' } : { spacing: 'small' }));
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
  if (d.allowed.pickUp) quick.push(actionButton('pickUp', ids, d.assignee ? 'Take over' : undefined));
  if (d.allowed.acknowledge) quick.push(actionButton('acknowledge', ids));
  if (d.allowed.recordAuthorisation) quick.push(actionButton('recordAuthorisation', ids));
  if (d.allowed.assign && d.assignable.length > 0) {
    quick.push(actionForm('assign', ids, [], { choices: { assignTo: d.assignable.map((s) => ({ title: s.name, value: s.id })) } }));
  }

  const forms: CardAction[] = [];
  if (d.allowed.messageResident) {
    forms.push(
      actionForm('messageResident', ids, [
        textBlock(
          d.canReachResidentInChat
            ? 'Sent to the resident\'s chat with the council, and recorded on the case.'
            : d.writing
              ? `Recorded on the case, and sent by ${d.preferredContact} (the resident has no chat with the council open).`
              : `Recorded on the case. The resident has no chat to reply to: contact them by ${d.preferredContact} too.`,
          { isSubtle: true },
        ),
      ]),
    );
  }
  if (d.allowed.addNote) forms.push(actionForm('addNote', ids));
  if (d.allowed.extend) {
    forms.push(
      actionForm(
        'extend',
        ids,
        [
          textBlock(
            d.extensionLimit
              ? `The policy allows the response to be extended to ${formatDate(d.extensionLimit)} at the latest. The resident is sent a notice with the new date, the reason you give here (written for them to read) and the ombudsman's details.`
              : "The resident is sent a notice with the new date, the reason you give here (written for them to read) and the ombudsman's details.",
            { isSubtle: true },
          ),
        ],
        { dates: { extendUntil: { min: d.respondBy ?? undefined, max: d.extensionLimit ?? undefined } } },
      ),
    );
  }
  if (d.allowed.respond) {
    const decisions = { decision: Object.entries(DECISION_LABEL).map(([value, title]) => ({ title, value })) };
    forms.push(
      d.respondForm === 'complaint'
        ? actionForm('respond', ids, [], {
            only: ['decision', 'reasons', 'remedy'],
            choices: decisions,
            after: d.issueCount > 1 ? { decision: [textBlock(`The decision and reasons are recorded for each of the ${d.issueCount} points raised.`, { isSubtle: true })] } : {},
          })
        : actionForm('respond', ids, [], { only: ['summary'] }),
    );
  }
  if (d.allowed.escalate) {
    forms.push(
      actionForm(
        'escalate',
        ids,
        [
          textBlock('A stage 2 review looks again at the complaint. It must be done by someone who did not handle stage 1.', { isSubtle: true }),
          ...(d.reviewers.length > 0 ? [] : [textBlock(staffText.noReviewers, { isSubtle: true })]),
        ],
        { choices: { reviewer: d.reviewers.map((s) => ({ title: s.name, value: s.id })) } },
      ),
    );
  }
  if (d.allowed.convert) {
    forms.push(
      actionForm('convert', ids, [
        textBlock('When the resident is unhappy with how the council acted, not only asking for something to be done. The complaint deadlines start from today.', { isSubtle: true }),
      ]),
    );
  }
  if (d.allowed.referToOmbudsman) {
    forms.push(
      actionForm('referToOmbudsman', ids, [
        textBlock('Record that the resident has taken the complaint to the ombudsman. Its decision is then recorded with a note, and the case closed.', { isSubtle: true }),
      ]),
    );
  }
  if (d.allowed.copyCouncillor) {
    forms.push(
      actionForm('copyCouncillor', ids, [
        textBlock('Only when the resident has asked in writing. The councillor gets a copy of every letter on this case from now on.', { isSubtle: true }),
      ]),
    );
  }
  if (d.allowed.reopen) forms.push(actionForm('reopen', ids));
  if (d.allowed.close && d.closeReasons.length > 0) {
    forms.push(actionForm('close', ids, [], { choices: { closeReason: d.closeReasons.map((r) => ({ title: CLOSURE_LABEL[r], value: r })) } }));
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
