/**
 * `npm start`: runs the bot (bot/main.ts) as a child process and starts it again if it dies, so a
 * fault that escapes every handler ends in a logged, clean restart rather than a silent stop.
 * SIGTERM / SIGINT are passed on and the supervisor exits with the bot. A configuration error
 * (exit 78) is not retried: it needs a person. The bot runs under a heap limit (BOT_MAX_HEAP_MB).
 */
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { botHeapArgs } from './heapLimit';

const EX_CONFIG = 78;
const MAX_BACKOFF_MS = 30_000;
/** A bot that ran this long before dying counts as healthy: the backoff starts again. */
const HEALTHY_AFTER_MS = 60_000;

let child: ChildProcess | undefined;
let stopping = false;
let failures = 0;

function start(): void {
  const startedAt = Date.now();
  child = fork(path.join(__dirname, 'main.ts'), process.argv.slice(2), { execArgv: ['--import', 'tsx', ...botHeapArgs()], stdio: 'inherit' });
  child.once('exit', (code, signal) => {
    if (stopping) return process.exit(code ?? 0);
    if (code === 0 || code === EX_CONFIG) return process.exit(code);
    failures = Date.now() - startedAt > HEALTHY_AFTER_MS ? 1 : failures + 1;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (failures - 1));
    process.stderr.write(
      `${JSON.stringify({ level: 50, time: Date.now(), msg: 'the bot stopped unexpectedly; starting it again', code, signal, inMs: delay })}\n`,
    );
    setTimeout(start, delay);
  });
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    stopping = true;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    else process.exit(0);
  });
}

start();
