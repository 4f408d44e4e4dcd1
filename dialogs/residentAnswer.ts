/**
 * Answers a resident's question back about the process (services/intake/residentQuestion.ts) from
 * what the bot knows: the pack's timescales for the kind, what happens next, why contact details are
 * asked and who sees them, anonymity as the pack allows, where photos go. Nothing is promised that
 * the pack or the intake's own steps do not say.
 */
import type { FeedbackKind } from '../models/vocabulary';
import type { ResidentQuestion } from '../services/intake/residentQuestion';
import type { PolicyPack } from '../services/policy/packSchema';
import { en, KIND_NOUN } from '../locale/en-GB';

/** Where the intake is: `before`, `at` or `after` the evidence and contact questions. */
type Position = 'before' | 'at' | 'after';

export interface QuestionContext {
  /** The kind chosen, or suggested while triage is still asking; undefined before either. */
  kind?: FeedbackKind;
  evidence: Position;
  contact: Position;
  /** In the summary, or changing something from it. */
  atSummary: boolean;
  forSomeoneElse?: boolean;
  /** They chose to stay anonymous. */
  anonymous?: boolean;
  /** A comment that wants a reply. */
  replyWanted?: boolean;
  adjustments: Position;
}

export interface AnswerDeps {
  pack: PolicyPack;
  privacyNoticeUrl?: string | null;
  maxEvidenceFiles: number;
}

const a = en.asks;

function complaintTimes(pack: PolicyPack): string {
  const { acknowledge, respond } = pack.timescales.stage1;
  return a.complaintTimes(a.period(acknowledge.days, acknowledge.unit), a.period(respond.days, respond.unit), respond.from === 'acknowledgement');
}

function commentTimes(pack: PolicyPack): string {
  const reply = pack.timescales.commentReply;
  return a.commentTimes(reply ? a.period(reply.days, reply.unit) : null, !!reply?.onlyIfAsked);
}

function timescale(kind: FeedbackKind | undefined, pack: PolicyPack): string {
  switch (kind) {
    case 'complaint':
      return `${complaintTimes(pack)} ${a.datesWhenSent}`;
    case 'service_request':
      return a.reportTimes;
    case 'comment':
      return commentTimes(pack);
    case 'compliment':
      return a.complimentTimes;
    default:
      // Not settled yet: both of the kinds that have a wait.
      return `${complaintTimes(pack)} ${a.reportTimes}`;
  }
}

/** Thanks, or a comment wanting no reply: contact details are optional (as dialogs/contactDialog.ts asks). */
function contactOptional(ctx: QuestionContext): boolean {
  return ctx.kind === 'compliment' || (ctx.kind === 'comment' && !ctx.replyWanted);
}

/** Photos are asked for only with a report or a complaint (dialogs/intakeDialog.ts). */
function evidence(ctx: QuestionContext, deps: AnswerDeps): string {
  if (ctx.kind === 'comment' || ctx.kind === 'compliment') return a.evidenceNotTaken;
  if (ctx.evidence === 'at') return a.evidenceNow(deps.maxEvidenceFiles);
  if (ctx.evidence === 'after') return a.evidenceLater;
  return ctx.kind ? a.evidenceSoon : a.evidenceSoonIfReport;
}

function anonymity(ctx: QuestionContext, pack: PolicyPack): string {
  if (contactOptional(ctx)) return a.anonymousOptional;
  const { handling, whatHappens } = pack.anonymous;
  const said = ctx.forSomeoneElse ? a.anonymousForSomeoneElse(whatHappens) : handling === 'not_stated' ? a.anonymousNotOffered(whatHappens) : a.anonymousOffered(whatHappens);
  return ctx.contact === 'after' ? `${said} ${a.anonymousChange}` : said;
}

export function answerResidentQuestion(question: ResidentQuestion, ctx: QuestionContext, deps: AnswerDeps): string {
  const { pack } = deps;
  const privacy = a.privacy(deps.privacyNoticeUrl ?? pack.privacyNotice.url);
  switch (question) {
    case 'timescale':
      return timescale(ctx.kind, pack);
    case 'reply': {
      if (ctx.anonymous) return a.replyAnonymous;
      if (contactOptional(ctx)) return ctx.kind === 'comment' ? `${a.noReplyNeeded} ${commentTimes(pack)}` : a.noReplyNeeded;
      const asksSupport = ctx.kind === 'complaint' || ctx.kind === 'service_request';
      const phone = !asksSupport || ctx.adjustments === 'after' ? '' : ` ${ctx.adjustments === 'at' ? a.phoneInsteadNow : a.phoneInstead}`;
      const when = ctx.kind === 'complaint' ? complaintTimes(pack) : timescale(ctx.kind, pack);
      return `${a.reply} ${when}${phone}`;
    }
    case 'next':
      const before = ctx.atSummary ? a.nextFromSummary : ctx.contact === 'after' ? a.nextSummarySoon : a.next;
      return `${before} ${a.nextAfterSending(pack.timescales.stage1.handledBy ?? null)[ctx.kind ?? 'unknown']}`;
    case 'whyContact': {
      const anon = pack.anonymous.handling !== 'not_stated' && !ctx.forSomeoneElse ? ` ${a.anonymousChoice}` : '';
      return contactOptional(ctx) ? `${a.anonymousOptional} ${privacy}` : `${a.whyContact}${anon} ${privacy}`;
    }
    case 'privacy':
      return `${a.whoSees} ${privacy}`;
    case 'anonymous':
      return anonymity(ctx, pack);
    case 'evidence':
      return evidence(ctx, deps);
    case 'kind': {
      if (!ctx.kind) {
        const said = (k: FeedbackKind) => pack.feedbackKinds.find((d) => d.kind === k)?.definition;
        const complaint = said('complaint');
        const report = said('service_request');
        return complaint && report ? a.kinds(complaint, report) : en.triage.difference;
      }
      const definition = pack.feedbackKinds.find((k) => k.kind === ctx.kind)?.definition ?? null;
      return a.kindIs(KIND_NOUN[ctx.kind], definition);
    }
  }
}
