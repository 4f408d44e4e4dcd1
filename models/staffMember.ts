/**
 * Council staff who use the Teams app, and their roles. One document per person per council,
 * keyed by their Microsoft Entra object id (the `aadObjectId` Teams sends and the `oid` claim of
 * a tab's SSO token), so the bot and the tab agree on who someone is.
 */
import { z } from 'zod';
import { Connection, Model, Schema } from 'mongoose';

export const STAFF_ROLES = ['triage', 'investigator', 'reviewer', 'manager'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

export const StaffMemberDoc = z.strictObject({
  /** "<council>|<aadObjectId>" */
  _id: z.string().min(3).max(200),
  council: z.string().min(1).max(64),
  aadObjectId: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  roles: z.array(StaffRole),
  /** The Teams user id ("29:…"), once seen: Adaptive Card refresh lists people by it. */
  teamsUserId: z.string().max(512).nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type StaffMemberDoc = z.infer<typeof StaffMemberDoc>;

export const staffMemberId = (council: string, aadObjectId: string) => `${council}|${aadObjectId}`;

const schema = new Schema<StaffMemberDoc>(
  {
    _id: { type: String, required: true },
    council: { type: String, required: true },
    aadObjectId: { type: String, required: true },
    name: { type: String, required: true },
    roles: [String],
    teamsUserId: String,
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'staff_members', versionKey: false, autoIndex: false, minimize: false, strict: 'throw' },
);
schema.index({ council: 1, roles: 1 });

export function staffMemberModel(connection: Connection): Model<StaffMemberDoc> {
  return (connection.models.StaffMember as Model<StaffMemberDoc>) ?? connection.model<StaffMemberDoc>('StaffMember', schema);
}
