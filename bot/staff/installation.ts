/**
 * The app added to a team (conversationUpdate teamMemberAdded with the bot among the members, or
 * installationUpdate add): the channel it was installed in (the General channel, or the one chosen
 * at installation) becomes the triage channel, unless the council already has one.
 */
import { TurnContext } from 'botbuilder';
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
    await context.sendActivity(recorded ? staffText.installed(this.deps.councilName) : staffText.installedElsewhere);
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
