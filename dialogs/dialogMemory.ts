/**
 * botbuilder-dialogs builds its memory scopes and path resolvers (turn, dialog, settings, ...) on
 * every turn, at the turn's first DialogContext, and keeps them for that turn under a turn-state
 * key: a dependency graph and a schema check each time, about 3% of a turn's CPU. They hold no
 * state of their own (what they reach lives in the turn state and the dialog stack; botbuilder's
 * DialogManager shares one set across turns the same way), so the set built on the first turn is
 * given to every later one. Should botbuilder rename the key, it only builds its own again.
 */
import type { TurnContext } from 'botbuilder';

/** botbuilder-dialogs' own key (memory/dialogStateManager.js). */
const CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

let shared: unknown;

/** At a turn's start: the memory scopes built before, if any. */
export function reuseDialogMemory(context: TurnContext): void {
  if (shared !== undefined && !context.turnState.has(CONFIGURATION_KEY)) context.turnState.set(CONFIGURATION_KEY, shared);
}

/** At a turn's end: keep the memory scopes this turn built, for the next turns. */
export function keepDialogMemory(context: TurnContext): void {
  shared ??= context.turnState.get(CONFIGURATION_KEY);
}
