/**
 * Concurrent resident conversations over the bot's own Direct Line (HTTP post + WebSocket
 * receive), against the real bot process and, in the same run, the echo bot on the same stack.
 * Prints turns per second, p50/p99 turn latency (post sent → the bot's first reply to it received
 * on the stream) and each bot process's peak RSS (VmHWM).
 *
 *   node --import tsx bench/directline.ts            # C=100 conversations, 6 turns each
 *   C=200 TURNS=4 node --import tsx bench/directline.ts
 *
 * Loopback only; bounded: C x TURNS turns per bot, and at most LIMIT_S seconds per bot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { EmbeddedFerretDb } from '../services/database/embeddedFerretDb';
import { cpuSeconds, memoryMb, startBotProcess, stopBotProcess, type BotProcess } from './botProcess';

const C = Number(process.env.C ?? 100);
const TURNS = Number(process.env.TURNS ?? 6);
const LIMIT_S = Number(process.env.LIMIT_S ?? 180);
/** Run just one of the bots (echo | resident). */
const ONLY = process.env.ONLY;
/** Extra node flags for the bot processes, e.g. --cpu-prof to see where a turn's time goes. */
const BOT_NODE_ARGS = (process.env.BOT_NODE_ARGS ?? '').split(' ').filter(Boolean);

// What a resident might type; the resident bot answers each (a question, a re-prompt, a summary).
const SCRIPT = [
  'The bins on Elm Road have not been collected for two weeks',
  '1',
  'They were due last Tuesday and nobody came',
  'It has happened three times this month',
  'no',
  'I would like them collected as soon as possible',
  'yes',
  'thanks',
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** One resident: start, open the stream, then TURNS messages, each sent once the previous is answered. */
async function converse(base: string, latencies: number[], deadline: number): Promise<number> {
  const started = await fetch(`${base}/v3/directline/conversations`, { method: 'POST' });
  if (started.status !== 201) throw new Error(`start: HTTP ${started.status} ${await started.text()}`);
  const { conversationId, token, streamUrl } = (await started.json()) as { conversationId: string; token: string; streamUrl: string };
  const replies = new Map<string, number>(); // replyToId -> when its first reply arrived
  const waiting = new Map<string, () => void>();
  const ws = new WebSocket(streamUrl);
  ws.on('message', (data) => {
    const text = data.toString();
    if (!text) return;
    const set = JSON.parse(text) as { activities: Array<{ type: string; replyToId?: string; from: { role?: string } }> };
    for (const a of set.activities) {
      if (a.type !== 'message' || a.from.role !== 'bot' || !a.replyToId || replies.has(a.replyToId)) continue;
      replies.set(a.replyToId, performance.now());
      waiting.get(a.replyToId)?.();
    }
  });
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  let done = 0;
  try {
    for (let i = 0; i < TURNS && Date.now() < deadline; i++) {
      const sentAt = performance.now();
      const res = await fetch(`${base}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: SCRIPT[i % SCRIPT.length], locale: 'en-GB' }),
      });
      if (res.status !== 200) throw new Error(`post: HTTP ${res.status} ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      if (!replies.has(id)) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no reply within 30 s')), 30_000);
          waiting.set(id, () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      latencies.push(replies.get(id)! - sentAt);
      done++;
    }
  } finally {
    ws.close();
  }
  return done;
}

interface Result {
  turns: number;
  seconds: number;
  p50: number;
  p99: number;
  failures: number;
  hwmMb: number;
  idleMb: number;
  botCpu: number;
  dbCpu: number;
}

async function run(bot: BotProcess, dbPid: number | undefined): Promise<Result> {
  const idleMb = memoryMb(bot.child.pid!, 'VmRSS');
  const cpu0 = [cpuSeconds(bot.child.pid), cpuSeconds(dbPid)];
  const latencies: number[] = [];
  const deadline = Date.now() + LIMIT_S * 1000;
  const t0 = performance.now();
  const results = await Promise.allSettled(Array.from({ length: C }, () => converse(bot.url, latencies, deadline)));
  const seconds = (performance.now() - t0) / 1000;
  const failures = results.filter((r) => r.status === 'rejected');
  if (failures.length) console.error(`${bot.name}: ${failures.length} conversation(s) failed, e.g. ${(failures[0] as PromiseRejectedResult).reason}`);
  const turns = results.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value : 0), 0);
  latencies.sort((a, b) => a - b);
  return {
    turns,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: failures.length,
    hwmMb: memoryMb(bot.child.pid!, 'VmHWM'),
    idleMb,
    botCpu: cpuSeconds(bot.child.pid) - cpu0[0],
    dbCpu: cpuSeconds(dbPid) - cpu0[1],
  };
}


async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-bench-dl-'));
  let ferret: EmbeddedFerretDb | undefined;
  let base = process.env.MONGODB_URI;
  if (!base) {
    ferret = new EmbeddedFerretDb({ dataDir: path.join(tmp, 'db'), supervise: false });
    base = await ferret.start();
  }
  const uriFor = (name: string) => `${base!.replace(/\/[^/?]*(\?.*)?$/, '')}/${name}_${Date.now()}`;
  const bots: BotProcess[] = [];
  try {
    console.log(`Direct Line benchmark: ${C} concurrent conversations x ${TURNS} turns, loopback, ${os.cpus().length} CPUs, Node ${process.version}`);
    const dbPid = ferret ? Number(fs.readFileSync(path.join(tmp, 'db', 'ferretdb.pid'), 'utf8')) : undefined;
    const rows: Array<[string, Result]> = [];
    for (const [name, entry] of [
      ['echo bot', 'bench/echoBot.ts'],
      ['resident bot', 'bot/main.ts'],
    ] as const) {
      if (ONLY && !name.startsWith(ONLY)) continue;
      const bot = await startBotProcess(name, entry, { mongoUri: uriFor(name.split(' ')[0]), dataDir: path.join(tmp, name.split(' ')[0]), nodeArgs: BOT_NODE_ARGS });
      bots.push(bot);
      await converse(bot.url, [], Date.now() + 30_000); // warm up (tsx, JIT, indexes)
      rows.push([name, await run(bot, dbPid)]);
      await stopBotProcess(bot);
    }
    console.log('');
    console.log('bot            turns   seconds  turns/s   p50 ms   p99 ms   failed  idle RSS MB  peak RSS MB (VmHWM)  bot CPU s  DB CPU s');
    for (const [name, r] of rows) {
      console.log(
        `${name.padEnd(13)} ${String(r.turns).padStart(6)}  ${r.seconds.toFixed(1).padStart(7)}  ${(r.turns / r.seconds).toFixed(1).padStart(7)}  ${r.p50.toFixed(0).padStart(7)}  ${r.p99.toFixed(0).padStart(7)}  ${String(r.failures).padStart(7)}  ${r.idleMb.toFixed(0).padStart(11)}  ${r.hwmMb.toFixed(0).padStart(11)}          ${r.botCpu.toFixed(1).padStart(9)}  ${r.dbCpu.toFixed(1).padStart(8)}`,
      );
    }
    if (rows.length === 2) {
      const [echo, resident] = rows.map(([, r]) => r.turns / r.seconds);
      console.log('');
      console.log(`resident / echo throughput: ${((resident / echo) * 100).toFixed(0)}% (target >= 50%)`);
      console.log(`resident bot peak RSS: ${rows[1][1].hwmMb.toFixed(0)} MB (target < 300 MB)`);
    }
  } finally {
    for (const bot of bots) await stopBotProcess(bot);
    await ferret?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
