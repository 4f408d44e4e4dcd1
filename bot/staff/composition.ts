/** Builds the staff side (Teams): directory of staff and roles, triage registry, cards, relay, notifier and the bot. */
import type { CloudAdapter } from 'botbuilder';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { CaseService } from '../../services/cases';
import type { Config } from '../../services/config';
import type { PolicyPack } from '../../services/policy/packSchema';
import { CaseCards } from '../../services/teams/caseCards';
import { TeamsStaffNotifier } from '../../services/teams/notifier';
import { ResidentRelay } from '../../services/teams/relay';
import { TeamsSettings, teamsSettingsFrom } from '../../services/teams/settings';
import { StaffDirectory } from '../../services/teams/staffDirectory';
import { TriageRegistry } from '../../services/teams/triageRegistry';
import { Scheduler } from '../../services/scheduler/scheduler';
import { defineStaffJobs, QueuedStaffNotifier } from '../../services/teams/staffJobs';
import { CardActions } from './cardActions';
import { StaffCommands } from './commands';
import { Installation } from './installation';
import { CaseSearch } from './messageExtension';
import { StaffBot } from './staffBot';

export interface StaffSideParts {
  config: Config;
  logger: Logger;
  connection: Connection;
  adapter: CloudAdapter;
  cases: CaseService;
  pack: PolicyPack;
}

export interface StaffSide {
  bot: StaffBot;
  /** Posts to Teams now (and throws when it cannot); what the scheduled jobs call. */
  notifier: TeamsStaffNotifier;
  /** Pass to createResidentBot as `notifier`: queues the post as a job, so a resident never waits for Teams. */
  queuedNotifier: QueuedStaffNotifier;
  /** Runs the Teams jobs and deadline reminders; the app starts and stops it. */
  scheduler: Scheduler;
  staff: StaffDirectory;
  registry: TriageRegistry;
  settings: TeamsSettings;
}

export function createStaffSide(parts: StaffSideParts): StaffSide {
  const { config, connection, cases, pack } = parts;
  const logger = parts.logger.child({ component: 'teams' });
  const settings = teamsSettingsFrom(config);
  if (settings.openToAnyTenant) {
    logger.warn('LOCAL MODE: the Teams app serves every Microsoft 365 tenant, and the first member of staff to use it becomes a manager. Set TEAMS_TENANT_ID for production.');
  } else if (!settings.tenantId) {
    logger.warn('Teams: no tenant is configured (TEAMS_TENANT_ID or MicrosoftAppTenantId), so every Teams user is refused.');
  }
  const staff = new StaffDirectory({ connection, council: pack.id, logger, bootstrapManagers: settings.bootstrapManagers, firstUserBecomesManager: settings.openToAnyTenant });
  const registry = new TriageRegistry(connection, pack.id);
  const cards = new CaseCards({ cases, staff, registry });
  const notifier = new TeamsStaffNotifier({ adapter: parts.adapter, botAppId: settings.botAppId, cases, cards, registry, logger });
  const relay = new ResidentRelay({ adapter: parts.adapter, botAppId: settings.botAppId, councilName: pack.councilName, logger });
  const councilName = pack.councilName;
  const bot = new StaffBot({
    commands: new StaffCommands({ cases, staff, registry, cards, councilName, logger }),
    cardActions: new CardActions({ cases, staff, cards, registry, relay, notifier, councilName, logger }),
    search: new CaseSearch({ cases, staff }),
    installation: new Installation({ registry, councilName, logger }),
    settings,
    councilName,
    logger,
  });
  const scheduler = defineStaffJobs(new Scheduler({ connection, logger, retryDelayMs: 30_000, maxAttempts: 10 }), notifier, cases);
  const queuedNotifier = new QueuedStaffNotifier(scheduler.store, () => scheduler.kick());
  return { bot, notifier, queuedNotifier, scheduler, staff, registry, settings };
}
