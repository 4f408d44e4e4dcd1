/**
 * The embedded default database: FerretDB 1.24 on SQLite, run as a child process on a free
 * loopback port with its data under DATA_DIR so it survives restarts. If it dies unexpectedly it is
 * started again on the same port, so the bot's connection recovers by itself.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { findFreePort, waitForPort } from './freePort';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_FERRETDB_BIN = path.join(REPO_ROOT, '.tools', 'bin', 'ferretdb');

export interface EmbeddedFerretDbOptions {
  dataDir: string;
  binary?: string;
  port?: number;
  logger?: Logger;
  /** Restart the server if it exits while it should be running (default true). */
  supervise?: boolean;
}

/** Builds FerretDB with the project's script when the binary is missing. */
export function ensureFerretDbInstalled(binary: string): void {
  if (fs.existsSync(binary)) return;
  const script = path.join(REPO_ROOT, 'scripts', 'ensure-ferretdb.sh');
  const res = spawnSync('bash', [script, '--always'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FERRETDB_BIN: binary } });
  if (res.status !== 0 || !fs.existsSync(binary)) {
    throw new Error(`FerretDB is not installed at ${binary} and scripts/ensure-ferretdb.sh could not install it`);
  }
}

export class EmbeddedFerretDb {
  private child?: ChildProcess;
  private stopping = false;
  private restarts = 0;
  private restartTimer?: NodeJS.Timeout;
  readonly binary: string;
  readonly dataDir: string;
  port?: number;

  constructor(private readonly opts: EmbeddedFerretDbOptions) {
    this.binary = opts.binary ?? DEFAULT_FERRETDB_BIN;
    this.dataDir = path.resolve(opts.dataDir);
  }

  get uri(): string {
    if (!this.port) throw new Error('embedded database not started');
    return `mongodb://127.0.0.1:${this.port}/`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Who owns this data directory: `<pid> <instance>`, so two bots can never run servers on it. */
  private readonly lockOwner = `${process.pid} ${randomUUID()}`;

  private get lockFile(): string {
    return path.join(this.dataDir, 'bot.lock');
  }

  /**
   * Takes the data directory for this instance. A lock left by a process that is gone is taken over;
   * one held by a live process (or another instance in this one) is refused, because a second
   * server on the same SQLite files would first kill the other's and then race its restarts.
   */
  private acquireLock(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(this.lockFile, this.lockOwner, { flag: 'wx' });
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const held = fs.readFileSync(this.lockFile, 'utf8').trim();
      const pid = Number(held.split(' ')[0]);
      if (held === this.lockOwner) return;
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
        throw new DataDirectoryInUseError(this.dataDir, pid);
      }
      fs.rmSync(this.lockFile, { force: true }); // its owner is gone
    }
    throw new DataDirectoryInUseError(this.dataDir);
  }

  private holdsLock(): boolean {
    try {
      return fs.readFileSync(this.lockFile, 'utf8').trim() === this.lockOwner;
    } catch {
      return false;
    }
  }

  private releaseLock(): void {
    if (this.holdsLock()) fs.rmSync(this.lockFile, { force: true });
  }

  private get pidFile(): string {
    return path.join(this.dataDir, 'ferretdb.pid');
  }

  /** A bot that was killed outright leaves its FerretDB running on our data: stop that one first. */
  private stopOrphan(): void {
    let pid: number;
    try {
      pid = Number(fs.readFileSync(this.pidFile, 'utf8').trim());
    } catch {
      return;
    }
    if (!Number.isInteger(pid) || pid <= 1) return;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('ferretdb') || !cmdline.includes(this.dataDir)) return;
      process.kill(pid, 'SIGKILL');
      this.opts.logger?.warn({ pid }, 'stopped a FerretDB left running on this data directory');
    } catch {
      // not running any more (or not ours to see): nothing to do
    }
  }

  async start(): Promise<string> {
    ensureFerretDbInstalled(this.binary);
    fs.mkdirSync(this.dataDir, { recursive: true });
    this.acquireLock();
    this.stopOrphan();
    this.port ??= this.opts.port ?? (await findFreePort());
    this.stopping = false;
    try {
      await this.spawnServer();
    } catch (err) {
      this.releaseLock();
      throw err;
    }
    return this.uri;
  }

  private async spawnServer(): Promise<void> {
    const log = fs.openSync(path.join(this.dataDir, 'ferretdb.log'), 'a');
    const child = spawn(
      this.binary,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${this.dataDir}/`,
        `--state-dir=${this.dataDir}`,
        `--listen-addr=127.0.0.1:${this.port}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--log-level=warn',
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    this.child = child;
    if (child.pid) fs.writeFileSync(this.pidFile, String(child.pid));
    child.once('exit', (code, signal) => {
      if (this.child !== child || this.stopping || this.opts.supervise === false) return;
      if (!this.holdsLock()) {
        this.opts.logger?.error('embedded database exited and its data directory is no longer ours; not restarting it');
        return;
      }
      this.opts.logger?.error({ code, signal }, 'embedded database exited unexpectedly; restarting it');
      const delay = Math.min(30000, 500 * 2 ** Math.min(this.restarts++, 6));
      this.restartTimer = setTimeout(() => {
        this.spawnServer().catch((err) => this.opts.logger?.error({ err }, 'embedded database restart failed'));
      }, delay);
    });
    await waitForPort(this.port!, '127.0.0.1', 20000, () => child.exitCode === null && child.signalCode === null);
    this.restarts = 0;
    this.opts.logger?.info({ port: this.port, dataDir: this.dataDir }, 'embedded database (FerretDB on SQLite) started');
  }

  /** Stops the server: SIGTERM, then SIGKILL if it has not exited after timeoutMs. */
  async stop(timeoutMs = 5000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.releaseLock();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
    fs.rmSync(this.pidFile, { force: true });
    this.releaseLock();
    this.opts.logger?.info('embedded database stopped');
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirectoryInUseError extends Error {
  constructor(dataDir: string, pid?: number) {
    super(
      `The embedded database's data directory ${dataDir} is in use by another bot${pid ? ` (process ${pid})` : ''}. ` +
        'Stop that one first, or give this one another DATA_DIR.',
    );
    this.name = 'DataDirectoryInUseError';
  }
}
