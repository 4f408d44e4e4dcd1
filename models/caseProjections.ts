/**
 * Read models kept beside the cases, because FerretDB 1.24 on SQLite uses no index for queries
 * (every find scans its collection), so the staff queue and the reports must scan small
 * collections rather than every case ever held:
 *  - case_queue: one small document per OPEN case, with just what the queue shows and filters on;
 *  - case_stats_<year>_q<n>: per UK financial quarter, one document per case with any figure in
 *    that quarter (received, acknowledged, responded, referred, learning points).
 * Both are derived from the case snapshot after every command (see caseStore.saveProjections)
 * and can be rebuilt from the cases collection at any time.
 */
import { Connection, Model, Schema } from 'mongoose';
import type { CaseRecord } from './caseRecord';

export type QueueEntry = Pick<
  CaseRecord,
  '_id' | 'council' | 'version' | 'open' | 'kind' | 'stage' | 'status' | 'priority' | 'priorityRank' | 'leadServiceArea' | 'serviceAreas' | 'receivedOn' | 'receivedAt' | 'dueOn' | 'dueKind' | 'dueSort' | 'assignee' | 'description'
> & { resident: { name?: string } };

export type StatsEntry = Pick<CaseRecord, '_id' | 'council' | 'version' | 'kind' | 'channel' | 'leadServiceArea' | 'serviceAreas' | 'receivedOn' | 'receivedAt' | 'stats'> & {
  learningPoints: Array<{ theme: string; fq: string }>;
  /** Compliments only: the text for the compliments register. */
  description: string | null;
};

const Mixed = Schema.Types.Mixed;
const loose = { versionKey: false, autoIndex: false, minimize: false, strict: false } as const;

const queueSchema = new Schema<QueueEntry>({ _id: String }, { ...loose, collection: 'case_queue' });
// The triage queue and its filters, each sorted by due date then priority (used by MongoDB; FerretDB 1.24 scans).
queueSchema.index({ council: 1, dueSort: 1, priorityRank: 1 });
queueSchema.index({ council: 1, stage: 1, dueSort: 1 });
queueSchema.index({ council: 1, kind: 1, dueSort: 1 });
queueSchema.index({ council: 1, 'assignee.id': 1, dueSort: 1 });
queueSchema.index({ council: 1, serviceAreas: 1, dueSort: 1 });

const statsSchema = new Schema<StatsEntry>({ _id: String, stats: Mixed }, loose);

export function caseQueueModel(connection: Connection): Model<QueueEntry> {
  return (connection.models.CaseQueueEntry as Model<QueueEntry>) ?? connection.model<QueueEntry>('CaseQueueEntry', queueSchema);
}

/** "2026-27 Q1" → case_stats_2026_27_q1 */
export const statsCollectionName = (quarter: string) => `case_stats_${quarter.replace(/[- ]/g, '_').toLowerCase()}`;

export function caseStatsModel(connection: Connection, quarter: string): Model<StatsEntry> {
  const name = `CaseStats_${quarter.replace(/[- ]/g, '_')}`;
  return (connection.models[name] as Model<StatsEntry>) ?? connection.model<StatsEntry>(name, statsSchema.clone(), statsCollectionName(quarter));
}

export function toQueueEntry(r: CaseRecord): QueueEntry {
  return {
    _id: r._id,
    council: r.council,
    version: r.version,
    open: r.open,
    kind: r.kind,
    stage: r.stage,
    status: r.status,
    priority: r.priority,
    priorityRank: r.priorityRank,
    leadServiceArea: r.leadServiceArea,
    serviceAreas: r.serviceAreas,
    receivedOn: r.receivedOn,
    receivedAt: r.receivedAt,
    dueOn: r.dueOn,
    dueKind: r.dueKind,
    dueSort: r.dueSort,
    assignee: r.assignee,
    resident: r.resident.name ? { name: r.resident.name } : {},
    description: r.description.length > 140 ? `${r.description.slice(0, 139)}…` : r.description,
  };
}

export function toStatsEntry(r: CaseRecord): StatsEntry {
  return {
    _id: r._id,
    council: r.council,
    version: r.version,
    kind: r.kind,
    channel: r.channel,
    leadServiceArea: r.leadServiceArea,
    serviceAreas: r.serviceAreas,
    receivedOn: r.receivedOn,
    receivedAt: r.receivedAt,
    stats: r.stats,
    learningPoints: r.learningPoints.map((l) => ({ theme: l.theme, fq: l.fq })),
    description: r.kind === 'compliment' ? r.description : null,
  };
}

/** Every quarter in which a case has a figure. */
export function quartersOf(r: Pick<CaseRecord, 'stats' | 'learningPoints'>): string[] {
  const s = r.stats;
  const qs = new Set<string>([s.receivedFq]);
  for (const t of [s.sr, s.s1, s.s2, s.feedback]) {
    if (!t) continue;
    for (const q of [t.receivedFq, t.ackFq, t.respondedFq]) if (q) qs.add(q);
  }
  for (const q of [s.ombudsmanFq, s.closedFq]) if (q) qs.add(q);
  for (const l of r.learningPoints) qs.add(l.fq);
  return [...qs].sort();
}
