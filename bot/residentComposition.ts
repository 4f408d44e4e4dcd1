/** Builds the resident bot and everything its dialogs need, from the database connection and config. */
import type { ConversationState, UserState } from 'botbuilder';
import type { Connection } from 'mongoose';
import type { CaseDraft, OpenedCase } from '../models/caseDraft';
import { IntakeDialog } from '../dialogs/intakeDialog';
import type { CaseEscalation, CaseFollowUp, CaseOpener, HandoffGateway, IntakeDeps, ReviewCheck, SignpostRecorder } from '../dialogs/intakeDeps';
import type { CaseService } from '../services/cases';
import { ombudsmanFor } from '../services/policy/routing';
import { EscalationDialog, sameContact } from '../dialogs/escalationDialog';
import { Open311ComplaintDialog } from '../dialogs/open311ComplaintDialog';
import { DraftStore, IntakeDraft } from '../dialogs/intakeDraft';
import { EvidenceLimits, EvidenceStore, DEFAULT_LIMITS } from '../services/evidence/evidenceStore';
import { ChatSurvey, type ChatSurveyGateway } from '../dialogs/surveyDialog';
import { FREE_TEXT_MAX } from '../dialogs/prompts';
import { ResidentBot } from './residentBot';

/** What the dialogs take as given; the rest of IntakeDeps is built here. */
export interface ResidentBotParts
  extends Pick<IntakeDeps, 'pack' | 'classifier' | 'cases' | 'followUp' | 'escalation' | 'notifier' | 'handoffs' | 'onBackgroundError' | 'privacyNoticeUrl' | 'works'>,
    Partial<Pick<IntakeDeps, 'clock' | 'maxEvidenceFiles'>> {
  connection: Connection;
  conversationState: ConversationState;
  userState: UserState;
  evidenceLimits?: EvidenceLimits;
  /** Origins the bot serves attachments from itself (its own Direct Line), known once it listens. */
  trustedAttachmentOrigins?: () => string[];
  maxMessageChars?: number;
  resumeAfterMs?: number;
  /** The whole turn's time budget (bot/turnBudget.ts); 10 s when absent. */
  turnBudgetMs?: number;
  /** Hears when a turn given up for time settles (tests); by default its failure goes to onBackgroundError. */
  onAbandonedSettled?: (err?: unknown) => void;
  /** The satisfaction survey, to ask it in the chat when a case closes. */
  survey?: ChatSurveyGateway;
  /** Where signpostings are counted for the annual report (services/signposting). */
  signposts?: SignpostRecorder & { caseOpened(intake: string): Promise<void> };
}

interface FollowUpService {
  getByReference(reference: string): Promise<ContactsOnCase | null>;
  addResidentMessage(input: { reference: string; commandId: string; actor: { id: string; name: string; role: 'resident' }; text: string }): Promise<unknown>;
}

type Contact = { email?: string | null; phone?: string | null } | null | undefined;
interface ContactsOnCase {
  stage: string;
  anonymisedAt?: Date | string | null;
  resident: NonNullable<Contact>;
  representative?: Contact;
}

/** Is `answer` the email or phone on the case? Never for a case without one, or with its details removed. */
async function contactMatches(service: FollowUpService, reference: string, answer: string): Promise<boolean> {
  const view = await service.getByReference(reference);
  if (!view || view.anonymisedAt) return false;
  const known = [view.resident.email, view.resident.phone, view.representative?.email, view.representative?.phone];
  return known.some((k) => !!k && sameContact(k, answer));
}

/** Adds a resident's message to a case they quote or opened in this conversation. */
export function caseFollowUpFrom(service: FollowUpService): CaseFollowUp {
  return {
    async addResidentMessage(reference, text, commandId) {
      const found = await service.getByReference(reference);
      if (!found) return 'not_found';
      if (found.stage === 'closed') return 'closed';
      await service.addResidentMessage({ reference, commandId, actor: { id: 'resident', name: 'Resident', role: 'resident' }, text: text.slice(0, 10000) });
      return 'added';
    },
    verify: (reference, answer) => contactMatches(service, reference, answer),
  };
}

const RESIDENT = { id: 'resident', name: 'Resident', role: 'resident' } as const;

/** A resident's own request for a stage 2 review, on the case service (the escalate command, as the resident). */
export function caseEscalationFrom(service: CaseService): CaseEscalation {
  const { pack } = service.rules;
  return {
    async check(reference): Promise<ReviewCheck> {
      const view = await service.getByReference(reference);
      if (!view) return { kind: 'not_found' };
      const from = view.stage === 'closed' ? view.closedFromStage : view.stage;
      if (from === 'stage2' || from === 'ombudsman') return { kind: 'already', stage: from };
      const s1 = view.tracks.stage1;
      if (from !== 'stage1' || !s1?.respondedOn) return { kind: 'not_yet' };
      if (pack.stages === 1) {
        const body = ombudsmanFor(pack, view.leadServiceArea ?? 'other').body;
        return { kind: 'final', ombudsman: { name: body.name, url: body.url, phone: body.phone } };
      }
      if (s1.escalateBy && service.today() > s1.escalateBy) return { kind: 'late', requestBy: s1.escalateBy };
      return { kind: 'open', requestBy: s1.escalateBy };
    },
    verify: (reference, answer) => contactMatches(service, reference, answer),
    async request(reference, text, commandId) {
      const r = await service.escalate({ reference, commandId, actor: RESIDENT, ...(text.trim() ? { reason: text.trim().slice(0, 5000) } : {}) });
      return { acknowledgeBy: r.acknowledgeBy, respondBy: r.respondBy, respondFromAcknowledgement: pack.timescales.stage2?.respond.from === 'acknowledgement' };
    },
    async askLate(reference, text, commandId) {
      await service.addResidentMessage({ reference, commandId, actor: RESIDENT, text: text.slice(0, 10000) });
    },
  };
}

/** The case service as the conversation needs it: open a case once per intake, however often retried. */
export function caseOpenerFrom(service: { open(draft: CaseDraft, command: { commandId: string }): Promise<OpenedCase> }): CaseOpener {
  return { open: (draft, commandId) => service.open(draft, { commandId }) };
}

/** The handoff service as the conversation needs it. */
export function handoffGatewayFrom(service: { ttlMs: number; create: HandoffGateway['create']; redeem: HandoffGateway['redeem'] }): HandoffGateway {
  return { linkHours: Math.round(service.ttlMs / 3_600_000), create: (input) => service.create(input), redeem: (token, conversationId) => service.redeem(token, conversationId) };
}

/** A case opened from an intake that signposted something: its signpostings are marked (the intake opens its case with its draft's id as the command id). */
function markingSignposts(cases: CaseOpener, signposts: ResidentBotParts['signposts'], onError: IntakeDeps['onBackgroundError']): CaseOpener {
  if (!signposts) return cases;
  return {
    async open(draft, commandId) {
      const opened = await cases.open(draft, commandId);
      if (draft.signposted?.length) await signposts.caseOpened(commandId).catch((err) => onError?.('marking signpostings as followed by a case', err));
      return opened;
    },
  };
}

export function createResidentBot(parts: ResidentBotParts): { bot: ResidentBot; deps: IntakeDeps; survey: ChatSurvey | undefined } {
  const deps: IntakeDeps = {
    pack: parts.pack,
    classifier: parts.classifier,
    cases: markingSignposts(parts.cases, parts.signposts, parts.onBackgroundError),
    signposts: parts.signposts,
    followUp: parts.followUp,
    escalation: parts.escalation,
    notifier: parts.notifier,
    handoffs: parts.handoffs,
    onBackgroundError: parts.onBackgroundError,
    evidence: new EvidenceStore(parts.connection, parts.evidenceLimits ?? DEFAULT_LIMITS, parts.trustedAttachmentOrigins ?? (() => [])),
    drafts: new DraftStore(parts.conversationState.createProperty<IntakeDraft | undefined>('intakeDraft')),
    clock: parts.clock ?? (() => new Date()),
    privacyNoticeUrl: parts.privacyNoticeUrl ?? parts.pack.privacyNotice.url,
    maxEvidenceFiles: parts.maxEvidenceFiles ?? 10,
    works: parts.works,
  };
  const { escalation, works, followUp } = deps;
  const survey = parts.survey ? new ChatSurvey(parts.conversationState, parts.survey) : undefined;
  const bot = new ResidentBot(parts.conversationState, parts.userState, {
    survey,
    intake: new IntakeDialog(deps),
    ...(escalation ? { escalation: new EscalationDialog({ ...deps, escalation }) } : {}),
    ...(works && followUp ? { worksComplaint: new Open311ComplaintDialog({ ...deps, works, followUp }) } : {}),
    deps,
    resumeAfterMs: parts.resumeAfterMs ?? 30 * 60_000,
    maxMessageChars: parts.maxMessageChars ?? FREE_TEXT_MAX,
    turnBudgetMs: parts.turnBudgetMs,
    onAbandonedSettled: parts.onAbandonedSettled ?? ((err) => err !== undefined && parts.onBackgroundError?.('a turn given up for time', err)),
  });
  return { bot, deps, survey };
}
