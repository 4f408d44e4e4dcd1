/**
 * One time budget for a resident's whole turn, from the moment the request arrived: every
 * database call already has its own bound (5 s), but a turn makes several in a row (is this our
 * Direct Line conversation, is this a redelivery, read the state, ... write it), so a database that
 * is down or stalled could keep a resident waiting 15 s or more. Past the budget the resident is
 * told once that something went wrong (en.errors.generic), and the turn is abandoned: whatever it
 * would still say is dropped, and its state is not saved, so "Nothing you've told us so far has
 * been lost" stays true and repeating the answer picks up where they were.
 *
 * The abandoned work is not cancelled (JavaScript cannot stop it); it finishes or fails on its
 * own, and `onAbandonedSettled` hears when, with the failure if it failed.
 */
import { ActivityTypes, TurnContext } from 'botbuilder';
import { en } from '../locale/en-GB';

/** turnState key: epoch ms when the request carrying this turn arrived (set by the HTTP route). */
export const TURN_RECEIVED_AT = Symbol('turnReceivedAt');
const ABANDONED = Symbol('turnAbandoned');

export const DEFAULT_TURN_BUDGET_MS = 10_000;

/** True once the turn has run out of time: its state must not be saved. */
export function turnAbandoned(context: TurnContext): boolean {
  return context.turnState.get(ABANDONED) === true;
}

export async function runWithinBudget(context: TurnContext, budgetMs: number, work: () => Promise<void>, onAbandonedSettled?: (err?: unknown) => void): Promise<void> {
  const receivedAt = (context.turnState.get(TURN_RECEIVED_AT) as number | undefined) ?? Date.now();
  let noticeSent = false;
  // Registered first, so it sees every send of this turn: after the budget, only the one notice goes out.
  context.onSendActivities(async (_ctx, activities, next) => {
    if (!turnAbandoned(context)) return next();
    if (!noticeSent && activities.every((a) => a.text === en.errors.generic)) {
      noticeSent = true;
      return next();
    }
    return [];
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, receivedAt + budgetMs - Date.now()))));
  const running = work().then(() => 'done' as const);
  try {
    if ((await Promise.race([running, late])) === 'done') return;
  } finally {
    clearTimeout(timer);
  }
  context.turnState.set(ABANDONED, true);
  running.then(() => onAbandonedSettled?.(), (err: unknown) => onAbandonedSettled?.(err ?? new Error('failed')));
  const { type } = context.activity;
  if (type === ActivityTypes.Message || type === ActivityTypes.ConversationUpdate) {
    // Said as onTurnError says it; a channel that cannot take it either is beyond our reach.
    await context.sendActivity(en.errors.generic).catch(() => undefined);
  }
}
