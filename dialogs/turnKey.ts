import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';

/**
 * A key for one resident turn, for command ids that must repeat when the same turn is retried and
 * differ otherwise. Activity ids are unique within a conversation only, and channels' conversation
 * ids can be long: hashed, the key is short and fixed whatever the channel sends.
 */
export function turnKey(activity: Pick<Activity, 'channelId' | 'conversation' | 'id'>): string {
  return createHash('sha256').update(`${activity.channelId}:${activity.conversation?.id}:${activity.id ?? Date.now()}`).digest('base64url').slice(0, 32);
}
