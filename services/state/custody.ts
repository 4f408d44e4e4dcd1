/**
 * State custody: whether this process alone has been writing a state key, so the copy it wrote
 * last is still the latest and the key need not be read back from the database at the start of
 * the next turn.
 *
 * The bot's state storage cannot know that by itself (another bot instance could have written the
 * key). A channel that serializes a conversation's turns in this process and can detect any other
 * writer can: the self-hosted Direct Line stores every activity of a conversation under a
 * watermark claimed by a unique insert, and every turn starts by storing the resident's activity,
 * so a turn run by any other process shows up as a clash on the next watermark this process
 * claims (see services/directline/store.ts). It registers here, for the database connection it
 * shares with the storage, a function answering for the state keys of its conversations.
 *
 * An answer is a token: a number that stays the same for as long as custody lasts, and is never
 * given again once it is lost. `undefined` means no custody: read the database.
 */
import type { Connection } from 'mongoose';

export type StateCustody = (stateKey: string) => number | undefined;

const registry = new WeakMap<Connection, Set<StateCustody>>();

/** Registers a custody source for state keys kept through `connection`; returns its removal. */
export function registerStateCustody(connection: Connection, custody: StateCustody): () => void {
  let set = registry.get(connection);
  if (!set) registry.set(connection, (set = new Set()));
  set.add(custody);
  return () => set.delete(custody);
}

/** The custody token for a state key, if a registered source has custody of it. */
export function custodyOf(connection: Connection, stateKey: string): number | undefined {
  const set = registry.get(connection);
  if (!set) return undefined;
  for (const custody of set) {
    const token = custody(stateKey);
    if (token !== undefined) return token;
  }
  return undefined;
}
