/**
 * Which message a case event calls for, and its words: pure functions of the case after the
 * event, the event itself and the council's pack. The Codes and the packs promise written
 * contact at these points; other events (notes, assignment) write nothing.
 */
import type { CaseRecord, ClosureReason, EscalationRoute, Outcome } from '../../models/caseRecord';
import type { LetterKind } from '../../models/correspondence';
import type { TimelineEventDoc } from '../../models/timelineEvent';
import type { PolicyPack } from '../policy/packSchema';
import { ombudsmanFor } from '../policy/routing';
import { correspondence as words, CouncilContact, OmbudsmanContact, Written } from '../../locale/correspondence.en-GB';

/** When the written acknowledgement goes: every seed policy says "acknowledge within N working days", done by staff on the card. */
export const acknowledgementTiming = (pack: PolicyPack): 'on_receipt' | 'when_acknowledged' => pack.correspondence?.acknowledgement ?? 'when_acknowledged';

/** The message this event calls for, or null. */
export function letterKindFor(event: Pick<TimelineEventDoc, 'command' | 'details'>, after: CaseRecord, pack: PolicyPack): LetterKind | null {
  const onReceipt = acknowledgementTiming(pack) === 'on_receipt';
  switch (event.command) {
    case 'open':
      // The resident has their reference in writing at once; the acknowledgement follows when staff give it.
      if (after.kind === 'complaint') return onReceipt ? 'acknowledgement' : 'receipt';
      if (after.kind === 'service_request') return 'service_request_received';
      if (after.kind === 'compliment') return after.replyWanted ? 'compliment_thanks' : null;
      return null;
    case 'convert':
      return onReceipt ? 'acknowledgement' : null;
    case 'acknowledge':
      if (after.stage === 'stage2') return 'stage2_acknowledgement';
      if (after.stage === 'stage1') return onReceipt ? null : 'acknowledgement';
      return null;
    case 'extend':
      return 'extension';
    case 'respond':
      if (after.stage === 'stage1') return 'stage1_response';
      if (after.stage === 'stage2') return 'stage2_response';
      if (after.stage === 'service_request') return 'service_request_outcome';
      if (after.stage === 'feedback') return after.kind === 'comment' && after.replyWanted ? 'comment_reply' : null;
      return null;
    case 'escalate':
      return 'stage2_escalation';
    case 'close': {
      const reason = event.details.reason as ClosureReason;
      // A duplicate's resident hears about the case that carries on; recorded feedback needs no letter.
      if (reason === 'recorded' || reason === 'duplicate' || reason === 'ombudsman_decided') return null;
      return 'closure';
    }
    default:
      return null;
  }
}

export function councilContact(pack: PolicyPack): CouncilContact {
  const c = pack.contacts;
  return { councilName: pack.councilName, team: c.team, phone: c.phone, email: c.email, webFormUrl: c.webFormUrl, postalAddress: c.postalAddress };
}

function ombudsmanOf(route: EscalationRoute | null | undefined): OmbudsmanContact | null {
  if (!route || route.to !== 'ombudsman') return null;
  return { name: route.name, phone: route.phone, email: route.email, url: route.url, when: route.when, waitWeeks: route.waitWeeks };
}

/** The ombudsman for the case's lead service area (Housing Ombudsman for the pack's housing areas). */
function ombudsmanForCase(r: CaseRecord, pack: PolicyPack): OmbudsmanContact {
  const route = ombudsmanFor(pack, r.leadServiceArea ?? 'other');
  return { name: route.body.name, phone: route.body.phone, email: route.body.email, url: route.body.url, when: route.when.rule, waitWeeks: null };
}

/** The case's description as we understood it, kept to a readable length. */
const understanding = (r: CaseRecord) => {
  const points = r.issues.length > 1 ? r.issues.map((i, n) => `${n + 1}. ${i.text}`).join('\n') : r.description;
  return points.length > 3000 ? `${points.slice(0, 2999)}…` : points;
};

export interface Compose {
  kind: LetterKind;
  record: CaseRecord;
  event: Pick<TimelineEventDoc, 'command' | 'details' | 'result'>;
  pack: PolicyPack;
  /** Who it is addressed to, for the greeting. */
  addresseeName: string | null;
  /** For a representative: the resident it is about. */
  onBehalfOf?: string | null;
  /** For a councillor's copy: whose complaint it is about. */
  copyFor?: string | null;
  /** A staff message's own text. */
  text?: string;
  /** The satisfaction survey's link, for a closure letter (services/survey decides who gets one). */
  surveyUrl?: string | null;
}

export function compose(c: Compose): Written {
  const { record: r, event, pack } = c;
  const contact = councilContact(pack);
  const onBehalf = c.copyFor ? words.councillorCopy(c.copyFor) : c.onBehalfOf ? words.onBehalf(c.onBehalfOf) : null;
  const greeting = [words.greeting(c.addresseeName), ...(onBehalf ? ['', onBehalf] : [])].join('\n');
  const reference = r._id;
  const d = event.details ?? {};
  switch (c.kind) {
    case 'receipt': {
      const t = r.tracks.stage1;
      return words.receipt({ reference, contact, acknowledgeBy: t?.acknowledgeBy ?? null, greeting });
    }
    case 'acknowledgement': {
      const t = r.tracks.stage1;
      return words.acknowledgement({ reference, contact, understanding: understanding(r), outcomeWanted: r.outcomeWanted, respondBy: t?.respondBy ?? null, greeting });
    }
    case 'extension':
      return words.extension({
        reference,
        contact,
        reason: String(d.reason ?? ''),
        respondBy: String(d.until),
        previousRespondBy: String(d.from),
        ombudsman: ombudsmanForCase(r, pack),
        greeting,
      });
    case 'stage1_response':
    case 'stage2_response': {
      const stage = c.kind === 'stage1_response' ? 1 : 2;
      const t = stage === 1 ? r.tracks.stage1 : r.tracks.stage2;
      const outcome = t?.outcome as Outcome;
      const esc = outcome.escalation;
      return words.response({
        reference,
        contact,
        stage,
        final: esc.to !== 'stage2',
        decision: outcome.decision,
        reasons: outcome.reasons,
        remedy: outcome.remedy,
        points: outcome.points.map((p) => ({ text: r.issues.find((i) => i.id === p.issue)?.text ?? '', decision: p.decision, reasons: p.reasons })),
        outstandingActions: outcome.outstandingActions,
        stage2: esc.to === 'stage2' ? { requestBy: esc.requestBy } : null,
        ombudsman: ombudsmanOf(esc),
        greeting,
      });
    }
    case 'stage2_escalation': {
      const t = r.tracks.stage2;
      return words.stage2Escalation({ reference, contact, acknowledgeBy: t?.acknowledgeBy ?? null, respondBy: t?.respondBy ?? null, greeting });
    }
    case 'stage2_acknowledgement':
      return words.stage2Acknowledgement({ reference, contact, respondBy: r.tracks.stage2?.respondBy ?? null, greeting });
    case 'service_request_received':
      return words.serviceRequestReceived({ reference, contact, what: understanding(r), respondBy: r.tracks.service_request?.respondBy ?? null, greeting });
    case 'service_request_outcome':
      return words.reply({ reference, contact, summary: r.tracks.service_request?.reply?.summary ?? String(d.summary ?? ''), about: 'report', greeting });
    case 'comment_reply':
      return words.reply({ reference, contact, summary: r.tracks.feedback?.reply?.summary ?? String(d.summary ?? ''), about: 'comment', greeting });
    case 'compliment_thanks':
      return words.complimentThanks({ reference, contact, greeting });
    case 'closure': {
      const reason = d.reason as ClosureReason;
      const s1 = r.tracks.stage1;
      const fromStage = r.closedFromStage;
      const stage2RequestBy =
        fromStage === 'stage1' && pack.stages === 2 && s1?.outcome?.escalation.to === 'stage2' && reason === 'responded' ? (s1.outcome.escalation.requestBy ?? null) : null;
      const finalOutcome = fromStage === 'stage2' ? r.tracks.stage2?.outcome : fromStage === 'stage1' && pack.stages === 1 ? s1?.outcome : null;
      return words.closure({
        reference,
        contact,
        reason: words.closureReason[reason],
        note: (d.note as string | undefined) ?? null,
        stage2RequestBy,
        ombudsman: reason === 'responded' ? ombudsmanOf(finalOutcome?.escalation) : null,
        greeting,
        surveyUrl: c.surveyUrl ?? null,
      });
    }
    case 'staff_message':
      return words.staffMessage({ reference, contact, text: c.text ?? String(d.text ?? ''), greeting });
  }
}
