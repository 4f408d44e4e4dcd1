/**
 * The app added to a team (conversationUpdate teamMemberAdded with the bot among the members, or
 * installationUpdate add): the channel it was installed in (the General channel, or the one chosen
 * at installation) becomes the triage channel, unless the council already has one.
 */
import { type Activity, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Logger } from 'pino';
import type { StoredReference, TriageRegistry } from '../../services/teams/triageRegistry';
import { staffText } from '../../services/teams/wording';
import { channelDataOf, tenantOf } from './identity';

export class Installation {
  constructor(private readonly deps: { registry: TriageRegistry; councilName: string; logger: Logger }) {}

  /** conversationUpdate: only "the bot joined a team" matters here. */
  async conversationUpdated(context: TurnContext): Promise<void> {
    const { activity } = context;
    const data = channelDataOf(activity);
    const botJoined = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
    if (data.eventType !== 'teamMemberAdded' || !botJoined || !data.team) return;
    const channelId = data.channel?.id ?? activity.conversation.id.split(';')[0];
    if (await this.record(context, channelId)) await context.sendActivity(staffText.installed(this.deps.councilName));
  }

  async installed(context: TurnContext): Promise<void> {
    const { activity } = context;
    const data = channelDataOf(activity);
    if (!data.team && activity.conversation?.conversationType !== 'channel') return; // personal or group chat: no triage channel
    const channelId = data.settings?.selectedChannel?.id ?? data.channel?.id ?? activity.conversation.id.split(';')[0];
    const recorded = await this.record(context, channelId);
    if (!recorded) {
      await context.sendActivity(staffText.installedElsewhere);
      return;
    }
    // The install event arrives in General even when another channel was chosen: say it where the cases will be.
    const here = activity.conversation.id.split(';')[0];
    if (channelId !== here && (await this.postIn(context, channelId, staffText.installed(this.deps.councilName)))) return;
    await context.sendActivity(channelId === here ? staffText.installed(this.deps.councilName) : staffText.installedInChosen(this.deps.councilName));
  }

  /** Starts a thread in another channel of the team; false if Teams would not take it. */
  private async postIn(context: TurnContext, channelId: string, text: string): Promise<boolean> {
    try {
      const connector = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      const tenantId = tenantOf(context.activity) ?? undefined;
      await connector.conversations.createConversation({
        isGroup: true,
        bot: context.activity.recipient,
        tenantId,
        channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
        activity: { type: 'message', text } as Activity,
        members: [],
      });
      return true;
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message.split('\n')[0] }, 'teams: could not post the welcome in the chosen channel');
      return false;
    }
  }

  private async record(context: TurnContext, channelId: string): Promise<boolean> {
    const reference = TurnContext.getConversationReference(context.activity);
    const { activityId: _a, ...rest } = reference;
    const recorded = await this.deps.registry.recordInstall({
      tenantId: tenantOf(context.activity),
      teamId: channelDataOf(context.activity).team?.id ?? null,
      channelId,
      reference: { ...rest, conversation: { ...reference.conversation!, id: channelId } } as StoredReference,
    });
    if (recorded) this.deps.logger.info({ teamId: channelDataOf(context.activity).team?.id }, 'teams: triage channel recorded at installation');
    return recorded;
  }
}
