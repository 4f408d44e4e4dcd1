/**
 * Allocated case references, one document each. The reference is the primary key, so two
 * allocators can never take the same number (inserts against a unique key are the one atomic
 * operation FerretDB 1.x offers); the unique commandId makes a retried "open" reuse its number.
 */
import { Connection, Model, Schema } from 'mongoose';

export interface CaseReferenceDoc {
  _id: string; // OWBC-2026-000123
  series: string; // OWBC-2026
  seq: number;
  commandId: string;
  allocatedAt: Date;
}

const schema = new Schema<CaseReferenceDoc>(
  {
    _id: { type: String, required: true },
    series: { type: String, required: true },
    seq: { type: Number, required: true },
    commandId: { type: String, required: true },
    allocatedAt: { type: Date, required: true },
  },
  { collection: 'case_references', versionKey: false, autoIndex: false },
);
schema.index({ series: 1, seq: -1 });
schema.index({ commandId: 1 }, { unique: true });

export function caseReferenceModel(connection: Connection): Model<CaseReferenceDoc> {
  return (connection.models.CaseReference as Model<CaseReferenceDoc>) ?? connection.model<CaseReferenceDoc>('CaseReference', schema);
}
