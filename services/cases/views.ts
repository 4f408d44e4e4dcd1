/** What callers see of a case and its timeline: the stored record plus labels and today's SLA state. */
import type { CaseRecord, CaseStage, Priority, SlaState, StaffRef, TrackKey } from '../../models/caseRecord';
import type { TimelineEventDoc } from '../../models/timelineEvent';
import type { ServiceArea } from '../../models/vocabulary';
import type { HazardLevel } from '../../models/hazardVocabulary';
import { slaOf } from './deadlines';
import { STAGE_LABEL, STATUS_LABEL } from './labels';
import type { CaseRules } from './rules';

type Internal = '_id' | 'version' | 'conversationReference' | 'search' | 'stats' | 'dueSort' | 'priorityRank' | 'hazardRank' | 'open';

export type CaseView = Omit<CaseRecord, Internal> & {
  reference: string;
  version: number;
  /** The Bot Framework ConversationReference to reach the resident, if any. */
  conversationReference: Record<string, unknown> | null;
  stageLabel: string;
  statusLabel: string;
  sla: SlaState | null;
  workingDaysLeft: number | null;
};

export interface CaseSummary {
  reference: string;
  kind: CaseRecord['kind'];
  stage: CaseStage;
  status: CaseRecord['status'];
  priority: Priority;
  leadServiceArea: ServiceArea | null;
  receivedOn: string;
  dueOn: string | null;
  dueKind: CaseRecord['dueKind'];
  sla: SlaState | null;
  workingDaysLeft: number | null;
  assignee: StaffRef | null;
  residentName: string | null;
  /** The first 140 characters of the description. */
  summary: string;
  /** A housing hazard's level, if one was recognised (these come first in the queue). */
  hazard: HazardLevel | null;
}

export interface TimelineEntry {
  seq: number;
  at: Date;
  command: string;
  actor: TimelineEventDoc['actor'];
  what: string;
  details: Record<string, unknown>;
}

export function toCaseView(record: CaseRecord, today: string, rules: CaseRules): CaseView {
  const { _id, conversationReference, search: _s, stats: _st, dueSort: _d, priorityRank: _p, hazardRank: _h, open: _o, ...rest } = record;
  return {
    ...rest,
    reference: _id,
    conversationReference: conversationReference ? (JSON.parse(conversationReference) as Record<string, unknown>) : null,
    stageLabel: STAGE_LABEL[record.stage],
    statusLabel: STATUS_LABEL[record.status],
    ...slaOf(record, today, rules),
  };
}

/** Fields a summary needs, for list projections. */
export const SUMMARY_FIELDS = '_id kind stage status priority leadServiceArea receivedOn dueOn dueKind assignee resident.name description hazard.level';

export function toSummary(
  doc: Pick<CaseRecord, '_id' | 'kind' | 'stage' | 'status' | 'priority' | 'leadServiceArea' | 'receivedOn' | 'dueOn' | 'dueKind' | 'assignee' | 'description'> & {
    resident?: { name?: string };
    /** A queue card's level, or a stored case's hazard. */
    hazard?: HazardLevel | { level: HazardLevel } | null;
  },
  today: string,
  rules: CaseRules,
): CaseSummary {
  return {
    reference: doc._id,
    kind: doc.kind,
    stage: doc.stage,
    status: doc.status,
    priority: doc.priority,
    leadServiceArea: doc.leadServiceArea ?? null,
    receivedOn: doc.receivedOn,
    dueOn: doc.dueOn ?? null,
    dueKind: doc.dueKind ?? null,
    ...slaOf({ dueOn: doc.dueOn ?? null }, today, rules),
    assignee: doc.assignee ?? null,
    residentName: doc.resident?.name ?? null,
    summary: doc.description.length > 140 ? `${doc.description.slice(0, 139)}…` : doc.description,
    hazard: typeof doc.hazard === 'string' ? doc.hazard : (doc.hazard?.level ?? null),
  };
}

export function toTimelineEntry(doc: TimelineEventDoc): TimelineEntry {
  return { seq: doc.seq, at: doc.at, command: doc.command, actor: doc.actor, what: doc.what, details: doc.details ?? {} };
}

export type { TrackKey };
