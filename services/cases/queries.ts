/**
 * The staff views: triage queue with filters, my cases, overdue, and search. The queue is served
 * from the in-memory read model (queueReadModel.ts) with queueMatcher and compareQueue, which mean
 * exactly what queueQuery and QUEUE_SORT mean to MongoDB (kept for querying stored cases); search
 * uses the indexes on `cases`.
 */
import type { FilterQuery } from 'mongoose';
import type { QueueCard } from '../../models/caseProjections';
import type { CaseRecord, CaseStage, Priority, SlaState } from '../../models/caseRecord';
import type { FeedbackKind, ServiceArea } from '../../models/vocabulary';
import { dueSoonHorizon } from './deadlines';
import { emailKey, phoneKey } from './subjects';
import type { CaseRules } from './rules';

export interface QueueFilters {
  stage?: CaseStage;
  kind?: FeedbackKind;
  sla?: SlaState;
  assigneeId?: string;
  /** Only cases nobody is assigned to. */
  unassigned?: boolean;
  serviceArea?: ServiceArea;
  priority?: Priority;
  limit?: number;
  skip?: number;
}

export function queueQuery(council: string, filters: QueueFilters, today: string, rules: CaseRules): FilterQuery<CaseRecord> {
  const q: FilterQuery<CaseRecord> = { council, open: true };
  if (filters.stage) q.stage = filters.stage;
  if (filters.kind) q.kind = filters.kind;
  if (filters.assigneeId) q['assignee.id'] = filters.assigneeId;
  if (filters.unassigned) q.assignee = null;
  if (filters.serviceArea) q.serviceAreas = filters.serviceArea;
  if (filters.priority) q.priority = filters.priority;
  // SLA is a date range on dueSort ("~" = nothing due sorts after every date).
  const horizon = dueSoonHorizon(today, rules);
  if (filters.sla === 'overdue') q.dueSort = { $lt: today };
  if (filters.sla === 'due_soon') q.dueSort = { $gte: today, $lte: horizon };
  if (filters.sla === 'on_track') q.dueSort = { $gt: horizon };
  return q;
}

/** Housing hazards first (emergency, then significant), then soonest due, then priority. */
export const QUEUE_SORT = { hazardRank: 1, dueSort: 1, priorityRank: 1, _id: 1 } as const;

/** queueQuery as a predicate on a queue card (an open case). */
export function queueMatcher(council: string, filters: QueueFilters, today: string, rules: CaseRules): (card: QueueCard) => boolean {
  const horizon = dueSoonHorizon(today, rules);
  const { stage, kind, assigneeId, unassigned, serviceArea, priority, sla } = filters;
  return (c) =>
    c.council === council &&
    (!stage || c.stage === stage) &&
    (!kind || c.kind === kind) &&
    (!assigneeId || c.assignee?.id === assigneeId) &&
    (!unassigned || c.assignee == null) &&
    (!serviceArea || c.serviceAreas.includes(serviceArea)) &&
    (!priority || c.priority === priority) &&
    (sla !== 'overdue' || c.dueSort < today) &&
    (sla !== 'due_soon' || (c.dueSort >= today && c.dueSort <= horizon)) &&
    (sla !== 'on_track' || c.dueSort > horizon);
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** QUEUE_SORT as a comparator (strings compare by code unit, as MongoDB's simple collation does). */
type Sortable = Pick<QueueCard, 'dueSort' | 'priorityRank' | '_id'> & { hazardRank?: number };
export function compareQueue(a: Sortable, b: Sortable): number {
  return cmp(a.hazardRank ?? 2, b.hazardRank ?? 2) || cmp(a.dueSort, b.dueSort) || cmp(a.priorityRank, b.priorityRank) || cmp(a._id, b._id);
}

/** One page of queue cards (already in queue order) with skip and limit as the queue's MongoDB query had them. */
export function queuePage<T>(sorted: readonly T[], match: (card: T) => boolean, filters: Pick<QueueFilters, 'skip' | 'limit'>): T[] {
  const limit = Math.abs(Math.min(filters.limit ?? 50, 500)) || Infinity; // limit 0 = no limit, as in MongoDB
  let skip = filters.skip ?? 0;
  if (skip < 0) throw new RangeError('skip must be 0 or more');
  const page: T[] = [];
  for (const card of sorted) {
    if (!match(card)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    page.push(card);
    if (page.length >= limit) break;
  }
  return page;
}

const REFERENCE = /^([A-Za-z]{2,6})-(\d{4})-(\d{1,6})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{7,20}$/;

/** A reference (any case, zero-padding optional), an email or phone, or else a surname. */
export function searchQuery(council: string, q: string): FilterQuery<CaseRecord> | null {
  const term = q.trim();
  if (!term) return null;
  const ref = REFERENCE.exec(term);
  if (ref) return { _id: `${ref[1].toUpperCase()}-${ref[2]}-${ref[3].padStart(6, '0')}`, council };
  if (EMAIL.test(term)) return { council, 'search.subjects': emailKey(term) };
  if (PHONE.test(term)) return { council, 'search.subjects': phoneKey(term) };
  return { council, 'search.surname': term.toLowerCase() };
}
