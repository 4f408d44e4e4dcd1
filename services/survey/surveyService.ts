/**
 * The satisfaction survey: when a case first closes with an answer (responded to or resolved),
 * the resident is asked four questions. In their chat with the council when it can be reached
 * (a proactive turn through the adapter, as staff messages go, that starts the chat survey in
 * dialogs/surveyDialog.ts: the questions one by one, with the link as another way); otherwise the closing letter
 * carries the link (correspondenceService asks `letterLink`). Either way the link is signed and
 * expires (surveyLinks.ts), the page says how to take the matter further and which ombudsman to
 * go to, and a case is answered once (the response's _id is its reference).
 *
 * Not asked: anonymous cases (nobody to ask), cases whose personal details were removed, and
 * cases closed as withdrawn, duplicate, recorded feedback or after the ombudsman's decision.
 */
import type { Connection } from 'mongoose';
import pino, { type Logger } from 'pino';
import { nextStepLines, survey as words, type SurveyNextSteps } from '../../locale/survey.en-GB';
import type { CaseRecord } from '../../models/caseRecord';
import { SurveyInvitationDoc, surveyInvitationModel, SurveyResponseDoc, surveyResponseModel, type SurveyAnswer, type SurveyAnswersInput } from '../../models/surveyResponse';
import type { TimelineEventDoc } from '../../models/timelineEvent';
import type { CaseStore } from '../cases/caseStore';
import { financialQuarter } from '../cases/financialQuarter';
import type { PolicyPack } from '../policy/packSchema';
import { ombudsmanFor } from '../policy/routing';
import { londonDate } from '../workingDays/londonTime';
import { SurveyLinks } from './surveyLinks';

/** What the chat survey needs to start: the case, the link as another way to answer, and how to take it further. */
export interface ChatSurveyStart {
  reference: string;
  councilName: string;
  url: string;
  nextSteps: string[];
}

/** Starts the survey in the resident's stored conversation (a proactive turn); throws when it did not arrive. */
export type ChatSurveyAsker = (conversationReference: Record<string, unknown>, start: ChatSurveyStart) => Promise<void>;

/** Answers given in the chat: each question may be skipped (null). */
export interface ChatAnswers {
  handling: SurveyAnswer | null;
  outcome: SurveyAnswer | null;
  easyToComplain: SurveyAnswer | null;
  comment: string | null;
}

export type SurveyRefusal = 'invalid' | 'expired' | 'not_offered' | 'already_answered';
export class SurveyRefused extends Error {
  constructor(
    readonly reason: SurveyRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface SurveyView {
  reference: string;
  councilName: string;
  nextSteps: string[];
}

const ASKED_AFTER = new Set(['responded', 'resolved']);

export function surveyOffered(record: Pick<CaseRecord, 'anonymous' | 'anonymisedAt' | 'closure'>): boolean {
  return !record.anonymous && !record.anonymisedAt && !!record.closure && ASKED_AFTER.has(record.closure.reason);
}

function contactOf(pack: PolicyPack): string {
  const c = pack.contacts;
  const ways = [c.phone && `phone ${c.phone}`, c.email && `email ${c.email}`, c.webFormUrl && `use ${c.webFormUrl}`].filter(Boolean);
  const team = /^(the|our|your)\b/i.test(c.team) ? c.team : `the ${c.team}`;
  return ways.length ? `contact ${team}: ${ways.join(', or ')}` : `contact ${team}`;
}

/** How to take it further, decided as the closing letter decides it: a review still open, a complaint, and the ombudsman for the case's area. */
export function nextStepsFor(record: CaseRecord, pack: PolicyPack): SurveyNextSteps {
  const s1 = record.tracks.stage1;
  const from = record.closedFromStage;
  const reviewOpen = from === 'stage1' && pack.stages === 2 && s1?.outcome?.escalation.to === 'stage2' && record.closure?.reason === 'responded';
  const route = ombudsmanFor(pack, record.leadServiceArea ?? 'other');
  return {
    councilName: pack.councilName,
    contact: contactOf(pack),
    stage2: reviewOpen && s1?.outcome?.escalation.to === 'stage2' ? { requestBy: s1.outcome.escalation.requestBy ?? null } : null,
    canComplain: from === 'service_request' || from === 'feedback',
    ombudsman: { name: route.body.name, phone: route.body.phone, url: route.body.url, when: route.when.rule },
  };
}

export interface SurveyServiceOptions {
  connection: Connection;
  cases: CaseStore;
  pack: PolicyPack;
  links: SurveyLinks;
  /** The bot's public address, for the link. */
  baseUrl: () => string;
  linkDays: number;
  /** Null when there is no way to reach a chat (tests of the letter path). */
  askInChat: ChatSurveyAsker | null;
  clock?: () => Date;
  logger?: Logger;
}

export class SurveyService {
  private readonly clock: () => Date;
  private readonly logger: Logger;

  constructor(private readonly opts: SurveyServiceOptions) {
    this.clock = opts.clock ?? (() => new Date());
    this.logger = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'survey' });
  }

  private get invitations() {
    return surveyInvitationModel(this.opts.connection);
  }
  private get responses() {
    return surveyResponseModel(this.opts.connection);
  }

  urlFor(reference: string, from: Date = this.clock()): string {
    const token = this.opts.links.sign(reference, new Date(from.getTime() + this.opts.linkDays * 86_400_000));
    return `${this.opts.baseUrl()}/survey?t=${token}`;
  }

  /**
   * For CaseService.onEvent, registered before written correspondence so the closing letter knows
   * whether the chat took the survey. Asks once per case: a case reopened and closed again is not asked again.
   */
  readonly onCaseEvent = async (event: TimelineEventDoc, after: CaseRecord): Promise<void> => {
    // Removing a case's personal details (retention, an erasure request) removes the resident's own words too.
    if (event.command === 'anonymise') {
      await this.responses.collection.updateOne({ _id: after._id as never }, { $set: { comment: null } });
      return;
    }
    if (event.command !== 'close' || !surveyOffered(after)) return;
    const today = londonDate(this.clock());
    const invitation = SurveyInvitationDoc.parse({ _id: after._id, council: after.council, invitedOn: today, fq: financialQuarter(today), financialYear: financialQuarter(today).slice(0, 7), via: 'letter' });
    try {
      await this.invitations.collection.insertOne(invitation as never);
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return; // asked when it first closed
      throw err;
    }
    const conversation = after.conversationReference ? (JSON.parse(after.conversationReference) as Record<string, unknown>) : null;
    if (!conversation || !this.opts.askInChat) return;
    const start: ChatSurveyStart = { councilName: this.opts.pack.councilName, reference: after._id, url: this.urlFor(after._id), nextSteps: nextStepLines(nextStepsFor(after, this.opts.pack)) };
    try {
      await this.opts.askInChat(conversation, start);
      await this.invitations.collection.updateOne({ _id: after._id as never }, { $set: { via: 'chat' } });
      this.logger.info({ reference: after._id }, 'survey: asked in the resident\'s chat');
    } catch (err) {
      this.logger.info({ reference: after._id, err: (err as Error).message.split('\n')[0] }, 'survey: the chat could not be reached; the closing letter carries the link');
    }
  };

  /** For the closing letter: the link, unless the chat already took it (or no survey is offered). */
  readonly letterLink = async (record: CaseRecord): Promise<string | null> => {
    if (!surveyOffered(record)) return null;
    const invitation = await this.invitations.findById(record._id).lean<SurveyInvitationDoc>().exec();
    return invitation && invitation.via === 'letter' ? this.urlFor(record._id) : null;
  };

  private async caseFor(token: unknown): Promise<CaseRecord> {
    const check = this.opts.links.verify(token, this.clock());
    if (!check.ok) throw new SurveyRefused(check.reason, check.reason === 'expired' ? words.expired : words.invalid);
    const record = await this.opts.cases.load(check.reference);
    if (!record || record.council !== this.opts.pack.id) throw new SurveyRefused('invalid', words.invalid);
    if (!surveyOffered(record)) throw new SurveyRefused('not_offered', words.notOffered);
    return record;
  }

  /** What the page shows before the questions. */
  async view(token: unknown): Promise<SurveyView> {
    const record = await this.caseFor(token);
    if (await this.responses.exists({ _id: record._id })) throw new SurveyRefused('already_answered', words.alreadyAnswered(record._id));
    return { reference: record._id, councilName: this.opts.pack.councilName, nextSteps: nextStepLines(nextStepsFor(record, this.opts.pack)) };
  }

  /** Keeps the answers once; a second attempt is refused with a clear message. */
  async answer(input: SurveyAnswersInput): Promise<SurveyView & { message: string }> {
    const record = await this.caseFor(input.token);
    if (!(await this.store(record, { handling: input.handling, outcome: input.outcome, easyToComplain: input.easyToComplain, comment: input.comment ?? null }))) {
      throw new SurveyRefused('already_answered', words.alreadyAnswered(record._id));
    }
    this.logger.info({ reference: record._id }, 'survey: answered');
    return { reference: record._id, councilName: this.opts.pack.councilName, nextSteps: nextStepLines(nextStepsFor(record, this.opts.pack)), message: words.thanks };
  }

  /** True once the case's survey has been answered, in the chat or on the page. */
  async answered(reference: string): Promise<boolean> {
    return !!(await this.responses.exists({ _id: reference }));
  }

  /** Answers given in the resident's chat (dialogs/surveyDialog.ts): the same store and once-only rule as the page. */
  async answerInChat(reference: string, answers: ChatAnswers): Promise<'saved' | 'already_answered' | 'not_offered'> {
    const record = await this.opts.cases.load(reference);
    if (!record || record.council !== this.opts.pack.id || !surveyOffered(record)) return 'not_offered';
    if (!(await this.store(record, answers))) return 'already_answered';
    this.logger.info({ reference }, 'survey: answered in the chat');
    return 'saved';
  }

  /** False when the case was already answered (the response's _id is its reference). */
  private async store(record: CaseRecord, answers: ChatAnswers): Promise<boolean> {
    const today = londonDate(this.clock());
    const fq = financialQuarter(today);
    const doc = SurveyResponseDoc.parse({
      _id: record._id,
      council: record.council,
      serviceArea: record.leadServiceArea ?? record.serviceAreas[0] ?? 'other',
      kind: record.kind,
      answeredOn: today,
      fq,
      financialYear: fq.slice(0, 7),
      ...answers,
    });
    try {
      await this.responses.collection.insertOne(doc as never);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }
}
