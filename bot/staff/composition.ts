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
import { CHAT_RETRY_JOB, ChatDelivery } from '../../services/teams/chatDelivery';
import { TeamsSettings, teamsSettingsFrom } from '../../services/teams/settings';
import { StaffDirectory } from '../../services/teams/staffDirectory';
import { TriageRegistry } from '../../services/teams/triageRegistry';
import { Scheduler } from '../../services/scheduler/scheduler';
import { defineStaffJobs, QueuedStaffNotifier } from '../../services/teams/staffJobs';
import type { CaseRecord } from '../../models/caseRecord';
import { CorrespondenceService, notifyGatewayFrom, problemText, SEND_CORRESPONDENCE_JOB } from '../../services/correspondence';
import type { WorksSummary } from '../../services/open311';
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
  /** Where the case's request to the works system (Open311) stands, for the card. */
  works?: (reference: string) => Promise<WorksSummary | null>;
  /** The satisfaction survey's link for closing letters (services/survey). */
  surveyLink?: (record: CaseRecord) => Promise<string | null>;
}

export interface StaffSide {
  bot: StaffBot;
  /** Posts to Teams now (and throws when it cannot); what the scheduled jobs call. */
  notifier: TeamsStaffNotifier;
  /** Pass to createResidentBot as `notifier`: queues the post as a job, so a resident never waits for Teams. */
  queuedNotifier: QueuedStaffNotifier;
  /** Runs the Teams jobs, deadline reminders and written correspondence; the app starts and stops it. */
  scheduler: Scheduler;
  /** Letters, emails and texts to residents through GOV.UK Notify. */
  correspondence: CorrespondenceService;
  staff: StaffDirectory;
  registry: TriageRegistry;
  settings: TeamsSettings;
  /** Tries a scheduled job gets before it is given up. */
  maxJobAttempts: number;
  /** Staff messages waiting for the resident's chat: tell it when the resident is back in a conversation. */
  chatDelivery: ChatDelivery;
}

/** A job still failing after this many tries (about 27 minutes of backoff) is given up and staff are told. */
const MAX_JOB_ATTEMPTS = 10;

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
  const scheduler = new Scheduler({ connection, logger, retryDelayMs: 30_000, maxAttempts: MAX_JOB_ATTEMPTS });
  const queuedNotifier = new QueuedStaffNotifier(scheduler.store, () => scheduler.kick());
  let notifier: TeamsStaffNotifier | undefined;
  const gateway = notifyGatewayFrom(config);
  if (!gateway) logger.warn('Written correspondence is not set up (NOTIFY_API_KEY): letters, emails and texts to residents are kept on the case as not sent.');
  const correspondence = new CorrespondenceService({
    connection,
    cases: cases.store,
    pack,
    jobs: scheduler.store,
    kick: () => scheduler.kick(),
    gateway,
    logger: parts.logger,
    surveyLink: parts.surveyLink,
    events: {
      changed: async (reference) => notifier?.refreshThreadCard(reference),
      problem: (reference, letter) => queuedNotifier.caseNotice(reference, `${letter._id}:${letter.state}`, problemText(reference, letter)),
    },
  });
  // Every recorded case event may call for a letter: queued as a job, so a command never waits for Notify.
  cases.onEvent((event, after) => correspondence.caseEvent(event, after));
  const cards = new CaseCards({ cases, staff, registry, letters: (reference) => correspondence.forCase(reference), writing: correspondence.configured, works: parts.works });
  notifier = new TeamsStaffNotifier({ adapter: parts.adapter, botAppId: settings.botAppId, cases, cards, registry, logger });
  const relay = new ResidentRelay({ adapter: parts.adapter, botAppId: settings.botAppId, councilName: pack.councilName, logger });
  const chatDelivery = new ChatDelivery({
    connection, cases, relay, jobs: scheduler.store, kick: () => scheduler.kick(), correspondence, logger,
    notice: (reference, key, text) => queuedNotifier.caseNotice(reference, key, text),
    refreshCard: (reference) => notifier!.refreshThreadCard(reference),
  });
  const councilName = pack.councilName;
  const bot = new StaffBot({
    commands: new StaffCommands({ cases, staff, registry, cards, councilName, logger }),
    cardActions: new CardActions({ cases, staff, cards, registry, relay, delivery: chatDelivery, notifier, correspondence, councilName, logger }),
    search: new CaseSearch({ cases, staff }),
    installation: new Installation({ registry, councilName, logger }),
    settings,
    councilName,
    logger,
  });
  defineStaffJobs(scheduler, notifier, cases)
    .define(SEND_CORRESPONDENCE_JOB, (job) => correspondence.run(job, job.attempt >= MAX_JOB_ATTEMPTS))
    .define(CHAT_RETRY_JOB, (job) => chatDelivery.runJob(job));
  return { bot, notifier, queuedNotifier, scheduler, correspondence, staff, registry, settings, maxJobAttempts: MAX_JOB_ATTEMPTS, chatDelivery };
}
