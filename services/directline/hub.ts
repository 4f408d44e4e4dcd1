/**
 * Live fan-out of a conversation's activities to its open WebSocket streams, in this process.
 * Stored activities carry their watermark; typing indicators are live only and carry none.
 * (One process serves a conversation's stream; several instances behind a load balancer would
 * need sticky sessions or a shared bus here.)
 */
import type { DirectLineActivity } from './store';

export type Listener = (activity: DirectLineActivity, watermark: number | undefined) => void;

export class DirectLineHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(conversationId: string, listener: Listener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(conversationId) === set) this.listeners.delete(conversationId);
    };
  }

  publish(conversationId: string, activity: DirectLineActivity, watermark?: number): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(activity, watermark);
  }

  listenerCount(conversationId: string): number {
    return this.listeners.get(conversationId)?.size ?? 0;
  }
}
