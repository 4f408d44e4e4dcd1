/**
 * One mongoose connection for the process. Startup keeps retrying with backoff so the bot can come
 * up before the database does; after that the driver reconnects by itself and `ping` tells health.
 */
import mongoose, { Connection } from 'mongoose';
import type { Logger } from 'pino';

export const DEFAULT_DB_NAME = 'council_feedback';

// Mongoose records a stack trace on every query it runs, only to enrich the error if the same
// query object is ever run twice. The bot runs with source maps on (tsx), which makes each trace
// costly (a source-map lookup per frame), on every database call of every turn.
mongoose.set('skipOriginalStackTraces', true);

export interface DatabaseOptions {
  uri: string;
  logger?: Logger;
  maxBackoffMs?: number;
  /** How long one attempt waits for a server (default 5 s). */
  serverSelectionTimeoutMS?: number;
}

/** The database named in the URI's path, if any (mongodb://host/name?opts). */
export function dbNameFromUri(uri: string): string | undefined {
  const m = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export class Database {
  readonly connection: Connection;
  private stopped = false;
  private connecting?: Promise<void>;

  constructor(private readonly opts: DatabaseOptions) {
    this.connection = mongoose.createConnection();
    this.connection.on('disconnected', () => opts.logger?.warn('database disconnected'));
    this.connection.on('reconnected', () => opts.logger?.info('database reconnected'));
  }

  /** Opens the connection, retrying with exponential backoff until it works or close() is called. */
  connect(): Promise<void> {
    this.connecting ??= this.connectLoop();
    return this.connecting;
  }

  private async connectLoop(): Promise<void> {
    const maxBackoff = this.opts.maxBackoffMs ?? 30000;
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.connection.openUri(this.opts.uri, {
          dbName: dbNameFromUri(this.opts.uri) ?? DEFAULT_DB_NAME,
          serverSelectionTimeoutMS: this.opts.serverSelectionTimeoutMS ?? 5000,
          heartbeatFrequencyMS: 2000,
          maxPoolSize: 20,
          // An absent optional field stays absent; the driver would otherwise store undefined as null.
          ignoreUndefined: true,
        });
        this.opts.logger?.info({ attempt }, 'database connected');
        return;
      } catch (err) {
        if (this.stopped) return;
        const delay = Math.min(maxBackoff, 250 * 2 ** Math.min(attempt, 10));
        this.opts.logger?.warn({ attempt, retryInMs: delay, err: (err as Error).message }, 'database not reachable yet; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** True only while the server answers a ping within timeoutMs. */
  async ping(timeoutMs = 1500): Promise<boolean> {
    const db = this.connection.db;
    if (this.connection.readyState !== 1 || !db) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        db.command({ ping: 1 }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('ping timed out')), timeoutMs);
        }),
      ]);
      return answer?.ok === 1;
    } catch {
      return false;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.connection.close(true).catch(() => undefined);
  }
}
