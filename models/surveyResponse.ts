/**
 * The satisfaction survey a resident is asked when their case closes (services/survey):
 *  - survey_invitations: one per case (its reference is the _id), written when the case first
 *    closes, with how the resident was asked (their chat, or the link in the closing letter);
 *  - survey_responses: one per case (the _id again, so a second answer is refused by the database).
 * No personal data: the case reference, its service area and quarters, three answers and the
 * resident's own words (the only free text, kept to 2,000 characters). In the chat each question
 * can be skipped, so an answer may be null (the page asks for all three).
 */
import { Connection, Model, Schema } from 'mongoose';
import { z } from 'zod';

export const SURVEY_ANSWERS = ['yes', 'partly', 'no'] as const;
export type SurveyAnswer = (typeof SURVEY_ANSWERS)[number];
export const SURVEY_QUESTIONS = ['handling', 'outcome', 'easyToComplain'] as const;
export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];

const Answer = z.enum(SURVEY_ANSWERS, { error: 'choose yes, partly or no' });

/** What the form sends. Strict: any other key (an operator, __proto__) is refused. */
export const SurveyAnswersInput = z.strictObject({
  token: z.string().min(1).max(200),
  handling: Answer,
  outcome: Answer,
  easyToComplain: Answer,
  comment: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(2000, 'must be at most 2,000 characters').optional()),
});
export type SurveyAnswersInput = z.infer<typeof SurveyAnswersInput>;

export const SurveyResponseDoc = z.strictObject({
  _id: z.string().regex(/^[A-Z]{2,6}-\d{4}-\d{6}$/),
  council: z.string().min(1).max(64),
  serviceArea: z.string().min(1).max(64),
  kind: z.string().min(1).max(32),
  answeredOn: z.string(),
  /** The quarter it was answered in: results are reported by it. */
  fq: z.string(),
  financialYear: z.string(),
  handling: Answer.nullable(),
  outcome: Answer.nullable(),
  easyToComplain: Answer.nullable(),
  comment: z.string().max(2000).nullable(),
});
export type SurveyResponseDoc = z.infer<typeof SurveyResponseDoc>;

export const SurveyInvitationDoc = z.strictObject({
  _id: z.string().regex(/^[A-Z]{2,6}-\d{4}-\d{6}$/),
  council: z.string().min(1).max(64),
  invitedOn: z.string(),
  fq: z.string(),
  financialYear: z.string(),
  /** "chat" once the resident's chat took it; "letter" when only the closing letter carries the link. */
  via: z.enum(['chat', 'letter']),
});
export type SurveyInvitationDoc = z.infer<typeof SurveyInvitationDoc>;

const responseSchema = new Schema<SurveyResponseDoc>(
  {
    _id: { type: String, required: true },
    council: String,
    serviceArea: String,
    kind: String,
    answeredOn: String,
    fq: String,
    financialYear: String,
    handling: String,
    outcome: String,
    easyToComplain: String,
    comment: String,
  },
  { collection: 'survey_responses', versionKey: false, autoIndex: false, minimize: false, strict: 'throw' },
);
responseSchema.index({ council: 1, financialYear: 1 });

const invitationSchema = new Schema<SurveyInvitationDoc>(
  { _id: { type: String, required: true }, council: String, invitedOn: String, fq: String, financialYear: String, via: String },
  { collection: 'survey_invitations', versionKey: false, autoIndex: false, minimize: false, strict: 'throw' },
);
invitationSchema.index({ council: 1, financialYear: 1 });

export function surveyResponseModel(connection: Connection): Model<SurveyResponseDoc> {
  return (connection.models.SurveyResponse as Model<SurveyResponseDoc>) ?? connection.model<SurveyResponseDoc>('SurveyResponse', responseSchema);
}

export function surveyInvitationModel(connection: Connection): Model<SurveyInvitationDoc> {
  return (connection.models.SurveyInvitation as Model<SurveyInvitationDoc>) ?? connection.model<SurveyInvitationDoc>('SurveyInvitation', invitationSchema);
}
