/**
 * Signposting: one document per conversation and route the bot signposted elsewhere (an appeal,
 * an insurance claim, the police...), so the annual report can count the matters not handled as
 * complaints, including conversations that ended there without a case (LGSCO and Housing
 * Ombudsman Codes section 8: matters refused and why). No personal data and no message text: the
 * route, the council, the day, the channel, and whether a case followed. The _id is the intake's
 * own random id with the route, so thinking again in one conversation does not count twice.
 */
import { Connection, Model, Schema } from 'mongoose';
import { z } from 'zod';
import { RouteId } from './vocabulary';

export const SignpostingDoc = z.strictObject({
  /** "<intake id>|<route>" */
  _id: z.string().min(1).max(120),
  council: z.string().min(1).max(64),
  route: RouteId,
  on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** "2026-27 Q1": the quarter it happened in. */
  fq: z.string(),
  financialYear: z.string(),
  /** The Bot Framework channel id ("directline", "facebook", ...). */
  channel: z.string().min(1).max(40),
  /** The intake's random id, to mark the records when a case is opened from it. */
  intake: z.string().min(1).max(100),
  caseOpened: z.boolean(),
});
export type SignpostingDoc = z.infer<typeof SignpostingDoc>;

const schema = new Schema<SignpostingDoc>(
  { _id: { type: String, required: true }, council: String, route: String, on: String, fq: String, financialYear: String, channel: String, intake: String, caseOpened: Boolean },
  { collection: 'signpostings', versionKey: false, autoIndex: false, minimize: false, strict: 'throw' },
);
schema.index({ council: 1, financialYear: 1 });
schema.index({ intake: 1 });

export function signpostingModel(connection: Connection): Model<SignpostingDoc> {
  return (connection.models.Signposting as Model<SignpostingDoc>) ?? connection.model<SignpostingDoc>('Signposting', schema);
}
