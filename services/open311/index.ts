/** The council's works system over Open311 GeoReport v2: built from the configuration, or null when no endpoint is set. */
import { createHmac } from 'node:crypto';
import type { CloudAdapter } from 'botbuilder';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { CaseService } from '../cases';
import type { Classifier } from '../classifier/types';
import { contextFromPack } from '../classifier/context';
import type { Config } from '../config';
import type { PolicyPack } from '../policy/packSchema';
import type { Scheduler } from '../scheduler/scheduler';
import { continueConversation } from '../teams/relay';
import { StoredReference } from '../teams/triageRegistry';
import { Open311Client } from './client';
import { MediaLinks } from './mediaLinks';
import { Open311Store } from './store';
import { OPEN311_DISCOVER_JOB, OPEN311_POLL_JOB, OPEN311_SEND_JOB, WorksService } from './worksService';

export { Open311Client, Open311Rejected, Open311Unavailable } from './client';
export { MediaLinks } from './mediaLinks';
export { WorksService, WORKS_ACTOR, POLL_BATCH, OPEN311_POLL_JOB, OPEN311_SEND_JOB, OPEN311_DISCOVER_JOB } from './worksService';
export type { WorksChoice, WorksSummary } from './worksService';

export interface WorksParts {
  config: Config;
  logger: Logger;
  connection: Connection;
  cases: CaseService;
  pack: PolicyPack;
  scheduler: Scheduler;
  maxAttempts: number;
  classifier: Classifier;
  adapter: CloudAdapter;
  botAppId: string;
  notice: (reference: string, key: string, text: string) => Promise<void>;
  refreshCard: (reference: string) => Promise<void>;
  /** The bot's own address as the works system reaches it (PUBLIC_URL), for photo links. */
  publicBase: () => string;
  /** The secret photo links are signed with (derived here, so it is used for nothing else). */
  secret: string;
}

export interface Works {
  service: WorksService;
  media: MediaLinks;
}

/** Builds the works system integration and defines its jobs on the scheduler; null without OPEN311_ENDPOINT. */
export function worksFrom(parts: WorksParts): Works | null {
  const { config } = parts;
  if (!config.OPEN311_ENDPOINT) return null;
  const logger = parts.logger.child({ component: 'open311' });
  const media = new MediaLinks(createHmac('sha256', parts.secret).update('open311-media-links').digest(), config.OPEN311_MEDIA_LINK_DAYS * 86_400_000);
  const context = contextFromPack(parts.pack);
  const service = new WorksService({
    client: new Open311Client({ endpoint: config.OPEN311_ENDPOINT, apiKey: config.OPEN311_API_KEY, jurisdiction: config.OPEN311_JURISDICTION, timeoutMs: config.OPEN311_TIMEOUT_MS }),
    store: new Open311Store(parts.connection, parts.pack.id),
    cases: parts.cases,
    pack: parts.pack,
    jobs: parts.scheduler.store,
    kick: () => parts.scheduler.kick(),
    notice: parts.notice,
    refreshCard: parts.refreshCard,
    tellResident: async (reference, text) => {
      const parsed = StoredReference.safeParse(reference);
      if (!parsed.success) return false;
      await continueConversation(parts.adapter, parts.botAppId, parsed.data, async (context) => {
        await context.sendActivity({ type: 'message', text, textFormat: 'plain' });
      });
      return true;
    },
    mediaUrl: (fileId) => `${parts.publicBase()}/api/open311/media/${media.token(fileId)}`,
    unhappy: async (text) => {
      const c = await parts.classifier.classify({ text, context });
      return c.dissatisfied || c.kind === 'complaint';
    },
    logger,
    pollMinutes: config.OPEN311_POLL_MINUTES,
    discoveryHours: config.OPEN311_DISCOVERY_HOURS,
    maxAttempts: parts.maxAttempts,
  });
  // Anonymising a case removes the resident's answers kept for the works system too.
  parts.cases.onEvent(async (event) => {
    if (event.command === 'anonymise') await service.scrub(event.caseId);
  });
  parts.scheduler
    .define(OPEN311_SEND_JOB, (job) => service.runSendJob(job))
    .define(OPEN311_POLL_JOB, () => service.runPollJob())
    .define(OPEN311_DISCOVER_JOB, (job) => service.runDiscoveryJob(job));
  return { service, media };
}
