/**
 * The staff bot in Microsoft Teams (a TeamsActivityHandler, thin): commands, case card actions,
 * the search message extension and installation. Only the council's own Microsoft 365 tenant is
 * served; anything from another tenant is refused before it reaches a handler.
 */
import { InvokeResponse, MessagingExtensionQuery, MessagingExtensionResponse, TeamsActivityHandler, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { servesTenant, TeamsSettings } from '../../services/teams/settings';
import { staffText } from '../../services/teams/wording';
import { CardActions, errorResponse } from './cardActions';
import { StaffCommands } from './commands';
import { tenantOf } from './identity';
import { Installation } from './installation';
import { CaseSearch } from './messageExtension';

export interface StaffBotParts {
  commands: StaffCommands;
  cardActions: CardActions;
  search: CaseSearch;
  installation: Installation;
  settings: TeamsSettings;
  councilName: string;
  logger: Logger;
}

export class StaffBot extends TeamsActivityHandler {
  constructor(private readonly parts: StaffBotParts) {
    super();
    this.onMessage(async (context, next) => {
      await parts.commands.handle(context);
      await next();
    });
    // Not calling next(): the base class would look up every new member with the Teams API.
    this.onConversationUpdate(async (context) => parts.installation.conversationUpdated(context));
    this.onInstallationUpdateAdd(async (context, next) => {
      await parts.installation.installed(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const tenant = tenantOf(context.activity);
    if (!servesTenant(this.parts.settings, tenant)) {
      this.parts.logger.warn({ tenantId: tenant, activityType: context.activity.type }, 'teams: refused an activity from another tenant');
      if (context.activity.type === 'invoke') {
        await context.sendActivity({ type: 'invokeResponse', value: errorResponse(403, 'Forbidden', staffText.wrongTenant(this.parts.councilName)) });
      } else if (context.activity.type === 'message') {
        await context.sendActivity(staffText.wrongTenant(this.parts.councilName));
      }
      return;
    }
    await super.run(context);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') return this.parts.cardActions.handle(context);
    return super.onInvokeActivity(context);
  }

  protected override async handleTeamsMessagingExtensionQuery(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    return this.parts.search.handle(context, query);
  }
}
