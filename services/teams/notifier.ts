/**
 * Tells staff in Teams about residents: each new case becomes a thread in the triage channel,
 * started by the case card; what a resident writes later is posted in that thread, and the card
 * at the top of the thread is kept up to date (PUT) whenever the case changes.
 *
 * The resident conversation calls `caseOpened` and `residentMessage` (StaffNotifier, see
 * dialogs/intakeDeps.ts). Without a triage channel nothing is posted: the case still exists and
 * staff find it with `case <reference>`, the tab or search.
 */
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Logger } from 'pino';
import type { StaffNotifier } from './staffNotifier';
import type { CaseService, DeadlineNotification } from '../cases';
import { attachment } from './cards/adaptive';
import type { CaseCards } from './caseCards';
import { continueConversation } from './relay';
import type { TriageRegistry } from './triageRegistry';
import { staffText } from './wording';

export interface TeamsNotifierDeps {
  adapter: CloudAdapter;
  botAppId: string;
  cases: CaseService;
  cards: CaseCards;
  registry: TriageRegistry;
  logger: Logger;
}


export class TeamsStaffNotifier implements StaffNotifier {
  constructor(private readonly deps: TeamsNotifierDeps) {}

  /** Posts the new case's card to the triage channel as a new thread, once per case. */
  async caseOpened(reference: string): Promise<void> {
    const { registry, logger } = this.deps;
    const triage = await registry.triageChannel();
    if (!triage) {
      logger.info({ reference }, 'teams: no triage channel yet, so the new case was not posted');
      return;
    }
    if (!(await registry.claimThread(reference, triage.channelId))) return;
    try {
      const built = await this.deps.cards.forReference(reference);
      if (!built) {
        await registry.releaseThread(reference);
        return;
      }
      let created: { id: string; activityId?: string } | undefined;
      await continueConversation(this.deps.adapter, this.deps.botAppId, triage.reference, async (context: TurnContext) => {
        const connector = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
        created = await connector.conversations.createConversation({
          isGroup: true,
          bot: context.activity.recipient ?? triage.reference.bot ?? { id: this.deps.botAppId },
          tenantId: triage.tenantId ?? undefined,
          channelData: { channel: { id: triage.channelId }, ...(triage.tenantId ? { tenant: { id: triage.tenantId } } : {}) },
          activity: { type: 'message', attachments: [attachment(built.card)] } as Activity,
          members: [],
        });
      });
      if (!created?.id || !created.activityId) throw new Error('Teams did not return the new thread\'s id');
      const { activityId: _root, ...channelReference } = triage.reference;
      await registry.threadPosted(reference, {
        channelId: triage.channelId,
        rootActivityId: created.activityId,
        reference: { ...channelReference, conversation: { ...triage.reference.conversation, id: created.id } },
      });
      logger.info({ reference }, 'teams: case posted to the triage channel');
    } catch (err) {
      await registry.releaseThread(reference).catch(() => undefined);
      throw err;
    }
  }

  /** Posts what the resident wrote in the case's thread (posting the case first if it has none). */
  async residentMessage(reference: string, text: string): Promise<void> {
    let thread = await this.deps.registry.thread(reference);
    if (!thread) {
      await this.caseOpened(reference);
      thread = await this.deps.registry.thread(reference);
      if (!thread) return;
    }
    await continueConversation(this.deps.adapter, this.deps.botAppId, thread.reference, async (context) => {
      await context.sendActivity({
        type: 'message',
        textFormat: 'plain',
        text: `${staffText.residentMessageHeading(reference)}\n\n${text}\n\n${staffText.residentMessageFooter}`,
      });
    });
    await this.refreshThreadCard(reference);
  }

  /** A deadline reminder in the case's thread (posting the case first if it has none), and a fresh card. */
  async deadlineReminder(n: DeadlineNotification): Promise<void> {
    let thread = await this.deps.registry.thread(n.reference);
    if (!thread) {
      await this.caseOpened(n.reference);
      thread = await this.deps.registry.thread(n.reference);
    }
    if (!thread) {
      this.deps.logger.info({ reference: n.reference, type: n.type }, 'teams: no triage channel yet, so a deadline reminder was not posted');
      return;
    }
    await continueConversation(this.deps.adapter, this.deps.botAppId, thread.reference, async (context) => {
      await context.sendActivity({ type: 'message', textFormat: 'markdown', text: staffText.deadlineReminder(n) });
    });
    await this.refreshThreadCard(n.reference);
  }

  /** A notice for staff in the case's thread (markdown), and a fresh card. */
  async caseNotice(reference: string, text: string): Promise<void> {
    let thread = await this.deps.registry.thread(reference);
    if (!thread) {
      await this.caseOpened(reference);
      thread = await this.deps.registry.thread(reference);
    }
    if (!thread) {
      this.deps.logger.info({ reference }, 'teams: no triage channel yet, so a case notice was not posted');
      return;
    }
    await continueConversation(this.deps.adapter, this.deps.botAppId, thread.reference, async (context) => {
      await context.sendActivity({ type: 'message', textFormat: 'markdown', text });
    });
    await this.refreshThreadCard(reference);
  }

  /** Replaces the card at the top of the case's thread with the case as it is now. */
  async refreshThreadCard(reference: string): Promise<void> {
    const thread = await this.deps.registry.thread(reference);
    if (!thread) return;
    const built = await this.deps.cards.forReference(reference);
    if (!built) return;
    await continueConversation(this.deps.adapter, this.deps.botAppId, thread.reference, async (context) => {
      await context.updateActivity({ type: 'message', id: thread.rootActivityId, attachments: [attachment(built.card)] });
    });
  }
}
