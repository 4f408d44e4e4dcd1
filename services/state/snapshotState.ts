/**
 * botbuilder's ConversationState, with a cheaper check of whether a turn changed the state.
 * botbuilder decides it by hashing the state (its own stringify, which calls a replacer for every
 * value, then SHA-256) when it is loaded, again before saving and again after: three passes over
 * the whole conversation state (the dialog stack and the draft) on every turn. Here the JSON
 * itself is what is compared, made once on load and once on save. The state is plain JSON data
 * (the storage keeps it as JSON), so what counts as a change is the same.
 */
import { ConversationState, type TurnContext } from 'botbuilder';

interface Cached {
  state: Record<string, unknown>;
  /** botbuilder calls it a hash; here it is the state's JSON without its eTag. An empty string forces a save (BotState.clear). */
  hash: string;
}

function snapshot(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}

export class SnapshotConversationState extends ConversationState {
  /** Where BotState keeps the turn's copy (private there; its shape, { state, hash }, is shared with clear() and get()). */
  private get cacheKey(): symbol {
    return (this as unknown as { stateKey: symbol }).stateKey;
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (!force && cached?.state) return cached.state;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    const state = (items[key] as Record<string, unknown> | undefined) ?? {};
    context.turnState.set(this.cacheKey, { state, hash: snapshot(state) } satisfies Cached);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    let cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    const now = cached ? snapshot(cached.state) : undefined;
    if (!force && (!cached || cached.hash === now)) return;
    const key = await this.storageKey(context);
    cached ??= { state: {}, hash: '' };
    cached.state.eTag = '*';
    await this.storage.write({ [key]: cached.state });
    cached.hash = now ?? snapshot(cached.state);
    context.turnState.set(this.cacheKey, cached);
  }
}
