/** Process entry point: configuration, logging, start, and graceful shutdown on SIGTERM/SIGINT. */
import './sourceMaps'; // first: decides source-map support before the rest is loaded
import { ConfigError, loadConfig } from '../services/config';
import { loadPack } from '../services/policy';
import { createLogger } from '../services/logger';
import { startApp } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting and its default.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  try {
    loadPack(config.COUNCIL); // refuse an unknown or invalid policy pack before anything starts
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(78);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const app = await startApp(config, logger).catch((err: Error) => {
    logger.fatal({ err: err.message }, 'the bot could not start');
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: no new activities, finishing turns in flight');
    app
      .close()
      .then(() => {
        logger.info('shut down cleanly');
        process.exit(0);
      })
      .catch((err: Error) => {
        logger.error({ err: err.message }, 'error while shutting down');
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  // A fault nothing else caught: log it (no message text, only what failed), close what can be
  // closed (the embedded database above all, so it is not left running alone) and exit non-zero,
  // so the supervisor (npm start) starts a fresh process.
  const crash = (kind: string) => (err: unknown) => {
    logger.fatal({ err: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err) }, `${kind}: restarting`);
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => process.exit(70), 5000);
    forced.unref();
    app
      .close()
      .catch(() => undefined)
      .finally(() => process.exit(70));
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled promise rejection'));
}

void main();
