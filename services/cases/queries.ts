/** The staff views: triage queue with filters, my cases, overdue, and search. All use indexes on `cases`. */
import type { FilterQuery } from 'mongoose';
import type { CaseRecord, CaseStage, Priority, SlaState } from '../../models/caseRecord';
import type { FeedbackKind, ServiceArea } from '../policy/vocabulary';
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

export const QUEUE_SORT = { dueSort: 1, priorityRank: 1, _id: 1 } as const;

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
