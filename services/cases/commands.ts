/**
 * The lifecycle commands as pure functions: given a case (already checked against the
 * transition table), the input and the moment, return the next case and what to record on the
 * timeline. The service (caseService.ts) loads, checks, derives deadlines and stores.
 */
import type { Actor, CaseRecord, EscalationRoute, LearningPoint, Outcome, StaffRef, Track, TrackKey } from '../../models/caseRecord';
import type { z } from 'zod';
import { hazardPriority, laterHazard, PRIORITY_RANK } from './openCase';
import { HAZARD_RANK } from '../../models/hazardVocabulary';
import { hazardLine } from '../hazards/wording';
import { ombudsmanFor } from '../policy/routing';
import { dueDateFor, readableDate } from '../workingDays';
import { computeTrack, newTrack, trackRules } from './deadlines';
import { CaseInputError, CaseRuleError } from './errors';
import { financialQuarter } from './financialQuarter';
import { assertIndependent, handledStage1, withHandler } from './independence';
import type * as I from './inputs';
import { TRACK_NAME } from './labels';
import type { CaseRules } from './rules';

export interface CommandContext {
  rules: CaseRules;
  now: Date;
  /** The London date now. */
  today: string;
  actor: Actor;
}

export interface Applied {
  next: CaseRecord;
  what: string;
  details: Record<string, unknown>;
  /** Built from the case after deadlines are recomputed; stored so a retry returns the same. */
  result?: (derived: CaseRecord) => Record<string, unknown>;
}

type In<S extends z.ZodType> = z.output<S>;

function currentTrack(record: CaseRecord): [TrackKey, Track] {
  const key = record.stage as TrackKey;
  const track = record.tracks[key];
  if (!track) throw new Error(`Case ${record._id} has no ${key} record`);
  return [key, track];
}

const withTrack = (record: CaseRecord, key: TrackKey, track: Track): CaseRecord => ({ ...record, tracks: { ...record.tracks, [key]: track } });
const staffOf = (actor: Actor): StaffRef => ({ id: actor.id, name: actor.name });
/** Staff (not the system or a resident) who did something on this stage join its handlers. */
const handledByActor = (track: Track, actor: Actor): Track => (actor.role === 'staff' ? withHandler(track, staffOf(actor)) : track);
const leadArea = (record: CaseRecord) => record.leadServiceArea ?? 'other';

function learning(points: Array<{ theme: string; detail: string }>, today: string): LearningPoint[] {
  return points.map((p) => ({ theme: p.theme.toLowerCase(), detail: p.detail, addedOn: today, fq: financialQuarter(today) }));
}

export function acknowledge(record: CaseRecord, _input: In<typeof I.AcknowledgeInput>, ctx: CommandContext): Applied {
  assertIndependent(record, ctx.actor, 'acknowledge');
  const [key, track] = currentTrack(record);
  const acknowledged = withinLimit(ctx.rules, key, { ...track, acknowledgedOn: ctx.today }, record);
  const shortened = acknowledged.extensions.at(-1)?.until !== track.extensions.at(-1)?.until ? acknowledged.extensions.at(-1)!.until : null;
  return {
    next: { ...withTrack(record, key, acknowledged), status: record.assignee ? 'in_progress' : 'acknowledged' },
    what: shortened
      ? `Acknowledged; the extended deadline is now ${readableDate(shortened)}, the latest the policy allows counted from the acknowledgement`
      : 'Acknowledged',
    details: { acknowledgedOn: ctx.today, ...(shortened ? { extensionShortenedTo: shortened } : {}) },
    result: (d) => ({ acknowledgedOn: ctx.today, respondBy: d.tracks[key]?.respondBy ?? null }),
  };
}

/**
 * The extension limit counts from the date the Code counts the response from; setting that date
 * (the acknowledgement) can bring the limit forward, so extensions recorded before it are re-checked
 * and any past the new limit are brought back to it. (New extensions wait for the acknowledgement,
 * see extend; this keeps cases extended before that rule to the Code too.)
 */
function withinLimit(rules: CaseRules, key: TrackKey, track: Track, record: CaseRecord): Track {
  const limit = computeTrack(rules, key, track, record).extensionLimit;
  if (!limit || !track.extensions.some((e) => e.until > limit)) return track;
  return { ...track, extensions: track.extensions.map((e) => (e.until > limit ? { ...e, until: limit } : e)) };
}

export function assign(record: CaseRecord, input: In<typeof I.AssignInput>, _ctx: CommandContext): Applied {
  assertIndependent(record, input.assignee, 'assign');
  // Whoever is given a stage handles it, even if they hand it on later.
  const key = record.stage as TrackKey;
  const track = record.tracks[key];
  const tracked = track ? withTrack(record, key, withHandler(track, input.assignee)) : record;
  return {
    next: { ...tracked, assignee: input.assignee, status: record.status === 'acknowledged' ? 'in_progress' : record.status },
    what: `Assigned to ${input.assignee.name}`,
    details: { assignee: input.assignee, previous: record.assignee },
  };
}

export function addNote(record: CaseRecord, input: In<typeof I.AddNoteInput>): Applied {
  return { next: record, what: input.heading ?? 'Note added', details: { text: input.text } };
}

export function messageResident(record: CaseRecord, input: In<typeof I.MessageResidentInput>): Applied {
  if (record.anonymisedAt) throw new CaseRuleError(record._id, `Case ${record._id} no longer holds the resident's details, so they can't be messaged.`);
  return {
    next: { ...record, status: input.awaitReply && record.status !== 'open' ? 'awaiting_resident' : record.status },
    // Recorded, not yet sent: the bot delivers it (chat, or in writing) and the timeline shows where it got to.
    what: input.awaitReply ? 'Message to the resident written, waiting for their reply' : 'Message to the resident written',
    details: { text: input.text, awaitReply: input.awaitReply },
    result: () => ({
      relay: {
        text: input.text,
        conversationReference: record.conversationReference ? JSON.parse(record.conversationReference) : null,
        channel: record.channel,
        preferredContact: record.resident.preferredContact,
      },
    }),
  };
}

export function addResidentMessage(record: CaseRecord, input: In<typeof I.AddResidentMessageInput>, ctx: CommandContext): Applied {
  // A later message can bring a hazard (or a worse one) to the council's attention: its clock starts now.
  const hazard = laterHazard(record, input.text, ctx);
  const priority = hazard ? hazardPriority(record.priority, hazard) : record.priority;
  return {
    next: {
      ...record,
      evidence: [...record.evidence, ...input.evidence],
      status: record.status === 'awaiting_resident' ? 'in_progress' : record.status,
      ...(hazard && { hazard, hazardRank: HAZARD_RANK[hazard.level], priority, priorityRank: PRIORITY_RANK[priority] }),
    },
    what: hazard ? `Message from the resident; ${hazardLine(hazard)}` : 'Message from the resident',
    details: {
      text: input.text,
      evidence: input.evidence.map((e) => e.fileId),
      ...(hazard && { hazard: { level: hazard.level, kinds: hazard.kinds, reasons: hazard.reasons, deadlines: hazard.deadlines } }),
    },
  };
}

export function extend(record: CaseRecord, input: In<typeof I.ExtendInput>, ctx: CommandContext): Applied {
  assertIndependent(record, ctx.actor, 'extend');
  const [key, track] = currentTrack(record);
  const { calendar, pack } = ctx.rules;
  const current = track.respondBy;
  if (!current) throw new CaseRuleError(record._id, `Case ${record._id} has no response deadline to extend.`);
  // Until it is acknowledged the limit is not known (it counts from the acknowledgement), so it can't be checked.
  if (!track.acknowledgedOn && trackRules(ctx.rules, key, record).respond?.from === 'acknowledgement') {
    throw new CaseRuleError(
      record._id,
      `Acknowledge case ${record._id} first: ${pack.shortName}'s policy counts the ${TRACK_NAME[key]} response time, and the longest extension, from the acknowledgement.`,
    );
  }
  const until = input.until ?? calendar.addWorkingDays(current, input.workingDays!);
  if (!calendar.isWorkingDay(until)) {
    throw new CaseRuleError(record._id, `${readableDate(until)} is not a working day for ${pack.shortName}. Choose a working day.`);
  }
  if (until <= current) {
    throw new CaseRuleError(record._id, `The response to case ${record._id} is already due by ${readableDate(current)}; an extension must be to a later date.`);
  }
  if (track.extensionLimit && until > track.extensionLimit) {
    const max = key === 'stage1' ? pack.timescales.stage1.extension.maxDays : pack.timescales.stage2?.extension.maxDays;
    const limit = readableDate(track.extensionLimit);
    throw new CaseRuleError(
      record._id,
      `${pack.shortName}'s policy allows the ${TRACK_NAME[key]} response to be extended by at most ${max} working days, to ${limit}. ` +
        `Choose a date on or before ${limit}.`,
    );
  }
  const next = withTrack(record, key, handledByActor({ ...track, extensions: [...track.extensions, { until, reason: input.reason, on: ctx.today }] }, ctx.actor));
  return {
    next,
    what: `Response deadline extended to ${readableDate(until)}`,
    details: { from: current, until, reason: input.reason },
    // The resident must be told the new date, why, and that they can go to the ombudsman.
    result: (d) => ({
      respondBy: until,
      previousRespondBy: current,
      extensionLimit: d.tracks[key]?.extensionLimit ?? null,
      reason: input.reason,
      ombudsman: ombudsmanFor(pack, leadArea(record)),
    }),
  };
}

function ombudsmanRoute(record: CaseRecord, rules: CaseRules): EscalationRoute {
  const route = ombudsmanFor(rules.pack, leadArea(record));
  return {
    to: 'ombudsman',
    which: route.which,
    name: route.body.name,
    phone: route.body.phone,
    ...(route.body.email ? { email: route.body.email } : {}),
    url: route.body.url,
    when: route.when.rule,
    waitWeeks: route.waitAfterFinalResponse?.weeks ?? null,
  };
}

/** Where a resident goes next after this response: a stage 2 review, or the ombudsman after the final stage. */
export function escalationAfter(record: CaseRecord, key: TrackKey, respondedOn: string, rules: CaseRules): EscalationRoute {
  const { pack, calendar } = rules;
  if (key === 'stage1' && pack.stages === 2) {
    const window = pack.timescales.stage2RequestWindow;
    const c = pack.contacts;
    return {
      to: 'stage2',
      requestBy: window ? dueDateFor(calendar, window, { stage1_response: respondedOn }) : null,
      team: c.team,
      ...(c.phone ? { phone: c.phone } : {}),
      ...(c.email ? { email: c.email } : {}),
      ...(c.webFormUrl ? { webFormUrl: c.webFormUrl } : {}),
    };
  }
  if (key === 'stage1' || key === 'stage2') return ombudsmanRoute(record, rules);
  return { to: 'complaint', team: pack.contacts.team };
}

function complaintOutcome(record: CaseRecord, input: In<typeof I.RespondInput>, escalation: EscalationRoute): Outcome {
  // What the Complaint Handling Codes require a response to state; list everything missing at once.
  const problems: string[] = [];
  if (!input.decision) problems.push('the overall decision (upheld, partly upheld, not upheld or resolved)');
  for (const issue of record.issues) {
    const point = input.points.find((p) => p.issue === issue.id);
    const label = `point ${issue.id} ("${issue.text.length > 60 ? `${issue.text.slice(0, 59)}…` : issue.text}")`;
    if (!point) problems.push(`a decision on ${label}`);
    else if (!point.reasons) problems.push(`the reasons for the decision on ${label}`);
  }
  for (const p of input.points) if (!record.issues.some((i) => i.id === p.issue)) problems.push(`point ${p.issue} is not one of the case's points`);
  if (!input.reasons) problems.push('the reasons for the decision');
  if (!input.remedy) problems.push('the remedy: what the council will do to put things right, or why nothing is offered');
  if (problems.length) throw new CaseInputError(`The response to case ${record._id} must state:`, problems);
  return {
    decision: input.decision!,
    points: input.points,
    reasons: input.reasons!,
    remedy: input.remedy!,
    outstandingActions: input.outstandingActions,
    escalation,
  };
}

export function respond(record: CaseRecord, input: In<typeof I.RespondInput>, ctx: CommandContext): Applied {
  assertIndependent(record, ctx.actor, 'respond');
  const [key, track] = currentTrack(record);
  if (key === 'stage2' && !track.acknowledgedOn) {
    // The Codes give the resident an acknowledgement of the review before its answer.
    throw new CaseRuleError(record._id, `Case ${record._id}'s stage 2 review hasn't been acknowledged yet. Acknowledge it first, then record the response.`);
  }
  const escalation = escalationAfter(record, key, ctx.today, ctx.rules);
  const complaint = key === 'stage1' || key === 'stage2';
  let answered: Track;
  if (complaint) {
    answered = { ...track, outcome: complaintOutcome(record, input, escalation) };
  } else {
    if (!input.summary) throw new CaseInputError(`The reply to case ${record._id} must state:`, ['a summary of the reply']);
    answered = { ...track, reply: { summary: input.summary, escalation } };
  }
  // The decision-maker is whoever recorded the response (not whoever happens to be assigned); both handled it.
  const decidedBy = ctx.actor.role === 'staff' ? staffOf(ctx.actor) : (record.assignee ?? staffOf(ctx.actor));
  answered = { ...answered, respondedOn: ctx.today, handler: decidedBy };
  answered = withHandler(record.assignee ? withHandler(answered, record.assignee) : answered, decidedBy);
  const next: CaseRecord = {
    ...withTrack(record, key, answered),
    status: 'responded',
    learningPoints: [...record.learningPoints, ...learning(input.learningPoints, ctx.today)],
  };
  return {
    next,
    // Recorded here; the letter that carries it shows on the timeline when it goes.
    what: complaint ? `${key === 'stage1' ? 'Stage 1' : 'Stage 2'} response recorded: ${input.decision!.replace('_', ' ')}` : 'Reply recorded',
    details: complaint
      ? { decision: input.decision, reasons: input.reasons, remedy: input.remedy, points: input.points, outstandingActions: input.outstandingActions }
      : { summary: input.summary },
    result: (d) => {
      const t = d.tracks[key]!;
      return { respondedOn: ctx.today, onTime: t.respondBy ? ctx.today <= t.respondBy : null, outcome: t.outcome, reply: t.reply, escalation };
    },
  };
}

export function escalate(record: CaseRecord, input: In<typeof I.EscalateInput>, ctx: CommandContext): Applied {
  const { pack, calendar } = ctx.rules;
  if (pack.stages === 1) {
    const body = ombudsmanFor(pack, leadArea(record)).body;
    throw new CaseRuleError(
      record._id,
      `${pack.shortName} has no stage 2 review: its stage 1 response is final. If the resident is still unhappy, refer case ${record._id} to the ${body.name}.`,
    );
  }
  const stage1 = record.tracks.stage1;
  if (!stage1?.respondedOn) {
    throw new CaseRuleError(record._id, `Case ${record._id} was closed without a stage 1 response, so it can't be escalated. Reopen it first.`);
  }
  // After the window only the council's discretion lets a review through: staff, saying why.
  const late = !!stage1.escalateBy && ctx.today > stage1.escalateBy;
  if (late && (ctx.actor.role !== 'staff' || !input.reason)) {
    throw new CaseRuleError(
      record._id,
      `The time to ask for a stage 2 review of case ${record._id} ended on ${readableDate(stage1.escalateBy!)} (the stage 1 response was sent on ${readableDate(stage1.respondedOn)}).` +
        (ctx.actor.role === 'staff' ? ' The council can still agree to review it: give the reason when escalating.' : ''),
    );
  }
  if (input.reviewer && handledStage1(record, input.reviewer.id)) {
    throw new CaseRuleError(record._id, `${input.reviewer.name} handled case ${record._id} at stage 1, so someone else must review it at stage 2.`);
  }
  // Nobody involved at stage 1 carries on as the reviewer: leave the review unassigned unless someone is named.
  const keep = record.assignee && !handledStage1(record, record.assignee.id) ? record.assignee : null;
  const reviewer = input.reviewer ?? keep;
  // The review's clock starts from the request, whoever makes it (the resident, or staff for them).
  const started = newTrack(calendar.receiptDay(ctx.now));
  const next: CaseRecord = {
    ...withTrack(record, 'stage2', reviewer ? withHandler(started, reviewer) : started),
    stage: 'stage2',
    status: 'open',
    closedFromStage: null,
    closure: null,
    closedAt: null,
    assignee: reviewer,
  };
  return {
    next,
    what: 'Escalated to stage 2 (review)',
    details: { requestedBy: ctx.actor.role, ...(input.reason ? { reason: input.reason } : {}), reviewer: input.reviewer ?? null, ...(late ? { outsideWindow: true } : {}) },
    result: (d) => ({ acknowledgeBy: d.tracks.stage2!.acknowledgeBy, respondBy: d.tracks.stage2!.respondBy }),
  };
}

export function convert(record: CaseRecord, input: In<typeof I.ConvertInput>, ctx: CommandContext): Applied {
  if (record.kind === 'compliment') throw new CaseRuleError(record._id, `Case ${record._id} is a compliment, so it can't be turned into a complaint.`);
  const startedOn = ctx.rules.calendar.receiptDay(ctx.now);
  const issues = [
    { id: 1, text: record.description, addedOn: startedOn, source: 'original' as const },
    ...(input.reason ? [{ id: 2, text: input.reason, addedOn: startedOn, source: 'related' as const }] : []),
  ];
  return {
    next: {
      ...withTrack(record, 'stage1', newTrack(startedOn)),
      kind: 'complaint',
      stage: 'stage1',
      status: 'open',
      closedFromStage: null,
      closure: null,
      closedAt: null,
      issues,
    },
    what: `Turned from a ${record.kind.replace('_', ' ')} into a stage 1 complaint`,
    details: { from: record.kind, ...(input.reason ? { reason: input.reason } : {}) },
    result: (d) => ({ acknowledgeBy: d.tracks.stage1!.acknowledgeBy, respondBy: d.tracks.stage1!.respondBy }),
  };
}

export function addRelatedIssue(record: CaseRecord, input: In<typeof I.AddRelatedIssueInput>, ctx: CommandContext): Applied {
  const id = Math.max(0, ...record.issues.map((i) => i.id)) + 1;
  return {
    next: { ...record, issues: [...record.issues, { id, text: input.text, addedOn: ctx.today, source: 'related' }] },
    what: `Related issue added as point ${id}`,
    details: { issue: id, text: input.text },
  };
}

export function reopen(record: CaseRecord, input: In<typeof I.ReopenInput>): Applied {
  if (record.anonymisedAt) throw new CaseRuleError(record._id, `Case ${record._id} has had its personal details removed, so it can't be reopened.`);
  return {
    next: { ...record, stage: record.closedFromStage!, closedFromStage: null, status: 'in_progress', closure: null, closedAt: null },
    what: 'Reopened',
    details: { reason: input.reason },
  };
}

export function close(record: CaseRecord, input: In<typeof I.CloseInput>, ctx: CommandContext): Applied {
  const ref = record._id;
  const { reason } = input;
  if (ctx.actor.role === 'resident' && reason !== 'withdrawn') throw new CaseRuleError(ref, 'A resident can only withdraw a case.');
  if (reason === 'responded' && record.status !== 'responded') throw new CaseRuleError(ref, `Case ${ref} hasn't been responded to yet, so it can't be closed as responded.`);
  if (reason === 'recorded' && record.stage !== 'feedback') throw new CaseRuleError(ref, `Only comments and compliments are closed as recorded.`);
  if (reason === 'ombudsman_decided' && record.stage !== 'ombudsman') throw new CaseRuleError(ref, `Case ${ref} is not with the ombudsman.`);
  if ((record.stage === 'stage1' || record.stage === 'stage2') && record.status !== 'responded' && reason !== 'withdrawn' && reason !== 'duplicate') {
    throw new CaseRuleError(ref, `Case ${ref} hasn't had its response yet, so it can only be closed as withdrawn or a duplicate.`);
  }
  return {
    next: {
      ...record,
      closedFromStage: record.stage,
      stage: 'closed',
      status: 'closed',
      closure: { reason, note: input.note ?? null, closedOn: ctx.today },
      closedAt: ctx.now,
      learningPoints: [...record.learningPoints, ...learning(input.learningPoints, ctx.today)],
    },
    what: `Closed (${reason.replace('_', ' ')})`,
    details: { reason, ...(input.note ? { note: input.note } : {}) },
  };
}

/** The resident's signed authorisation for their representative arrived (packs that require it, e.g. Leicester). */
export function recordAuthorisation(record: CaseRecord, _input: In<typeof I.RecordAuthorisationInput>): Applied {
  const rep = record.representative;
  if (!rep) throw new CaseRuleError(record._id, `Nobody is acting for the resident on case ${record._id}, so there is no authorisation to record.`);
  if (rep.authorisation !== 'pending') throw new CaseRuleError(record._id, `Case ${record._id} is not waiting for a written authorisation.`);
  return {
    next: { ...record, representative: { ...rep, authorisation: 'provided' } },
    what: 'Written authorisation received',
    details: {},
  };
}

/** The resident asked in writing for their councillor to be kept informed (South Derbyshire 6.8). */
export function copyCouncillor(record: CaseRecord, input: In<typeof I.CopyCouncillorInput>, ctx: CommandContext): Applied {
  if (!ctx.rules.pack.correspondence?.councillorCopies) {
    throw new CaseRuleError(record._id, `${ctx.rules.pack.shortName}'s policy does not provide for copying a councillor into a complaint's letters.`);
  }
  if (record.anonymous) throw new CaseRuleError(record._id, `Case ${record._id} is anonymous, so nobody can be sent its details.`);
  return {
    next: { ...record, councillorCopy: { name: input.name, email: input.email, requestedOn: ctx.today } },
    what: `A councillor is kept informed: ${input.name}`,
    details: { name: input.name },
  };
}

export function referToOmbudsman(record: CaseRecord, input: In<typeof I.ReferToOmbudsmanInput>, ctx: CommandContext): Applied {
  const route = ombudsmanFor(ctx.rules.pack, leadArea(record));
  return {
    next: {
      ...record,
      stage: 'ombudsman',
      status: 'in_progress',
      closedFromStage: null,
      closure: null,
      closedAt: null,
      ombudsman: { which: route.which, referredOn: ctx.today, reference: input.ombudsmanReference ?? null },
    },
    what: `Referred to the ${route.body.name}`,
    details: { which: route.which, ...(input.ombudsmanReference ? { ombudsmanReference: input.ombudsmanReference } : {}), ...(input.note ? { note: input.note } : {}) },
    result: () => ({ ombudsman: route }),
  };
}
