/**
 * Delivers a staff member's message to the resident's own conversation (Web Chat / Direct Line),
 * proactively through the adapter, with the conversation reference stored on the case. Whether it
 * arrived is reported back so staff know to use email or phone instead.
 */
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { RelayResult } from '../cases';
import { StoredReference } from './triageRegistry';
import { residentText } from './wording';

/** A stored reference (checked with zod when read) as botbuilder types it. */
export const asConversationReference = (r: StoredReference) => r as unknown as Partial<ConversationReference>;

/**
 * Runs `logic` in a proactive turn on `reference` and fails if it fails. The adapter's own
 * onTurnError would otherwise swallow the error (it only reports errors of incoming messages),
 * and a sender could not tell a delivered message from a lost one.
 */
export async function continueConversation(adapter: CloudAdapter, botAppId: string, reference: StoredReference, logic: (context: TurnContext) => Promise<void>): Promise<void> {
  let failure: unknown;
  await adapter.continueConversationAsync(botAppId, asConversationReference(reference), async (context) => {
    try {
      await logic(context);
    } catch (err) {
      failure = err;
    }
  });
  if (failure) throw failure;
}

export type DeliveryResult = { delivered: true; reason: null } | { delivered: false; reason: 'no_conversation' | 'unreachable' };

export class ResidentRelay {
  constructor(
    private readonly deps: {
      adapter: CloudAdapter;
      /** MicrosoftAppId, '' in local mode. */
      botAppId: string;
      councilName: string;
      logger: Logger;
    },
  ) {}

  async deliver(reference: string, relay: RelayResult['relay']): Promise<DeliveryResult> {
    const parsed = StoredReference.safeParse(relay.conversationReference);
    if (!parsed.success) return { delivered: false, reason: 'no_conversation' };
    try {
      await continueConversation(this.deps.adapter, this.deps.botAppId, parsed.data, async (context) => {
        await context.sendActivity({ type: 'message', text: residentText.staffMessage(this.deps.councilName, reference, relay.text), textFormat: 'plain' });
      });
      return { delivered: true, reason: null };
    } catch (err) {
      // The id of the channel only: never the text or the conversation's address.
      this.deps.logger.warn({ reference, channel: relay.channel, err: (err as Error).message.split('\n')[0] }, 'teams: could not deliver a staff message to the resident');
      return { delivered: false, reason: 'unreachable' };
    }
  }
}
