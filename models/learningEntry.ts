/**
 * The learning register: one document per learning point of a case, kept from the case record
 * (services/learning/learningRegister.ts rewrites a case's entries after each of its events), so
 * the register lists and counts them across cases without reading every case. Staff words only:
 * what was learnt and the action; no resident's details.
 */
import { Connection, Model, Schema } from 'mongoose';
import { z } from 'zod';
import { LearningAction } from './caseRecord';

export const LEARNING_STATUSES = ['open', 'overdue', 'done', 'no_action'] as const;
export type LearningStatus = (typeof LEARNING_STATUSES)[number];

export const LearningEntryDoc = z.strictObject({
  /** "<reference>|<point id>" */
  _id: z.string().min(1).max(64),
  council: z.string().min(1).max(64),
  reference: z.string().min(1).max(32),
  pointId: z.string().regex(/^L\d{1,3}$/),
  serviceArea: z.string().min(1).max(64),
  theme: z.string().min(1).max(100),
  detail: z.string().min(1).max(2000),
  addedOn: z.string(),
  /** "2026-27 Q1": the quarter it was recorded in (the register is reported by quarter). */
  fq: z.string(),
  financialYear: z.string(),
  action: LearningAction.nullable(),
});
export type LearningEntryDoc = z.infer<typeof LearningEntryDoc>;

const schema = new Schema<LearningEntryDoc>(
  {
    _id: { type: String, required: true },
    council: String,
    reference: String,
    pointId: String,
    serviceArea: String,
    theme: String,
    detail: String,
    addedOn: String,
    fq: String,
    financialYear: String,
    action: Schema.Types.Mixed,
  },
  { collection: 'learning_entries', versionKey: false, autoIndex: false, minimize: false, strict: 'throw' },
);
schema.index({ council: 1, financialYear: 1 });

export function learningEntryModel(connection: Connection): Model<LearningEntryDoc> {
  return (connection.models.LearningEntry as Model<LearningEntryDoc>) ?? connection.model<LearningEntryDoc>('LearningEntry', schema);
}
