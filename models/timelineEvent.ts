/**
 * The append-only timeline of a case: the audit record, and the arbiter between concurrent
 * writers. Event n+1 of a case has the primary key "<reference>#<n+1>", so when two staff act on
 * the same version only one insert succeeds. The unique commandId makes a retried command a
 * no-op that finds its first result. `set` holds the snapshot fields the command changed, so a
 * snapshot left behind by a crash can be brought up to date from the events (see caseStore.ts).
 */
import { Connection, Model, Schema } from 'mongoose';
import type { Actor } from './caseRecord';

export interface TimelineEventDoc {
  _id: string;
  caseId: string;
  seq: number;
  commandId: string;
  command: string;
  actor: Actor;
  /** Plain words for staff: "Acknowledged", "Extended to 2027-01-20". */
  what: string;
  at: Date;
  details: Record<string, unknown>;
  /** What the command returned, so a retry returns the same thing. */
  result: Record<string, unknown> | null;
  /** Snapshot fields set by this command; removed once personal data is anonymised. */
  set: Record<string, unknown> | null;
}

const Mixed = Schema.Types.Mixed;
const schema = new Schema<TimelineEventDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    seq: { type: Number, required: true },
    commandId: { type: String, required: true },
    command: { type: String, required: true },
    actor: Mixed,
    what: String,
    at: Date,
    details: Mixed,
    result: Mixed,
    set: Mixed,
  },
  { collection: 'case_timeline', versionKey: false, autoIndex: false, minimize: false },
);
schema.index({ caseId: 1, seq: 1 }, { unique: true });
schema.index({ commandId: 1 }, { unique: true });

export const eventId = (reference: string, seq: number) => `${reference}#${String(seq).padStart(6, '0')}`;

export function timelineEventModel(connection: Connection): Model<TimelineEventDoc> {
  return (connection.models.TimelineEvent as Model<TimelineEventDoc>) ?? connection.model<TimelineEventDoc>('TimelineEvent', schema);
}
