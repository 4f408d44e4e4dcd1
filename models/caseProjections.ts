/**
 * Read models kept beside the cases. FerretDB 1.24 on SQLite uses no index for a query: every find
 * reads its whole collection, and only a filter that is exactly `{_id: <string>}` is evaluated
 * inside SQLite (~2 µs a row); anything else decodes every document in Go, at a cost that grows
 * with the number of fields (~20 µs for a document of one or two fields, ~85 µs for the eleven of a
 * queue document, ~150 µs for a nested case summary). So the read models are small collections of
 * documents with as few fields as the job allows:
 *  - case_queue: one document per OPEN case: the fields the queue filters and sorts on (so that
 *    queries.queueQuery and its MongoDB indexes still work on it) and the rest of what it shows
 *    packed into one string, `card`.
 *    It is read whole only to (re)build a process's in-memory queue (services/cases/queueReadModel.ts);
 *  - case_queue_changes: an append-only log of queue changes (seq = _id, taken by unique insert),
 *    which keeps every process's in-memory queue current with one `_id` look-up per read;
 *  - case_stats_<year>_q<n>: per UK financial quarter, one document per case with any figure in
 *    that quarter: `{_id, f}` where f packs the case's statistics (one field: decoding is cheap).
 * All are derived from the case snapshot after every command (caseStore.saveProjections). Documents
 * in the older, unpacked shapes (whole QueueEntry / StatsEntry documents) are still read correctly.
 */
import { Connection, Model, Schema } from 'mongoose';
import type { RouteId } from './vocabulary';
import type { HazardLevel } from './hazardVocabulary';
import type { CaseRecord, ClosureReason, Track } from './caseRecord';

/** What the queue shows and filters on for one open case (in memory). */
export type QueueCard = Pick<
  CaseRecord,
  '_id' | 'council' | 'version' | 'kind' | 'stage' | 'status' | 'priority' | 'priorityRank' | 'leadServiceArea' | 'serviceAreas' | 'receivedOn' | 'dueOn' | 'dueKind' | 'dueSort' | 'assignee' | 'description' | 'hazardRank'
> & { resident: { name?: string }; hazard: HazardLevel | null };

/** A case_queue document: indexed fields as fields, the rest of the card packed into `card`. */
export type QueueDoc = Pick<CaseRecord, '_id' | 'council' | 'version' | 'open' | 'dueSort' | 'priorityRank' | 'stage' | 'kind' | 'priority' | 'assignee' | 'serviceAreas' | 'hazardRank'> & {
  /** JSON: [status, leadServiceArea, receivedOn, dueOn, dueKind, residentName, summary, hazardLevel]. */
  card: string;
};

/** One entry of the queue's change log. */
export interface QueueChange {
  /** The change's sequence number, zero-padded (see seqId). */
  _id: string;
  /** Wall-clock time it was written (for trimming the log). */
  at: Date;
  ref: string;
  /** The case version the change brings the queue to. */
  v: number;
  /** The case's QueueDoc as JSON, or null when the case left the queue (closed). */
  q: string | null;
  /**
   * The case's statistics, packed as in case_stats documents (StatsDoc.f), for the in-memory
   * statistics (services/reports/statsReadModel.ts). Absent in entries written before it existed.
   */
  s?: string;
}

/** A stage's dates, for timeliness against the Complaint Handling Codes: [startedOn, acknowledgedOn, respondedOn, originalRespondBy, respondBy, extensions]. */
export type TrackDates = [string, string | null, string | null, string | null, string | null, number];

/**
 * What the annual report and the Code self-assessment need beyond the quarterly figures: the
 * dates (the Codes count their own timescales, whatever the pack says), why a matter was not
 * handled as asked, and whether a stage 2 review had its own reviewer. Null in documents written
 * before these existed (a case's next command writes them).
 */
export interface GovernanceFacts {
  sr: TrackDates | null;
  s1: TrackDates | null;
  s2: TrackDates | null;
  /** Matters the resident was signposted elsewhere for, in the conversation that opened the case. */
  signposted: RouteId[];
  /** Received outside the pack's time limit, with the reason recorded for the council's discretion. */
  outOfTime: boolean;
  closure: ClosureReason | null;
  ombudsman: 'lgsco' | 'housing' | null;
  /** Stage 2 answered by someone other than the stage 1 handler: 1; the same person: 0; not known: null. */
  independentReview: 0 | 1 | null;
}

/** The figures a report needs about one case (in memory). */
export type StatsEntry = Pick<CaseRecord, '_id' | 'council' | 'version' | 'kind' | 'channel' | 'leadServiceArea' | 'serviceAreas' | 'receivedOn' | 'receivedAt' | 'stats'> & {
  learningPoints: Array<{ theme: string; fq: string }>;
  /** Compliments only: the text for the compliments register. */
  description: string | null;
  governance: GovernanceFacts | null;
};

/** A case_stats_<quarter> document: the StatsEntry packed (see packStats). */
export interface StatsDoc {
  _id: string;
  f: string;
}

const Mixed = Schema.Types.Mixed;
const loose = { versionKey: false, autoIndex: false, minimize: false, strict: false } as const;

const queueSchema = new Schema<QueueDoc>({ _id: String }, { ...loose, collection: 'case_queue' });
// The triage queue and its filters, each sorted by due date then priority (for MongoDB; the service
// itself serves the queue from memory, see services/cases/queueReadModel.ts).
queueSchema.index({ council: 1, hazardRank: 1, dueSort: 1, priorityRank: 1 });
queueSchema.index({ council: 1, stage: 1, dueSort: 1 });
queueSchema.index({ council: 1, kind: 1, dueSort: 1 });
queueSchema.index({ council: 1, 'assignee.id': 1, dueSort: 1 });
queueSchema.index({ council: 1, serviceAreas: 1, dueSort: 1 });

const changeSchema = new Schema<QueueChange>({ _id: String, at: Date, ref: String, v: Number, q: String }, { ...loose, collection: 'case_queue_changes' });
// A writer's check for a newer version of its case (for MongoDB; the log is small on FerretDB).
changeSchema.index({ ref: 1 });

const statsSchema = new Schema<StatsDoc>({ _id: String, f: Mixed }, loose);

export function caseQueueModel(connection: Connection): Model<QueueDoc> {
  return (connection.models.CaseQueueEntry as Model<QueueDoc>) ?? connection.model<QueueDoc>('CaseQueueEntry', queueSchema);
}

export function caseQueueChangeModel(connection: Connection): Model<QueueChange> {
  return (connection.models.CaseQueueChange as Model<QueueChange>) ?? connection.model<QueueChange>('CaseQueueChange', changeSchema);
}

/** "2026-27 Q1" → case_stats_2026_27_q1 */
export const statsCollectionName = (quarter: string) => `case_stats_${quarter.replace(/[- ]/g, '_').toLowerCase()}`;

export function caseStatsModel(connection: Connection, quarter: string): Model<StatsDoc> {
  const name = `CaseStats_${quarter.replace(/[- ]/g, '_')}`;
  return (connection.models[name] as Model<StatsDoc>) ?? connection.model<StatsDoc>(name, statsSchema.clone(), statsCollectionName(quarter));
}

// ---- the queue -------------------------------------------------------------------------------

const summaryOf = (description: string) => (description.length > 140 ? `${description.slice(0, 139)}…` : description);

export function toQueueDoc(r: CaseRecord): QueueDoc {
  return {
    _id: r._id,
    council: r.council,
    version: r.version,
    open: r.open,
    dueSort: r.dueSort,
    priorityRank: r.priorityRank,
    hazardRank: r.hazardRank,
    stage: r.stage,
    kind: r.kind,
    priority: r.priority,
    assignee: r.assignee,
    serviceAreas: r.serviceAreas,
    card: JSON.stringify([r.status, r.leadServiceArea, r.receivedOn, r.dueOn, r.dueKind, r.resident.name ?? null, summaryOf(r.description), r.hazard?.level ?? null]),
  };
}

type Card = [QueueCard['status'], QueueCard['leadServiceArea'], string, string | null, QueueCard['dueKind'], string | null, string, HazardLevel | null | undefined];

/** The card from a case_queue document, packed or in the older unpacked shape (which has every field). */
export function toQueueCard(doc: QueueDoc | QueueCard): QueueCard {
  const base = {
    _id: doc._id,
    council: doc.council,
    version: doc.version,
    dueSort: doc.dueSort,
    priorityRank: doc.priorityRank,
    // Documents written before hazards were recognised have none.
    hazardRank: doc.hazardRank ?? 2,
    stage: doc.stage,
    kind: doc.kind,
    priority: doc.priority,
    assignee: doc.assignee ?? null,
    serviceAreas: doc.serviceAreas ?? [],
  };
  if (typeof (doc as QueueDoc).card !== 'string') {
    const d = doc as QueueCard;
    return {
      ...base,
      status: d.status,
      leadServiceArea: d.leadServiceArea ?? null,
      receivedOn: d.receivedOn,
      dueOn: d.dueOn ?? null,
      dueKind: d.dueKind ?? null,
      resident: d.resident?.name ? { name: d.resident.name } : {},
      description: summaryOf(d.description ?? ''),
      hazard: d.hazard ?? null,
    };
  }
  const [status, leadServiceArea, receivedOn, dueOn, dueKind, name, description, hazard] = JSON.parse((doc as QueueDoc).card) as Card;
  return { ...base, status, leadServiceArea, receivedOn, dueOn, dueKind, resident: name ? { name } : {}, description, hazard: hazard ?? null };
}

// ---- statistics ------------------------------------------------------------------------------

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
    governance: governanceFacts(r),
  };
}

const trackDates = (t: Track | undefined): TrackDates | null =>
  t ? [t.startedOn, t.acknowledgedOn, t.respondedOn, t.originalRespondBy, t.respondBy, t.extensions.length] : null;

function governanceFacts(r: CaseRecord): GovernanceFacts {
  const s1 = r.tracks.stage1?.handler?.id;
  const s2 = r.tracks.stage2?.handler?.id;
  return {
    sr: trackDates(r.tracks.service_request),
    s1: trackDates(r.tracks.stage1),
    s2: trackDates(r.tracks.stage2),
    signposted: r.signposted,
    outOfTime: r.outOfTimeReason !== null,
    closure: r.closure?.reason ?? null,
    ombudsman: r.ombudsman?.which ?? null,
    independentReview: s1 && s2 ? (s1 === s2 ? 0 : 1) : null,
  };
}

type PackedGovernance = [sr: TrackDates | null, s1: TrackDates | null, s2: TrackDates | null, signposted: RouteId[], outOfTime: 0 | 1, closure: ClosureReason | null, ombudsman: GovernanceFacts['ombudsman'], independentReview: 0 | 1 | null];
const packGovernance = (g: GovernanceFacts | null): PackedGovernance | null =>
  g ? [g.sr, g.s1, g.s2, g.signposted, g.outOfTime ? 1 : 0, g.closure, g.ombudsman, g.independentReview] : null;
const unpackGovernance = (p: PackedGovernance | null | undefined): GovernanceFacts | null =>
  p ? { sr: p[0], s1: p[1], s2: p[2], signposted: p[3], outOfTime: p[4] === 1, closure: p[5], ombudsman: p[6], independentReview: p[7] } : null;

const STAGE_STATS = ['receivedFq', 'ackFq', 'ackOnTime', 'respondedFq', 'onTime', 'workingDays', 'decision'] as const;
const TRACKS = ['sr', 's1', 's2', 'feedback'] as const;
type Packed = [
  version: number,
  council: string,
  kind: StatsEntry['kind'],
  channel: string,
  leadServiceArea: StatsEntry['leadServiceArea'],
  serviceAreas: StatsEntry['serviceAreas'],
  receivedOn: string,
  receivedAt: number,
  receivedFq: string,
  housing: 0 | 1,
  tracks: Array<unknown[] | null>,
  ombudsmanFq: string | null,
  closedFq: string | null,
  learningPoints: Array<[string, string]>,
  description: string | null,
  /** Absent in documents written before the annual report existed. */
  governance?: PackedGovernance | null,
];

/** A StatsEntry as one JSON array in one field (`f`): FerretDB decodes a one-field document several times faster. */
export function toStatsDoc(r: CaseRecord | StatsEntry): StatsDoc {
  const e = 'search' in r ? toStatsEntry(r) : r;
  const s = e.stats;
  const packed: Packed = [
    e.version,
    e.council,
    e.kind,
    e.channel,
    e.leadServiceArea,
    e.serviceAreas,
    e.receivedOn,
    e.receivedAt.getTime(),
    s.receivedFq,
    s.housing ? 1 : 0,
    TRACKS.map((t) => (s[t] ? STAGE_STATS.map((k) => s[t]![k]) : null)),
    s.ombudsmanFq,
    s.closedFq,
    e.learningPoints.map((l) => [l.theme, l.fq]),
    e.description,
    packGovernance(e.governance),
  ];
  return { _id: e._id, f: JSON.stringify(packed) };
}

/** The StatsEntry in a case_stats document, packed or in the older unpacked shape. */
export function fromStatsDoc(doc: StatsDoc | StatsEntry): StatsEntry {
  if (typeof (doc as StatsDoc).f !== 'string') return { ...(doc as StatsEntry), governance: (doc as StatsEntry).governance ?? null };
  const [version, council, kind, channel, leadServiceArea, serviceAreas, receivedOn, receivedAt, receivedFq, housing, tracks, ombudsmanFq, closedFq, learningPoints, description, governance] = JSON.parse(
    (doc as StatsDoc).f,
  ) as Packed;
  const stats = { receivedFq, housing: housing === 1, ombudsmanFq, closedFq } as StatsEntry['stats'];
  TRACKS.forEach((t, i) => {
    const values = tracks[i];
    stats[t] = values ? (Object.fromEntries(STAGE_STATS.map((k, j) => [k, values[j]])) as NonNullable<StatsEntry['stats']['s1']>) : null;
  });
  return {
    _id: doc._id,
    council,
    version,
    kind,
    channel,
    leadServiceArea,
    serviceAreas,
    receivedOn,
    receivedAt: new Date(receivedAt),
    stats,
    learningPoints: learningPoints.map(([theme, fq]) => ({ theme, fq })),
    description,
    governance: unpackGovernance(governance),
  };
}

/** The case version a stored read-model document was written from (either shape). */
export function statsDocVersion(doc: StatsDoc | StatsEntry): number {
  return typeof (doc as StatsDoc).f === 'string' ? (JSON.parse((doc as StatsDoc).f) as Packed)[0] : (doc as StatsEntry).version;
}

/** Every quarter in which a case has a figure. */
export function quartersOf(r: Pick<CaseRecord, 'stats'> & { learningPoints: ReadonlyArray<{ fq: string }> }): string[] {
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
