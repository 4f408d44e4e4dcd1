/**
 * Independence of the stage 2 review, judged by what people did rather than who happens to be
 * assigned: the Complaint Handling Codes want the review done by someone who was not involved in
 * the stage 1 decision. "Involved" is anyone in the stage 1 track's `handledBy` (assigned to it,
 * extended it, recorded its response) and whoever recorded the response (`handler`, kept for
 * cases stored before `handledBy` existed).
 */
import type { Actor, CaseRecord, StaffRef, Track } from '../../models/caseRecord';
import { CaseRuleError } from './errors';

/** Adds someone to a stage's list of those who handled it (once each). */
export function withHandler(track: Track, who: StaffRef): Track {
  const handledBy = track.handledBy ?? [];
  return handledBy.some((h) => h.id === who.id) ? track : { ...track, handledBy: [...handledBy, { id: who.id, name: who.name }] };
}

/** Everyone the stage 1 decision came from: none of them may act on the stage 2 review. */
export function stage1People(record: Pick<CaseRecord, 'tracks'>): StaffRef[] {
  const s1 = record.tracks.stage1;
  if (!s1) return [];
  const people = [...(s1.handledBy ?? []), ...(s1.handler ? [s1.handler] : [])];
  return people.filter((p, i) => people.findIndex((q) => q.id === p.id) === i);
}

export function handledStage1(record: Pick<CaseRecord, 'tracks'>, id: string): boolean {
  return stage1People(record).some((p) => p.id === id);
}

/** What each stage 2 action is called in a refusal: "… so someone else must <doing>". */
const DOING = {
  assign: 'review it at stage 2',
  review: 'review it at stage 2',
  acknowledge: 'acknowledge its stage 2 review',
  extend: 'extend its stage 2 review',
  respond: 'record its stage 2 response',
  close: 'close its stage 2 review',
  referToOmbudsman: 'record its referral to the ombudsman',
  reopen: 'reopen its stage 2 review',
} as const;

/** The stage 2 actions that decide or end the review; notes and messages to the resident are not among them. */
export const INDEPENDENT_COMMANDS = ['acknowledge', 'extend', 'respond', 'close', 'referToOmbudsman', 'reopen'] as const;
export type IndependentCommand = (typeof INDEPENDENT_COMMANDS)[number];

export function needsIndependence(command: string): command is IndependentCommand {
  return (INDEPENDENT_COMMANDS as readonly string[]).includes(command);
}

/**
 * Refuses a stage 2 action by (or for) someone involved at stage 1. `who` is the person acting,
 * or the person being assigned; the system and residents are not staff and are never refused here.
 */
export function assertIndependent(record: CaseRecord, who: StaffRef | Actor, doing: keyof typeof DOING): void {
  // A review closed at stage 2 is still the review: reopening it is deciding it again.
  const atStage2 = record.stage === 'stage2' || (record.stage === 'closed' && record.closedFromStage === 'stage2');
  if (!atStage2) return;
  if ('role' in who && who.role !== 'staff') return;
  if (!handledStage1(record, who.id)) return;
  throw new CaseRuleError(record._id, `${who.name} handled case ${record._id} at stage 1, so someone else must ${DOING[doing]}.`);
}
