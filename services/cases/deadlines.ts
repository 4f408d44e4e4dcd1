/**
 * Deadlines, SLA state and report statistics, recomputed from the facts (dates received,
 * acknowledged, extended, responded) at every transition, so a case never carries a stale date.
 */
import type { CaseRecord, CaseStats, SlaState, StageStats, Track, TrackKey } from '../../models/caseRecord';
import { dueDateFor, extendedDueDate, type DeadlineRule } from '../workingDays';
import { financialQuarter } from './financialQuarter';
import type { CaseRules } from './rules';

interface TrackRules {
  acknowledge: DeadlineRule | null;
  respond: DeadlineRule | null;
  /** Extra working days allowed; null = no limit; undefined = cannot be extended. */
  extensionMaxDays: number | null | undefined;
}

export function trackRules(rules: CaseRules, key: TrackKey, record: Pick<CaseRecord, 'kind' | 'replyWanted'>): TrackRules {
  const { timescales } = rules.pack;
  switch (key) {
    case 'stage1':
    case 'stage2': {
      const stage = timescales[key];
      if (!stage) throw new Error(`Policy pack "${rules.pack.id}" has no ${key}`);
      return { acknowledge: stage.acknowledge, respond: stage.respond, extensionMaxDays: stage.extension.maxDays };
    }
    case 'service_request':
      // Packs set no service-request target; the council's configured default applies.
      return { acknowledge: null, respond: { days: rules.serviceRequestTargetDays, unit: 'working_days', from: 'receipt' }, extensionMaxDays: undefined };
    case 'feedback': {
      const reply = timescales.commentReply;
      const due = record.kind === 'comment' && reply !== null && (record.replyWanted || !reply.onlyIfAsked);
      return { acknowledge: null, respond: due ? { days: reply.days, unit: reply.unit, from: 'receipt' } : null, extensionMaxDays: undefined };
    }
  }
}

export function newTrack(startedOn: string): Track {
  return {
    startedOn,
    acknowledgeBy: null,
    acknowledgedOn: null,
    originalRespondBy: null,
    respondBy: null,
    extensionLimit: null,
    extensions: [],
    respondedOn: null,
    handler: null,
    handledBy: [],
    workingDaysToRespond: null,
    escalateBy: null,
    outcome: null,
    reply: null,
  };
}

/** Fills a track's computed dates from its facts. */
export function computeTrack(rules: CaseRules, key: TrackKey, track: Track, record: Pick<CaseRecord, 'kind' | 'replyWanted'>): Track {
  const { calendar, pack } = rules;
  const r = trackRules(rules, key, record);
  const acknowledgeBy = r.acknowledge ? dueDateFor(calendar, r.acknowledge, { receipt: track.startedOn }) : null;
  // Until it is acknowledged, a deadline counted from acknowledgement assumes the latest permitted day.
  const acknowledgement = track.acknowledgedOn ?? acknowledgeBy ?? track.startedOn;
  const originalRespondBy = r.respond ? dueDateFor(calendar, r.respond, { receipt: track.startedOn, acknowledgement }) : null;
  const extensionLimit =
    originalRespondBy && r.extensionMaxDays !== undefined ? extendedDueDate(calendar, originalRespondBy, r.extensionMaxDays) : null;
  const window = pack.timescales.stage2RequestWindow;
  return {
    ...track,
    handledBy: track.handledBy ?? [],
    acknowledgeBy,
    originalRespondBy,
    respondBy: track.extensions.at(-1)?.until ?? originalRespondBy,
    extensionLimit,
    workingDaysToRespond: track.respondedOn ? calendar.workingDaysBetween(track.startedOn, track.respondedOn) : null,
    escalateBy:
      key === 'stage1' && track.respondedOn && pack.stages === 2 && window
        ? dueDateFor(calendar, window, { stage1_response: track.respondedOn })
        : null,
  };
}

/** The stage whose deadlines are running: the current one, unless the case is closed or with the ombudsman. */
export function currentTrackKey(record: Pick<CaseRecord, 'stage'>): TrackKey | null {
  return record.stage === 'closed' || record.stage === 'ombudsman' ? null : record.stage;
}

function nextDeadline(record: CaseRecord): { dueOn: string | null; dueKind: 'acknowledge' | 'respond' | null } {
  const key = currentTrackKey(record);
  const track = key ? record.tracks[key] : undefined;
  if (!track || record.status === 'responded' || record.status === 'closed') return { dueOn: null, dueKind: null };
  if (track.acknowledgeBy && !track.acknowledgedOn) return { dueOn: track.acknowledgeBy, dueKind: 'acknowledge' };
  if (track.respondBy && !track.respondedOn) return { dueOn: track.respondBy, dueKind: 'respond' };
  return { dueOn: null, dueKind: null };
}

const fq = (d: string | null) => (d ? financialQuarter(d) : null);
const onTime = (done: string | null, due: string | null) => (done && due ? (done <= due ? 1 : 0) : null);

function stageStats(track: Track | undefined): StageStats | null {
  if (!track) return null;
  return {
    receivedFq: financialQuarter(track.startedOn),
    ackFq: fq(track.acknowledgedOn),
    ackOnTime: onTime(track.acknowledgedOn, track.acknowledgeBy),
    respondedFq: fq(track.respondedOn),
    onTime: onTime(track.respondedOn, track.respondBy),
    workingDays: track.workingDaysToRespond,
    decision: track.outcome?.decision ?? null,
  };
}

function stats(record: CaseRecord, rules: CaseRules): CaseStats {
  const area = record.leadServiceArea;
  return {
    receivedFq: financialQuarter(record.receivedOn),
    housing: area !== null && rules.pack.ombudsman.housingAreas.areas.includes(area),
    sr: stageStats(record.tracks.service_request),
    s1: stageStats(record.tracks.stage1),
    s2: stageStats(record.tracks.stage2),
    feedback: stageStats(record.tracks.feedback),
    ombudsmanFq: fq(record.ombudsman?.referredOn ?? null),
    closedFq: fq(record.closure?.closedOn ?? null),
  };
}

/** Recomputes every derived field of a case (deadlines, what is due next, statistics). */
export function derive(record: CaseRecord, rules: CaseRules): CaseRecord {
  const tracks: CaseRecord['tracks'] = {};
  for (const [key, track] of Object.entries(record.tracks) as [TrackKey, Track][]) {
    tracks[key] = computeTrack(rules, key, track, record);
  }
  const withTracks = { ...record, tracks, open: record.status !== 'closed' };
  const { dueOn, dueKind } = nextDeadline(withTracks);
  const next = { ...withTracks, dueOn, dueKind, dueSort: dueOn ?? '~' };
  return { ...next, stats: stats(next, rules) };
}

export interface SlaView {
  sla: SlaState | null;
  /** Working days from today to the due date (negative once overdue). */
  workingDaysLeft: number | null;
}

export function slaOf(record: Pick<CaseRecord, 'dueOn'>, today: string, rules: CaseRules): SlaView {
  if (!record.dueOn) return { sla: null, workingDaysLeft: null };
  const left = rules.calendar.workingDaysBetween(today, record.dueOn);
  const sla: SlaState = today > record.dueOn ? 'overdue' : left <= rules.dueSoonWorkingDays ? 'due_soon' : 'on_track';
  return { sla, workingDaysLeft: left };
}

/** Cases due on or before this date (and not before today) are due soon today; deadlines always fall on working days. */
export function dueSoonHorizon(today: string, rules: CaseRules): string {
  return rules.calendar.addWorkingDays(today, rules.dueSoonWorkingDays);
}
