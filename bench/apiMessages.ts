/**
 * Turns over /api/messages (the Bot Framework channel endpoint, as Azure Bot Service posts to it):
 * the intake bot (bot/main.ts, state in the database) against the echo bot on the same botbuilder +
 * restify stack (bench/echoBot.ts), in alternating rounds in one run, so a busy machine slows both
 * alike and the ratio holds better than either figure. Each round: C conversations at once, TURNS
 * turns each, every turn sent once the last one's POST was answered (the adapter answers after the
 * turn, replies sent). Prints per round and the medians: turns/s, p50/p99 turn latency, replies
 * sent per turn, database operations per turn (wire messages through a counting proxy in front of
 * the database; at the end, the intake's by command and collection), each process's peak RSS
 * (VmHWM), and CPU time per turn of the bot, of the embedded database and of this process (the
 * conversations' client and the fake channel, "load": the same work for either bot). On a machine
 * whose cores are all busy the ratio is about (echo + load) / (intake + DB + load). Rate limits
 * are lifted for the measurement. Profiles: bench/cpuProfile.ts summarises them.
 *
 *   node --import tsx bench/apiMessages.ts                 # C=100, TURNS=8, ROUNDS=3
 *   C=50 ROUNDS=5 node --import tsx bench/apiMessages.ts
 *   BOT_NODE_ARGS=--cpu-prof node --import tsx bench/apiMessages.ts   # profiles in the cwd
 *
 * Targets (issue 11): intake >= 0.6x echo's turns/s, intake p99 <= 2x echo's, peak RSS < 300 MB.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedFerretDb } from '../services/database/embeddedFerretDb';
import { findFreePort } from '../services/database/freePort';
import { botHeapArgs } from '../bot/heapLimit';
import { cpuSeconds, memoryMb, startBotProcess, stopBotProcess, type BotProcess } from './botProcess';

const C = Number(process.env.C ?? 100);
const TURNS = Number(process.env.TURNS ?? 8);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const BOT_NODE_ARGS = (process.env.BOT_NODE_ARGS ?? '').split(' ').filter(Boolean);

// What a resident might type; the intake bot answers each (a question, a re-prompt, a summary).
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

/** A TCP proxy in front of the database that counts the messages clients send (MongoDB wire protocol). */
async function countingProxy(target: { host: string; port: number }): Promise<{ port: number; messages: () => number; commands: Map<string, number>; close(): void }> {
  let messages = 0;
  const commands = new Map<string, number>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        messages++;
        const name = commandName(pending);
        commands.set(name, (commands.get(name) ?? 0) + 1);
        pending = pending.subarray(pending.readInt32LE(0));
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await findFreePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { port, messages: () => messages, commands, close: () => server.close() };
}

/** An OP_MSG's command (the first key of its body, e.g. find, insert, update), with its collection. */
function commandName(msg: Buffer): string {
  if (msg.length < 27 || msg.readInt32LE(12) !== 2013 || msg[20] !== 0) return '(other)';
  const nameEnd = msg.indexOf(0, 26);
  const name = msg.toString('latin1', 26, nameEnd);
  // A string value (type 2) is the collection: int32 length, then the characters.
  const collection = msg[25] === 2 ? msg.toString('utf8', nameEnd + 5, nameEnd + 5 + msg.readInt32LE(nameEnd + 1) - 1) : '';
  return collection ? `${name} ${collection}` : name;
}

/** The channel's connector service: takes the bots' replies and answers as a channel does. */
async function fakeChannel(): Promise<{ url: string; replies: () => number; close(): void }> {
  let replies = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      replies++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `r${replies}` }));
    });
  });
  server.keepAliveTimeout = 60_000;
  const port = await findFreePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${port}`, replies: () => replies, close: () => server.close() };
}

interface Bot extends BotProcess {
  db: Awaited<ReturnType<typeof countingProxy>>;
  /** Peak RSS (MB) once started, before any traffic: what loading the code costs. */
  startRssMb: number;
}

async function startBot(name: string, entry: string, mongoUri: string, dataDir: string, db: Bot['db']): Promise<Bot> {
  // Both bots run under the heap limit `npm start` gives the bot (bot/supervisor.ts).
  const bot = await startBotProcess(name, entry, { mongoUri, dataDir, nodeArgs: [...botHeapArgs({}), ...BOT_NODE_ARGS] });
  return { ...bot, db, startRssMb: memoryMb(bot.child.pid!, 'VmHWM') };
}

let dbPid: number | undefined;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

let seq = 0;
/** One conversation: TURNS messages, each once the previous was answered. */
async function converse(bot: Bot, channelUrl: string, conversationId: string, turns: number, latencies: number[]): Promise<number> {
  let done = 0;
  for (let i = 0; i < turns; i++) {
    const activity = {
      type: 'message',
      id: `m${++seq}`,
      channelId: 'webchat',
      serviceUrl: channelUrl,
      timestamp: new Date().toISOString(),
      locale: 'en-GB',
      conversation: { id: conversationId },
      from: { id: `user-${conversationId}`, name: 'Resident' },
      recipient: { id: 'council-feedback-bot', name: 'Council' },
      text: SCRIPT[i % SCRIPT.length],
    };
    const sentAt = performance.now();
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`${bot.name}: HTTP ${res.status}`);
    latencies.push(performance.now() - sentAt);
    done++;
  }
  return done;
}

interface Round {
  turnsPerSecond: number;
  p50: number;
  p99: number;
  dbOpsPerTurn: number;
  /** Activities the bot sent to the channel per turn: each is an HTTP POST the echo bot makes once. */
  repliesPerTurn: number;
  /** CPU milliseconds per turn: the bot's process, and the database's (embedded FerretDB only). */
  botCpuMs: number;
  dbCpuMs: number;
  /** This process's: the conversations' client and the fake channel, the same work for either bot. */
  loadCpuMs: number;
  failures: number;
  turns: number;
}

async function round(bot: Bot, channel: Awaited<ReturnType<typeof fakeChannel>>, label: string, conversations = C, turns = TURNS): Promise<Round> {
  const channelUrl = channel.url;
  const replies0 = channel.replies();
  const latencies: number[] = [];
  const ops0 = bot.db.messages();
  const cpu0 = [cpuSeconds(bot.child.pid), cpuSeconds(dbPid), cpuSeconds(process.pid)];
  const t0 = performance.now();
  const results = await Promise.allSettled(Array.from({ length: conversations }, (_, i) => converse(bot, channelUrl, `${label}-${i}`, turns, latencies)));
  const seconds = (performance.now() - t0) / 1000;
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) console.error(`${bot.name}: ${failed.length} conversation(s) failed, e.g. ${(failed[0] as PromiseRejectedResult).reason}`);
  const done = results.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value : 0), 0);
  latencies.sort((a, b) => a - b);
  return { turnsPerSecond: done / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), dbOpsPerTurn: (bot.db.messages() - ops0) / Math.max(1, done),
    repliesPerTurn: (channel.replies() - replies0) / Math.max(1, done),
    botCpuMs: ((cpuSeconds(bot.child.pid) - cpu0[0]) * 1000) / Math.max(1, done),
    dbCpuMs: ((cpuSeconds(dbPid) - cpu0[1]) * 1000) / Math.max(1, done),
    loadCpuMs: ((cpuSeconds(process.pid) - cpu0[2]) * 1000) / Math.max(1, done),
    failures: failed.length,
    turns: done,
  };
}


async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-bench-api-'));
  let ferret: EmbeddedFerretDb | undefined;
  let base = process.env.MONGODB_URI;
  if (!base) {
    ferret = new EmbeddedFerretDb({ dataDir: path.join(tmp, 'db'), supervise: false });
    base = await ferret.start();
    dbPid = Number(fs.readFileSync(path.join(tmp, 'db', 'ferretdb.pid'), 'utf8'));
  }
  const target = new URL(base);
  const channel = await fakeChannel();
  const bots: Bot[] = [];
  try {
    console.log(`/api/messages benchmark: ${C} concurrent conversations x ${TURNS} turns, ${ROUNDS} alternating rounds, ${os.cpus().length} CPUs, Node ${process.version}`);
    for (const [name, entry] of [
      ['echo', 'bench/echoBot.ts'],
      ['intake', 'bot/main.ts'],
    ] as const) {
      const proxy = await countingProxy({ host: target.hostname, port: Number(target.port || 27017) });
      const uri = `mongodb://127.0.0.1:${proxy.port}/bench_${name}_${Date.now()}${target.search}`;
      bots.push(await startBot(name, entry, uri, path.join(tmp, name), proxy));
    }
    for (const bot of bots) await round(bot, channel, `warm-${bot.name}`, 10, TURNS); // tsx, JIT, indexes
    const rows = new Map<string, Round[]>(bots.map((b) => [b.name, []]));
    const commandsBefore = new Map(bots.map((b) => [b.name, new Map(b.db.commands)]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const bot of r % 2 ? [...bots].reverse() : bots) {
        const result = await round(bot, channel, `r${r}-${bot.name}`);
        rows.get(bot.name)!.push(result);
        console.log(
          `round ${r + 1} ${bot.name.padEnd(7)} ${result.turnsPerSecond.toFixed(0).padStart(5)} turns/s  p50 ${result.p50.toFixed(0).padStart(5)} ms  p99 ${result.p99.toFixed(0).padStart(5)} ms  ${result.dbOpsPerTurn.toFixed(1).padStart(5)} DB ops/turn ${result.repliesPerTurn.toFixed(1)} replies/turn  CPU/turn: bot ${result.botCpuMs.toFixed(1).padStart(5)} ms, DB ${result.dbCpuMs.toFixed(1).padStart(5)} ms, load ${result.loadCpuMs.toFixed(1).padStart(4)} ms${result.failures ? `  ${result.failures} failed` : ''}`,
        );
      }
    }
    const summary = (name: string) => {
      const rs = rows.get(name)!;
      return { tps: median(rs.map((x) => x.turnsPerSecond)), p50: median(rs.map((x) => x.p50)), p99: median(rs.map((x) => x.p99)), ops: median(rs.map((x) => x.dbOpsPerTurn)) };
    };
    const echo = summary('echo');
    const intake = summary('intake');
    console.log('');
    console.log('medians   turns/s   p50 ms   p99 ms   DB ops/turn   peak RSS MB   (after start)');
    for (const bot of bots) {
      const s = summary(bot.name);
      console.log(`${bot.name.padEnd(8)} ${s.tps.toFixed(0).padStart(8)} ${s.p50.toFixed(0).padStart(8)} ${s.p99.toFixed(0).padStart(8)} ${s.ops.toFixed(1).padStart(13)} ${memoryMb(bot.child.pid!, 'VmHWM').toFixed(0).padStart(13)} ${bot.startRssMb.toFixed(0).padStart(15)}`);
    }
    const ratio = intake.tps / echo.tps;
    const p99Ratio = intake.p99 / echo.p99;
    const rss = memoryMb(bots[1].child.pid!, 'VmHWM');
    console.log('');
    console.log(`intake / echo turns/s: ${ratio.toFixed(2)}x (target >= 0.6x) ${ratio >= 0.6 ? 'met' : 'NOT met'}`);
    console.log(`intake / echo p99:     ${p99Ratio.toFixed(2)}x (target <= 2x) ${p99Ratio <= 2 ? 'met' : 'NOT met'}`);
    console.log(`intake peak RSS:       ${rss.toFixed(0)} MB (target < 300 MB) ${rss < 300 ? 'met' : 'NOT met'}`);
    // What the database operations per turn are (command and collection), over the measured rounds.
    const turns = rows.get('intake')!.reduce((n, r) => n + r.turns, 0);
    const before = commandsBefore.get('intake')!;
    const perTurn = [...bots[1].db.commands].map(([k, n]) => [k, (n - (before.get(k) ?? 0)) / Math.max(1, turns)] as const).filter(([, n]) => n > 0);
    console.log(`intake DB operations per turn: ${perTurn.sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n.toFixed(2)}`).join(', ')}`);
  } finally {
    for (const bot of bots) await stopBotProcess(bot);
    for (const bot of bots) bot.db.close();
    channel.close();
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
