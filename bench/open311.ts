/**
 * Open311 benchmark: BENCH_CASES (default 200) service requests are opened on an embedded FerretDB
 * and queued for the works system; the real scheduler sends them to a local GeoReport v2 server
 * (test/support/open311Server.ts). Prints how long each waited between being queued and reaching
 * the works system (p50/p95/max), the requests sent per second, and how long one status poll takes
 * to read them all back (in batches of 50 ids) and record a change on every one.
 *
 *   npx tsx bench/open311.ts
 *   BENCH_CASES=50 npx tsx bench/open311.ts
 *
 * Exits 1 if a request is missing, sent twice, or a change is not recorded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { CaseService } from '../services/cases';
import { Database } from '../services/database/database';
import { EmbeddedFerretDb } from '../services/database/embeddedFerretDb';
import { Open311Client, OPEN311_SEND_JOB, WorksService } from '../services/open311';
import { Open311Store } from '../services/open311/store';
import { loadPack } from '../services/policy';
import { Scheduler } from '../services/scheduler/scheduler';
import { startOpen311Server } from '../test/support/open311Server';
import { API_KEY, JURISDICTION, SERVICES } from '../test/open311/support';

const N = Number(process.env.BENCH_CASES ?? 200);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-bench-o311-'));
  const ferret = new EmbeddedFerretDb({ dataDir: dir, supervise: false });
  const db = new Database({ uri: await ferret.start() });
  await db.connect();
  const server = await startOpen311Server({ services: SERVICES, apiKey: API_KEY, jurisdiction: JURISDICTION });
  let failed = false;
  try {
    const pack = loadPack('default');
    const cases = new CaseService({ connection: db.connection, council: pack.id, reminders: false });
    await cases.ensureIndexes();
    const scheduler = new Scheduler({ connection: db.connection, retryDelayMs: 1000 });
    let changes = 0;
    const works = new WorksService({
      client: new Open311Client({ endpoint: server.url, apiKey: API_KEY, jurisdiction: JURISDICTION }),
      store: new Open311Store(db.connection, pack.id),
      cases, pack, jobs: scheduler.store, kick: () => scheduler.kick(),
      notice: async (_r, key) => void (key.includes(':status:') && changes++),
      refreshCard: async () => undefined,
      tellResident: async () => true,
      mediaUrl: (id) => `http://127.0.0.1/${id}`,
      unhappy: async () => false,
      logger: pino({ level: 'silent' }),
      pollMinutes: 15, discoveryHours: 6, maxAttempts: 5,
    });
    scheduler.define(OPEN311_SEND_JOB, (job) => works.runSendJob(job));
    await works.discover();

    const queuedAt = new Map<string, number>();
    const started = Date.now();
    for (let i = 0; i < N; i++) {
      const opened = await cases.open(
        { council: pack.id, kind: 'service_request', receivedAt: new Date(), source: { channel: 'directline' }, description: `Pothole number ${i} in the road outside ${i} High Street`, location: `${i} High Street`, serviceAreas: ['highways'], anonymous: false, resident: { name: 'Bench Resident', email: 'bench@example.org', preferredContact: 'email' } },
        { commandId: `bench-o311-${i}` },
      );
      queuedAt.set(opened.reference, Date.now());
      await works.queue(opened.reference, { serviceCode: 'PH01', serviceName: 'Pothole', attributes: {}, shareContact: false });
    }
    const arrived = new Map<string, number>();
    while (arrived.size < N && Date.now() - started < 300_000) {
      for (const r of server.requests.values()) {
        const ref = /Feedback reference: (\S+)/.exec(r.description)?.[1];
        if (ref && !arrived.has(ref)) arrived.set(ref, Date.now());
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = (Date.now() - started) / 1000;
    const waits = [...arrived].map(([ref, at]) => at - queuedAt.get(ref)!).sort((a, b) => a - b);
    console.log(`sent ${arrived.size} of ${N} (${server.requests.size} at the works system) in ${elapsed.toFixed(1)} s: ${(arrived.size / elapsed).toFixed(1)} requests/s`);
    console.log(`queued -> at the works system: p50 ${pct(waits, 50)} ms, p95 ${pct(waits, 95)} ms, max ${waits.at(-1)} ms`);
    if (arrived.size !== N || server.requests.size !== N) failed = true;
    await until(async () => (await works['deps'].store.open(N + 1)).length === N);

    for (const id of server.requests.keys()) server.setStatus(id, 'open', 'Crew booked');
    const before = server.calls.length;
    const t0 = Date.now();
    const polled = await works.poll();
    const took = Date.now() - t0;
    const gets = server.calls.slice(before).filter((c) => c.path === '/requests.json').length;
    console.log(`one poll: ${polled.checked} read, ${polled.changed} changes recorded on the timeline in ${took} ms (${gets} GET requests.json calls; ${(took / Math.max(1, polled.changed)).toFixed(1)} ms per change)`);
    if (polled.changed !== N || changes !== N) failed = true;
    const t1 = Date.now();
    const again = await works.poll();
    console.log(`a poll with nothing changed: ${again.checked} read in ${Date.now() - t1} ms`);
    await scheduler.stop();
  } finally {
    await server.close();
    await db.close();
    await ferret.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (failed) {
    console.error('FAILED: a request was missing, sent twice, or a change was not recorded');
    process.exit(1);
  }
}

async function until(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await probe()); i++) await new Promise((r) => setTimeout(r, 20));
}

void main();
