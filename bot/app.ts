/**
 * Composes the running bot: database (embedded FerretDB unless MONGODB_URI is set), state
 * storage, adapter, resident bot and HTTP server. `close()` shuts them down in order.
 */
import path from 'node:path';
import { ConversationState, UserState } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../services/config';
import { Database } from '../services/database/database';
import { EmbeddedFerretDb } from '../services/database/embeddedFerretDb';
import { MongoStorage } from '../services/state/mongoStorage';
import { createAdapter } from './adapter';
import { ResidentBot } from './residentBot';
import { BotServer, createBotServer } from './server';

export interface RunningApp {
  port: number;
  db: Database;
  embedded?: EmbeddedFerretDb;
  server: BotServer;
  close(): Promise<void>;
}

export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  if (config.localMode) {
    logger.warn(
      'LOCAL MODE: no MicrosoftAppId is set, so activities are accepted without Bot Framework authentication. Do not use this mode in production.',
    );
  }

  let embedded: EmbeddedFerretDb | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    embedded = new EmbeddedFerretDb({ dataDir: path.join(config.DATA_DIR, 'ferretdb'), binary: config.FERRETDB_BIN, logger });
    uri = await embedded.start();
  }

  const db = new Database({ uri, logger, maxBackoffMs: config.DB_CONNECT_MAX_BACKOFF_MS });
  // Not awaited: the bot serves /healthz (503) while the database is still coming up.
  void db.connect();

  const storage = new MongoStorage(db.connection);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const adapter = createAdapter(config, logger);
  const bot = new ResidentBot(conversationState, userState);
  const server = createBotServer({ adapter, bot, logger, databaseUp: () => db.ping() });
  const port = await server.listen(config.PORT, config.HOST);
  logger.info({ port, host: config.HOST, embeddedDatabase: !!embedded }, 'bot listening');

  return {
    port,
    db,
    embedded,
    server,
    async close() {
      await server.close(config.SHUTDOWN_TIMEOUT_MS);
      await db.close();
      await embedded?.stop();
    },
  };
}
