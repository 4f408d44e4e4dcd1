/**
 * The council's own answers to the Code provisions the system cannot evidence from its records
 * (services/reports/codeProvisions.ts), one document per council, Code, financial year and
 * provision, so a year's self-assessment can be answered over several sittings and kept as it
 * was published. Validated with zod before every write (the tab sends them as JSON).
 */
import { z } from 'zod';
import { Connection, Model, Schema } from 'mongoose';

/** The Complaint Handling Codes a council assesses itself against (services/reports/codeProvisions.ts). */
export const CODES = ['lgsco', 'housing'] as const;
export type CodeId = (typeof CODES)[number];

export const COMPLIANCE = ['yes', 'partly', 'no', 'not_applicable'] as const;

const text = (max: number) => z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);

/** "2026-27": two consecutive years, as UK financial years are written. */
export const FinancialYear = z
  .string()
  .regex(/^\d{4}-\d{2}$/, 'must be a financial year such as "2026-27"')
  .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), 'must be two consecutive years such as "2026-27"');

/** What a manager sends. Strict: any other key (an operator, __proto__) is refused. */
export const SelfAssessmentAnswerInput = z.strictObject({
  financialYear: FinancialYear,
  code: z.enum(CODES),
  section: z.string().regex(/^\d{1,2}\.\d{1,2}$/, 'must be a provision number such as "3.2"'),
  complies: z.enum(COMPLIANCE),
  evidence: text(4000),
  /** What the council will do about it, where it does not comply in full. */
  improvement: text(2000).optional(),
});
export type SelfAssessmentAnswerInput = z.infer<typeof SelfAssessmentAnswerInput>;

export const SelfAssessmentAnswerDoc = SelfAssessmentAnswerInput.extend({
  /** "<council>|<code>|<financialYear>|<section>" */
  _id: z.string().min(1).max(200),
  council: z.string().min(1).max(64),
  improvement: z.string().max(2000).nullable(),
  answeredBy: z.strictObject({ id: z.string().min(1).max(128), name: z.string().min(1).max(200) }),
  answeredAt: z.date(),
});
export type SelfAssessmentAnswerDoc = z.infer<typeof SelfAssessmentAnswerDoc>;

export const answerId = (council: string, a: Pick<SelfAssessmentAnswerInput, 'code' | 'financialYear' | 'section'>) => `${council}|${a.code}|${a.financialYear}|${a.section}`;

const schema = new Schema<SelfAssessmentAnswerDoc>(
  {
    _id: { type: String, required: true },
    council: String,
    financialYear: String,
    code: String,
    section: String,
    complies: String,
    evidence: String,
    improvement: String,
    answeredBy: Schema.Types.Mixed,
    answeredAt: Date,
  },
  { collection: 'self_assessment_answers', versionKey: false, autoIndex: false, minimize: false, strict: 'throw' },
);
// A year's answers for one Code (for MongoDB; the collection stays small on FerretDB).
schema.index({ council: 1, code: 1, financialYear: 1 });

export function selfAssessmentAnswerModel(connection: Connection): Model<SelfAssessmentAnswerDoc> {
  return (connection.models.SelfAssessmentAnswer as Model<SelfAssessmentAnswerDoc>) ?? connection.model<SelfAssessmentAnswerDoc>('SelfAssessmentAnswer', schema);
}
