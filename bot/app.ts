/**
 * Composes the running bot: database (embedded FerretDB unless MONGODB_URI is set), state
 * storage, adapter, resident bot and HTTP server. `close()` shuts them down in order.
 */
import path from 'node:path';
import { CloudAdapter, UserState } from 'botbuilder';
import { SnapshotConversationState } from '../services/state/snapshotState';
import type { Logger } from 'pino';
import type { Config } from '../services/config';
import { Database } from '../services/database/database';
import { EmbeddedFerretDb } from '../services/database/embeddedFerretDb';
import { MongoStorage } from '../services/state/mongoStorage';
import { ActivityReceipts } from '../services/state/activityReceipts';
import { SharedRateLimit } from '../services/http/sharedRateLimit';
import { within } from '../services/database/within';
import { loadPack } from '../services/policy';
import { DEFAULT_ALLOWED_TYPES } from '../services/evidence/sniff';
import { createAdapter } from './adapter';
import { CaseService } from '../services/cases';
import { createClassifier } from '../services/classifier';
import { caseEscalationFrom, caseFollowUpFrom, caseOpenerFrom, createResidentBot, handoffGatewayFrom } from './residentComposition';
import { deriveLinkKey, HandoffService } from '../services/handoff';
import { loadTokenSecret } from '../services/directline/tokens';
import { mountHandoffApi } from './handoffRoutes';
import { BotServer, createBotServer } from './server';
import { mountWebChat, selfServiceUrl } from './webchatRoutes';
import { ChannelRouter } from './router';
import { createStaffSide, StaffSide } from './staff/composition';
import { mountTab } from './tabRoutes';
import { LearningRegister } from '../services/learning/learningRegister';
import { SignpostLog } from '../services/signposting/signpostLog';
import { deriveSurveyKey, SurveyLinks } from '../services/survey/surveyLinks';
import { SurveyService } from '../services/survey/surveyService';
import { continueConversation } from '../services/teams/relay';
import { StoredReference } from '../services/teams/triageRegistry';
import { mountSurveyRoutes } from './surveyRoutes';
import { mountNotifyReceipts } from './notifyRoutes';
import { appNames } from '../services/teams/appPackage';
import { worksFrom, type Works } from '../services/open311';
import { mountOpen311Media } from './open311Routes';

export interface RunningApp {
  port: number;
  db: Database;
  embedded?: EmbeddedFerretDb;
  server: BotServer;
  /** The Bot Framework adapter (proactive messages to residents go through it). */
  adapter: CloudAdapter;
  /** The case service the resident and staff sides share. */
  cases: CaseService;
  /** The staff side in Teams (its notifier, staff directory, triage registry and correspondence). */
  teams: StaffSide;
  /** The council's works system (Open311), when OPEN311_ENDPOINT is set. */
  works: Works | null;
  close(): Promise<void>;
}

export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  if (config.localMode) {
    logger.warn(
      'LOCAL MODE: no MicrosoftAppId is set, so /api/messages accepts unauthenticated activities, from this machine only. Do not use this mode in production.',
    );
    if (config.ALLOW_LOCAL_STAFF) {
      logger.warn('ALLOW_LOCAL_STAFF=true: Teams activities from this machine act as staff without authentication. For trying the app only.');
    }
  }

  let embedded: EmbeddedFerretDb | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    embedded = new EmbeddedFerretDb({ dataDir: path.join(config.DATA_DIR, 'ferretdb'), binary: config.FERRETDB_BIN, logger });
    uri = await embedded.start();
  }

  const db = new Database({ uri, logger, maxBackoffMs: config.DB_CONNECT_MAX_BACKOFF_MS });
  // Not awaited: the bot serves /healthz (503) while the database is still coming up.
  const connected = db.connect();
  connected.catch(() => undefined); // retried inside; /healthz reports it

  const storage = new MongoStorage(db.connection);
  const conversationState = new SnapshotConversationState(storage);
  const userState = new UserState(storage);
  const adapter = createAdapter(config, logger);
  const pack = loadPack(config.COUNCIL);
  const cases = new CaseService({ connection: db.connection, council: pack.id, logger, cutoff: config.CASE_CUTOFF });
  // The learning register follows the learning points staff record on cases (and, once, takes in those recorded before it).
  const learningRegister = new LearningRegister({ connection: db.connection, council: pack.id });
  cases.onEvent(learningRegister.onCaseEvent);
  void connected
    .then(() => (db.connection.readyState === 1 ? learningRegister.backfill(cases.store.cases) : 0))
    .catch((err: Error) => logger.warn({ err: err.message }, 'could not enter earlier learning points in the learning register'));
  // The satisfaction survey, asked when a case closes: before written correspondence is told of the
  // event, so the closing letter carries the link only when the resident's chat could not take it.
  const survey = new SurveyService({
    connection: db.connection,
    cases: cases.store,
    pack,
    links: new SurveyLinks(deriveSurveyKey(config.HANDOFF_LINK_SECRET ?? (await loadTokenSecret(config.DIRECTLINE_TOKEN_SECRET, config.DATA_DIR)))),
    baseUrl: () => selfServiceUrl(config, server.server),
    linkDays: config.SURVEY_LINK_DAYS,
    // The questions are asked in the chat itself, by the resident bot's survey dialog (built below).
    askInChat: (reference, start) =>
      continueConversation(adapter, config.MicrosoftAppId ?? '', StoredReference.parse(reference), async (context) => {
        if (!chatSurvey) throw new Error('the resident bot is not ready');
        await chatSurvey.start(context, start);
      }),
    logger,
  });
  cases.onEvent(survey.onCaseEvent);
  // Build the in-memory triage queue as soon as the database is up, so the first member of staff to
  // open it does not wait for the rebuild (0.6 s at 100,000 cases).
  void connected.then(() => (db.connection.readyState === 1 ? cases.queue({ limit: 1 }) : undefined)).catch((err: Error) => logger.warn({ err: err.message }, 'could not build the triage queue at startup'));
  // Staff in Teams: the staff bot, and the notifier the resident conversation tells about cases.
  let works: Works | null = null; // the council's works system (Open311), built once the staff side exists
  const staffSide = createStaffSide({ config, logger, connection: db.connection, adapter, cases, pack, works: async (reference) => works?.service.summary(reference) ?? null, surveyLink: survey.letterLink });
  // Links from social channels to the website chat. Without HANDOFF_LINK_SECRET the key is derived
  // from the Direct Line token secret (configured, or the local one in DATA_DIR).
  const handoffs = new HandoffService({
    connection: db.connection,
    secret: config.HANDOFF_LINK_SECRET ?? deriveLinkKey(await loadTokenSecret(config.DIRECTLINE_TOKEN_SECRET, config.DATA_DIR)),
    ttlMs: config.HANDOFF_LINK_HOURS * 3_600_000,
    websiteBase: () => selfServiceUrl(config, server.server),
  });
  const tokenSecret = await loadTokenSecret(config.DIRECTLINE_TOKEN_SECRET, config.DATA_DIR);
  const classifier = createClassifier({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.OPENAI_MODEL, timeoutMs: config.OPENAI_TIMEOUT_MS });
  works = worksFrom({
    config, logger, connection: db.connection, cases, pack, scheduler: staffSide.scheduler, maxAttempts: staffSide.maxJobAttempts, classifier, adapter,
    botAppId: staffSide.settings.botAppId,
    notice: (reference, key, text) => staffSide.queuedNotifier.caseNotice(reference, key, text),
    refreshCard: (reference) => staffSide.notifier.refreshThreadCard(reference),
    publicBase: () => selfServiceUrl(config, server.server),
    secret: tokenSecret,
  });
  const { bot, survey: chatSurvey } = createResidentBot({
    connection: db.connection,
    conversationState,
    userState,
    pack,
    classifier,
    works: works?.service,
    cases: caseOpenerFrom(cases),
    followUp: caseFollowUpFrom(cases),
    escalation: caseEscalationFrom(cases),
    notifier: staffSide.queuedNotifier,
    handoffs: handoffGatewayFrom(handoffs),
    onBackgroundError: (what, err) => logger.warn({ err: (err as Error)?.message }, `failed ${what}`),
    evidenceLimits: { maxBytes: config.UPLOAD_MAX_BYTES, allowedTypes: DEFAULT_ALLOWED_TYPES },
    maxMessageChars: config.MESSAGE_MAX_CHARS,
    privacyNoticeUrl: pack.privacyNotice.url ?? config.PRIVACY_NOTICE_URL,
    resumeAfterMs: config.RESUME_AFTER_MINUTES * 60_000,
    // Files uploaded through the bot's own Direct Line are fetched back from the bot itself.
    trustedAttachmentOrigins: () => [new URL(selfServiceUrl(config, server.server)).origin],
    survey,
    signposts: new SignpostLog({ connection: db.connection, council: pack.id }),
  });
  const receipts = new ActivityReceipts(db.connection);
  // A resident back in their conversation (a message, a Direct Line reconnect): staff messages waiting for that chat go now.
  const residentBack = (conversationId: string) =>
    void staffSide.chatDelivery.residentBack(conversationId).catch((err: Error) => logger.warn({ err: err.message }, 'could not deliver staff messages waiting for a chat'));
  let directLineOwns: ((conversationId: string) => Promise<boolean>) | undefined; // set once the website chat is mounted
  const residentLimit = new SharedRateLimit(db.connection, 'resident-conversation', config.RATE_LIMIT_CONVERSATION_PER_MINUTE, 60_000, (err) =>
    logger.warn({ err: err.message }, 'a rate limit could not be counted in the database; allowed'),
  );
  const server = createBotServer({ adapter, bot: new ChannelRouter({ resident: bot, staff: staffSide.bot }, { residentMessagesPerMinute: config.RATE_LIMIT_CONVERSATION_PER_MINUTE, residentLimit,
      firstDelivery: (channel, conversation, activity) => receipts.firstDelivery(channel, conversation, activity),
      residentActive: residentBack }), logger, databaseUp: () => db.ping(),
    activitiesPerMinutePerAddress: config.localMode ? config.RATE_LIMIT_CLIENT_PER_MINUTE : undefined, trustProxy: config.TRUST_PROXY,
    localMode: config.localMode, allowLocalStaff: config.ALLOW_LOCAL_STAFF,
    // Conversations our Direct Line made prove it themselves (an HMAC in the id), so this needs the
    // database only for ids made before that. For those, a lookup that fails (retried once: a pooled
    // connection FerretDB dropped fails the first) or stalls counts as "not ours": with the database
    // unreachable the turn can read nothing anyway, and the resident still gets an answer.
    ownsDirectLineConversation: async (id) =>
      directLineOwns
        ? within(directLineOwns(id).catch(() => directLineOwns!(id)).catch((err: Error) => (logger.warn({ err: err.message }, 'could not look up whether an activity is for our own Direct Line'), false)), 5000, false)
        : false });
  mountTab({ server: server.server, logger, connection: db.connection, cases, staff: staffSide.staff, settings: staffSide.settings, appName: appNames(pack).short,
    requestsPerMinute: config.RATE_LIMIT_CLIENT_PER_MINUTE, trustProxy: config.TRUST_PROXY, works: works ? () => works!.service.overview() : undefined });
  if (works) mountOpen311Media({ server: server.server, connection: db.connection, media: works.media, logger, requestsPerMinute: config.RATE_LIMIT_CLIENT_PER_MINUTE, trustProxy: config.TRUST_PROXY });
  // Website chat and, unless Azure's Direct Line is configured, the bot's own Direct Line endpoint.
  const webChat = await mountWebChat({
    server: server.server, adapter, bot, config, logger, connection: db.connection,
    pack: loadPack(config.COUNCIL), serviceUrl: () => selfServiceUrl(config, server.server), onReconnect: residentBack,
  });
  if (webChat.directLine) directLineOwns = (id) => webChat.directLine!.service.ownsConversation(id);
  mountSurveyRoutes({ server: server.server, survey, councilName: pack.councilName, logger, requestsPerMinute: config.RATE_LIMIT_CLIENT_PER_MINUTE, trustProxy: config.TRUST_PROXY });
  mountHandoffApi({ server: server.server, service: handoffs, config, logger, serviceUrl: () => selfServiceUrl(config, server.server) });
  mountNotifyReceipts({ server: server.server, correspondence: staffSide.correspondence, callbackToken: config.NOTIFY_CALLBACK_TOKEN, trustProxy: config.TRUST_PROXY,
    requestsPerMinute: config.RATE_LIMIT_CLIENT_PER_MINUTE, logger });
  // Expired handoff links (and what they carried) are deleted hourly.
  const purgeHandoffs = setInterval(() => {
    handoffs.purgeExpired().catch((err: Error) => logger.warn({ err: err.message }, 'could not purge expired handoff links'));
    receipts.purgeOlderThan().catch((err: Error) => logger.warn({ err: err.message }, 'could not purge old activity receipts'));
  }, 3_600_000);
  purgeHandoffs.unref();
  const port = await server.listen(config.PORT, config.HOST);
  // Teams posts, resident messages for staff, deadline reminders and letters: due jobs every 30 s, and at once when queued.
  staffSide.scheduler.start(30_000);
  staffSide.scheduler.kick();
  // Reads the works system's services now and on its schedule, and follows open requests.
  if (works) void connected.then(() => works!.service.start()).catch((err: Error) => logger.warn({ err: err.message }, 'open311: could not schedule its jobs'));
  logger.info({ port, host: config.HOST, embeddedDatabase: !!embedded }, 'bot listening');

  return {
    port,
    db,
    embedded,
    server,
    adapter,
    cases,
    teams: staffSide,
    works,
    async close() {
      clearInterval(purgeHandoffs);
      await staffSide.scheduler.stop();
      await webChat.close(config.SHUTDOWN_TIMEOUT_MS); // its turns reply through the server, so first
      await server.close(config.SHUTDOWN_TIMEOUT_MS);
      await db.close();
      await embedded?.stop();
    },
  };
}
