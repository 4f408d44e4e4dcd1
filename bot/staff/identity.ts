/** Who sent a Teams activity, and from which Microsoft 365 tenant, read with zod from the activity. */
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { StaffIdentity } from '../../services/teams/staffDirectory';

const TeamsChannelData = z.looseObject({
  tenant: z.looseObject({ id: z.string() }).optional(),
  team: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
  channel: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
  eventType: z.string().optional(),
  settings: z.looseObject({ selectedChannel: z.looseObject({ id: z.string() }).optional() }).optional(),
});
export type TeamsChannelData = z.infer<typeof TeamsChannelData>;

export function channelDataOf(activity: Partial<Activity>): TeamsChannelData {
  const parsed = TeamsChannelData.safeParse(activity.channelData ?? {});
  return parsed.success ? parsed.data : {};
}

export function tenantOf(activity: Partial<Activity>): string | null {
  return (channelDataOf(activity).tenant?.id ?? activity.conversation?.tenantId ?? null)?.toLowerCase() ?? null;
}

export function staffIdentityOf(activity: Partial<Activity>): StaffIdentity | null {
  const from = activity.from;
  if (!from?.aadObjectId) return null;
  return { aadObjectId: from.aadObjectId, name: from.name?.trim() || 'Staff member', teamsUserId: from.id };
}

/** The channel a channel activity belongs to (a thread's conversation id is "<channel>;messageid=<root>"). */
export function channelIdOf(activity: Partial<Activity>): string | null {
  if (activity.conversation?.conversationType !== 'channel') return null;
  return channelDataOf(activity).channel?.id ?? activity.conversation.id.split(';')[0];
}
