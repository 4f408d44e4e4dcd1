/**
 * A minimal bot on the same stack as the real one (restify + CloudAdapter + the self-hosted Direct
 * Line + MongoDB), whose ActivityHandler just echoes. It is the baseline for bench/directline.ts,
 * and the Direct Line protocol tests run against it in-process so they do not depend on what the
 * resident conversation says.
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017/echo PORT=3979 node --import tsx bench/echoBot.ts
 */
import { ActivityHandler } from 'botbuilder';
import type { Logger } from 'pino';
import { createAdapter } from '../bot/adapter';
import { createBotServer } from '../bot/server';
import { MountedWebChat, mountWebChat, selfServiceUrl } from '../bot/webchatRoutes';
import { Config, loadConfig } from '../services/config';
import { Database } from '../services/database/database';
import { createLogger } from '../services/logger';
import { loadPack } from '../services/policy';

/** Echoes text; for files it downloads each one through the link it was given and says what arrived. */
export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id !== botId)) await context.sendActivity('Welcome to the echo bot.');
      await next();
    });
    this.onMessage(async (context, next) => {
      const files = context.activity.attachments ?? [];
      if (files.length > 0) {
        const sizes = await Promise.all(files.map((f) => downloadSize(f.contentUrl)));
        await context.sendActivity(`Received ${files.length} file(s): ${files.map((f, i) => `${f.contentType} ${sizes[i]} bytes`).join(', ')}`);
      } else {
        await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
      }
      await next();
    });
  }
}

async function downloadSize(url: string | undefined): Promise<number> {
  if (!url) return -1;
  const res = await fetch(url);
  return res.ok ? (await res.arrayBuffer()).byteLength : -res.status;
}

export interface RunningEchoBot {
  port: number;
  url: string;
  webChat: MountedWebChat;
  db: Database;
  close(): Promise<void>;
}

export async function startEchoBot(config: Config, logger: Logger, bot: ActivityHandler = new EchoBot()): Promise<RunningEchoBot> {
  if (!config.MONGODB_URI) throw new Error('the echo bot needs MONGODB_URI');
  const db = new Database({ uri: config.MONGODB_URI, logger, maxBackoffMs: 1000 });
  await db.connect();
  const adapter = createAdapter(config, logger);
  const server = createBotServer({ adapter, bot, logger, databaseUp: () => db.ping() });
  const webChat = await mountWebChat({
    server: server.server,
    adapter,
    bot,
    config,
    logger,
    connection: db.connection,
    pack: loadPack(config.COUNCIL),
    serviceUrl: () => selfServiceUrl(config, server.server),
  });
  const port = await server.listen(config.PORT, config.HOST);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    webChat,
    db,
    async close() {
      await webChat.close(2000);
      await server.close(2000);
      await db.close();
    },
  };
}

if (require.main === module) {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  startEchoBot(config, logger).then(
    (app) => {
      logger.info({ port: app.port }, 'echo bot listening');
      const stop = () => void app.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (err: Error) => {
      logger.fatal({ err: err.message }, 'the echo bot could not start');
      process.exit(1);
    },
  );
}
