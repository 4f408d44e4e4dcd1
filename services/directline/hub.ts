/**
 * Live fan-out of a conversation's activities to the WebSocket streams this process holds.
 * Stored activities carry their watermark; typing indicators are live only and carry none.
 *
 * What another instance stores reaches these streams through a cross-instance feed
 * (./liveFeed.ts), which publishes here too. A stream drops anything at or below what it has
 * already sent and fills any gap from the store (./stream.ts), so the same activity arriving
 * twice (stored here and seen again by the feed) or out of order is harmless.
 */
import type { DirectLineActivity } from './store';

export type Listener = (activity: DirectLineActivity, watermark: number | undefined) => void;

export class DirectLineHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** conversationId -> the highest watermark known to have reached this hub (for conversations with listeners). */
  private readonly delivered = new Map<string, number>();

  subscribe(conversationId: string, listener: Listener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(conversationId) === set) {
        this.listeners.delete(conversationId);
        this.delivered.delete(conversationId);
      }
    };
  }

  publish(conversationId: string, activity: DirectLineActivity, watermark?: number): void {
    const set = this.listeners.get(conversationId);
    if (!set) return;
    if (watermark !== undefined) this.noteDelivered(conversationId, watermark);
    for (const listener of set) listener(activity, watermark);
  }

  /** A stream has everything up to `watermark` (its history replay): the feed looks for what comes after. */
  noteDelivered(conversationId: string, watermark: number): void {
    if (!this.listeners.has(conversationId)) return;
    const known = this.delivered.get(conversationId);
    if (known === undefined || watermark > known) this.delivered.set(conversationId, watermark);
  }

  /** Conversations with a stream here, with the highest watermark known to have reached it. */
  watched(): Array<[conversationId: string, watermark: number]> {
    return [...this.delivered];
  }

  isWatched(conversationId: string): boolean {
    return this.listeners.has(conversationId);
  }

  listenerCount(conversationId: string): number {
    return this.listeners.get(conversationId)?.size ?? 0;
  }
}
