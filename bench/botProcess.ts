/**
 * A bot started as its own process for a benchmark, as `npm start` would, with the rate limits
 * lifted (a benchmark is one client address running many conversations), and the /proc readings
 * the benchmarks print (memory, CPU).
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../services/database/freePort';

const ROOT = path.resolve(__dirname, '..');

export interface BotProcess {
  name: string;
  child: ChildProcess;
  url: string;
}

/** Starts `entry` with `nodeArgs` and waits until /healthz answers (60 s), with its output in any error. */
export async function startBotProcess(name: string, entry: string, opts: { mongoUri: string; dataDir: string; nodeArgs: string[] }): Promise<BotProcess> {
  const port = await findFreePort();
  let out = '';
  const child = spawn(process.execPath, [...opts.nodeArgs, '--import', 'tsx', entry], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      MONGODB_URI: opts.mongoUri,
      DATA_DIR: opts.dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_CLIENT_PER_MINUTE: '10000000',
      RATE_LIMIT_NEW_CONVERSATIONS_PER_HOUR: '10000000',
      RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${out}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error(`${name} did not become healthy:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { name, child, url };
}

/** SIGTERM, then SIGKILL after 15 s. */
export async function stopBotProcess(bot: BotProcess): Promise<void> {
  if (bot.child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    bot.child.once('exit', () => resolve());
    bot.child.kill('SIGTERM');
    setTimeout(() => bot.child.kill('SIGKILL'), 15_000).unref();
  });
}

/** Resident memory (VmRSS) or its peak (VmHWM), in MB. */
export function memoryMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
}
