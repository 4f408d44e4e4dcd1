/**
 * Removing personal data from a case and its timeline while keeping what statistics need
 * (kind, stages, dates, deadlines, service areas, channel, decisions, learning themes).
 */
import type { CaseRecord, Track } from '../../models/caseRecord';
import type { TimelineEventDoc } from '../../models/timelineEvent';

export const REMOVED = '[removed]';

const text = <T extends string | null>(value: T): T => (value === null ? value : (REMOVED as T));

function scrubTrack(track: Track): Track {
  return {
    ...track,
    extensions: track.extensions.map((e) => ({ ...e, reason: REMOVED })),
    outcome: track.outcome && {
      ...track.outcome,
      points: track.outcome.points.map((p) => ({ ...p, reasons: REMOVED })),
      reasons: REMOVED,
      remedy: REMOVED,
      outstandingActions: track.outcome.outstandingActions.map(() => REMOVED),
    },
    reply: track.reply && { ...track.reply, summary: REMOVED },
  };
}

export function anonymisedRecord(record: CaseRecord, now: Date): CaseRecord {
  const rep = record.representative;
  const tracks: CaseRecord['tracks'] = {};
  for (const [key, track] of Object.entries(record.tracks)) tracks[key as keyof CaseRecord['tracks']] = scrubTrack(track);
  return {
    ...record,
    conversationReference: null,
    resident: { preferredContact: record.resident.preferredContact },
    councillorCopy: null,
    representative: rep && { name: REMOVED, role: rep.role, relationship: REMOVED, consentConfirmed: rep.consentConfirmed, authorisation: rep.authorisation },
    description: REMOVED,
    location: text(record.location),
    whenText: text(record.whenText),
    outOfTimeReason: text(record.outOfTimeReason),
    outcomeWanted: text(record.outcomeWanted),
    adjustmentNotes: text(record.adjustmentNotes),
    vulnerabilityNotes: text(record.vulnerabilityNotes),
    evidence: [],
    issues: record.issues.map((i) => ({ ...i, text: REMOVED })),
    tracks,
    learningPoints: record.learningPoints.map((l) => ({ ...l, detail: REMOVED })),
    closure: record.closure && { ...record.closure, note: text(record.closure.note) },
    // Who in the home was at risk is about the household's health: the level and dates stay for statistics.
    hazard: record.hazard && { ...record.hazard, vulnerability: [], reasons: record.hazard.reasons.filter((r) => r !== 'vulnerable') },
    search: { surname: null, subjects: [] },
    anonymisedAt: now,
  };
}

/** Staff references (not the resident's data) kept in timeline details. */
const STAFF_KEYS = new Set(['assignee', 'previous', 'reviewer']);
const KEEP = /^(\d{4}-\d{2}-\d{2}|[a-z][a-z0-9_]{0,39})$/;

/** Keeps dates, codes, numbers and staff references; replaces any other text. */
export function scrubDetails(value: unknown, key = ''): unknown {
  if (STAFF_KEYS.has(key)) return value;
  if (typeof value === 'string') return KEEP.test(value) ? value : REMOVED;
  if (Array.isArray(value)) return value.map((v) => scrubDetails(v));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDetails(v, k)]));
  }
  return value;
}

export function scrubbedEvent(event: TimelineEventDoc): Pick<TimelineEventDoc, 'actor' | 'details' | 'result' | 'set'> {
  return {
    actor: event.actor.role === 'resident' ? { id: REMOVED, name: REMOVED, role: 'resident' } : event.actor,
    details: scrubDetails(event.details) as Record<string, unknown>,
    result: null,
    set: null,
  };
}
