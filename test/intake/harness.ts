/**
 * Drives the resident bot turn by turn through botbuilder's TestAdapter, with state in the real
 * database, the real classifier, evidence store and case service.
 */
import { ActivityTypes, MemoryStorage, TestAdapter, UserState, Activity, Attachment, type Storage } from 'botbuilder';
import { SnapshotConversationState } from '../../services/state/snapshotState';
import type { Connection } from 'mongoose';
import type { CaseEscalation, CaseFollowUp, CaseOpener, HandoffGateway, StaffNotifier } from '../../dialogs/intakeDeps';
import { createResidentBot } from '../../bot/residentComposition';
import { OfflineClassifier } from '../../services/classifier/offline';
import { loadPack } from '../../services/policy';
import { MongoStorage } from '../../services/state/mongoStorage';

export interface Harness {
  adapter: TestAdapter;
  /** Sends a message (or attachments) and returns the texts of every reply in that turn. */
  say(text: string, attachments?: Attachment[]): Promise<string[]>;
  join(): Promise<string[]>;
  /** Sends an event activity (as the web page does) and returns the replies. */
  event(name: string, value: unknown): Promise<string[]>;
  conversationId: string;
  now: { value: Date };
}

export function flatten(a: Partial<Activity>): string {
  const buttons = (a.suggestedActions?.actions ?? []).map((x) => `[${x.title}]`);
  const cardButtons = (a.attachments ?? []).flatMap((att) => ((att.content as { buttons?: { title: string }[] })?.buttons ?? []).map((b) => `[${b.title}]`));
  return [a.text ?? '', ...buttons, ...cardButtons].join(' ').trim();
}

export function createHarness(opts: { connection: Connection; cases: CaseOpener; followUp?: CaseFollowUp; escalation?: CaseEscalation; notifier?: StaffNotifier; handoffs?: HandoffGateway; user?: { id?: string; name?: string }; council?: string; conversationId?: string; channelId?: string; now?: Date; storage?: 'mongo' | 'memory' | Storage; turnBudgetMs?: number; onAbandonedSettled?: (err?: unknown) => void }): Harness {
  const storage = opts.storage === 'memory' ? new MemoryStorage() : opts.storage === 'mongo' || opts.storage === undefined ? new MongoStorage(opts.connection) : opts.storage;
  const conversationState = new SnapshotConversationState(storage);
  const userState = new UserState(storage);
  const now = { value: opts.now ?? new Date('2026-11-23T10:00:00Z') };
  const { bot } = createResidentBot({
    connection: opts.connection,
    conversationState,
    userState,
    pack: loadPack(opts.council ?? 'default'),
    classifier: new OfflineClassifier(),
    cases: opts.cases,
    followUp: opts.followUp,
    escalation: opts.escalation,
    notifier: opts.notifier,
    handoffs: opts.handoffs,
    clock: () => now.value,
    turnBudgetMs: opts.turnBudgetMs,
    onAbandonedSettled: opts.onAbandonedSettled,
  });
  const conversationId = opts.conversationId ?? `conv-${Math.random().toString(36).slice(2)}`;
  const adapter = new TestAdapter(async (context) => bot.run(context), {
    channelId: opts.channelId ?? 'directline',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: 'c' },
    user: { id: opts.user?.id ?? `user-${conversationId}`, name: opts.user?.name ?? 'Resident' },
    bot: { id: 'bot', name: 'Council bot' },
    serviceUrl: 'https://test.local',
  } as never);

  const from = { id: opts.user?.id ?? `user-${conversationId}`, name: opts.user?.name ?? 'Resident' };
  async function turn(activity: Partial<Activity>): Promise<string[]> {
    const before = adapter.activeQueue.length;
    await adapter.receiveActivity({ from, ...activity });
    const replies = adapter.activeQueue.splice(before).filter((a) => a.type === ActivityTypes.Message);
    return replies.map(flatten);
  }

  return {
    adapter,
    conversationId,
    now,
    say: (text, attachments) => turn({ type: ActivityTypes.Message, text, attachments }),
    event: (name, value) => turn({ type: ActivityTypes.Event, name, value }),
    join: () => turn({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: `user-${conversationId}`, name: 'Resident' }] }),
  };
}
