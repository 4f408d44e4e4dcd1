/**
 * Case service benchmark on an embedded FerretDB (SQLite) in a temporary directory:
 * seeds BENCH_CASES cases (default 100,000) with insertMany, then times the triage queue
 * (p50/p95 over BENCH_RUNS runs, target p95 < 100 ms) and the quarterly report (target < 1 s).
 * For contrast it also times the same queue query on the full cases collection, and one
 * command (acknowledge) at this size.
 *
 *   npx tsx bench/cases.ts                      # 100,000 cases
 *   BENCH_CASES=10000 npx tsx bench/cases.ts    # a quick run
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseDraft } from '../models/caseDraft';
import { caseStatsModel, quartersOf, toQueueEntry, toStatsEntry, type StatsEntry } from '../models/caseProjections';
import type { CaseRecord } from '../models/caseRecord';
import { CaseService } from '../services/cases';
import { derive } from '../services/cases/deadlines';
import { londonDate } from '../services/cases/londonTime';
import { buildOpenedRecord } from '../services/cases/openCase';
import { formatReference } from '../services/cases/references';
import { queueQuery } from '../services/cases/queries';
import { Database } from '../services/database/database';
import { EmbeddedFerretDb } from '../services/database/embeddedFerretDb';
import { SERVICE_AREAS } from '../services/policy/vocabulary';
import { CaseReports } from '../services/reports';

const N = Number(process.env.BENCH_CASES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const NOW = new Date('2026-11-20T10:00:00Z');
const DAY = 86_400_000;
const BATCH = 1000;

// A deterministic generator, so runs are comparable.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

function seedCase(i: number, cases: CaseService): CaseRecord {
  const rules = cases.rules;
  const ageDays = Math.floor(rand() * 3 * 365); // over three years
  const receivedAt = new Date(NOW.getTime() - ageDays * DAY);
  const kind = rand() < 0.6 ? 'complaint' : pick(['service_request', 'comment', 'compliment'] as const);
  const draft = CaseDraft.parse({
    council: rules.pack.id,
    kind,
    receivedAt,
    source: { channel: pick(['webchat', 'webchat', 'directline', 'facebook']) },
    description: `Seeded case ${i}: ${'the service did not do what it said it would. '.repeat(4)}`,
    serviceAreas: [pick(SERVICE_AREAS)],
    anonymous: false,
    resident: { name: `Resident ${pick(['Smith', 'Jones', 'Patel', 'Khan', 'Brown'])}`, email: `r${i}@example.org`, preferredContact: 'email' },
    vulnerable: rand() < 0.1,
    safeguarding: rand() < 0.01,
  });
  const year = Number(londonDate(receivedAt).slice(0, 4));
  let r = buildOpenedRecord(draft, formatReference(rules.pack.caseRefPrefix, year, i + 1), receivedAt, rules);
  const key = r.stage as keyof CaseRecord['tracks'];
  const track = r.tracks[key]!;
  const cal = rules.calendar;
  // Older cases have been acknowledged, answered (mostly on time) and closed; the last few weeks are still open.
  if (ageDays > 3) r = { ...r, tracks: { [key]: { ...track, acknowledgedOn: cal.addWorkingDays(track.startedOn, rand() < 0.9 ? 2 : 7) } }, status: 'acknowledged' };
  if (ageDays > 30 || (ageDays > 10 && rand() < 0.5)) {
    const t = r.tracks[key]!;
    const respondedOn = cal.addWorkingDays(t.startedOn, rand() < 0.8 ? 8 : 14);
    const outcome = key === 'stage1' ? { decision: pick(['upheld', 'partly_upheld', 'not_upheld'] as const), points: [{ issue: 1, decision: 'upheld' as const, reasons: 'r' }], reasons: 'r', remedy: 'm', outstandingActions: [], escalation: { to: 'complaint' as const, team: 't' } } : null;
    r = { ...r, tracks: { [key]: { ...t, respondedOn, outcome, reply: outcome ? null : { summary: 's', escalation: { to: 'complaint' as const, team: 't' } } } }, status: 'responded' };
    if (ageDays > 45) r = { ...r, closedFromStage: r.stage, stage: 'closed', status: 'closed', closure: { reason: 'responded', note: null, closedOn: respondedOn }, closedAt: new Date(respondedOn) };
  }
  if (rand() < 0.2 && r.status !== 'open') r = { ...r, learningPoints: [{ theme: pick(['communication', 'delay', 'staff attitude', 'process']), detail: 'd', addedOn: r.receivedOn, fq: r.stats.receivedFq }] };
  return derive(r, rules);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timeIt(runs: number, f: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  await f(); // warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-bench-'));
  const ferret = new EmbeddedFerretDb({ dataDir, supervise: false });
  const db = new Database({ uri: `${await ferret.start()}bench` });
  try {
    await db.connect();
    const clock = () => NOW;
    const cases = new CaseService({ connection: db.connection, council: 'oadby-wigston', clock, reminders: false });
    await cases.ensureIndexes();

    console.log(`Seeding ${N.toLocaleString()} cases (FerretDB 1.24 on SQLite, ${dataDir})…`);
    const t0 = performance.now();
    let open = 0;
    const byQuarter = new Map<string, StatsEntry[]>();
    for (let start = 0; start < N; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, N - start) }, (_, j) => seedCase(start + j, cases));
      const queue = batch.filter((r) => r.open).map(toQueueEntry);
      open += queue.length;
      await cases.store.cases.collection.insertMany(batch as never[]);
      if (queue.length) await cases.store.queue.collection.insertMany(queue as never[]);
      for (const r of batch) for (const q of quartersOf(r)) byQuarter.set(q, [...(byQuarter.get(q) ?? []), toStatsEntry(r)]);
      if ((start / BATCH) % 20 === 0) process.stdout.write(`  ${start + batch.length}\r`);
    }
    for (const [q, entries] of byQuarter) {
      for (let i = 0; i < entries.length; i += BATCH) await caseStatsModel(db.connection, q).collection.insertMany(entries.slice(i, i + BATCH) as never[]);
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const quarter = '2026-27 Q1';
    console.log(`Seeded in ${seedSeconds.toFixed(0)} s: ${open.toLocaleString()} open cases in the queue, ${byQuarter.get(quarter)?.length.toLocaleString()} cases with figures in ${quarter}.`);

    const queue = await timeIt(RUNS, () => cases.queue());
    const filtered = await timeIt(RUNS, () => cases.queue({ sla: 'overdue', kind: 'complaint' }));
    const reports = new CaseReports({ connection: db.connection, council: 'oadby-wigston' });
    const report = await timeIt(5, () => reports.quarterly(quarter));
    const ret = await timeIt(3, () => reports.housingOmbudsmanReturn('2026-27'));
    const full = await timeIt(3, () =>
      cases.store.cases.find(queueQuery('oadby-wigston', {}, '2026-11-20', cases.rules)).sort({ dueSort: 1, priorityRank: 1, _id: 1 }).limit(50).lean().exec(),
    );
    const target = (await cases.queue({ limit: 1 }))[0].reference;
    let k = 0;
    const command = await timeIt(5, () => cases.addNote({ reference: target, commandId: `bench-note-${k++}`, actor: { id: 's', name: 'Staff', role: 'staff' }, text: 'note' }));
    const sample = await reports.quarterly(quarter);

    console.log('');
    console.log(`triage queue (first 50 open cases by due date), ${RUNS} runs:   p50 ${ms(queue.p50)}  p95 ${ms(queue.p95)}  (target p95 < 100 ms)`);
    console.log(`triage queue filtered (overdue complaints), ${RUNS} runs:       p50 ${ms(filtered.p50)}  p95 ${ms(filtered.p95)}`);
    console.log(`quarterly report ${quarter}, 5 runs:                         p50 ${ms(report.p50)}  max ${ms(report.max)}  (target < 1 s)`);
    console.log(`Housing Ombudsman return 2026-27 (4 quarters), 3 runs:      p50 ${ms(ret.p50)}  max ${ms(ret.max)}`);
    console.log(`for contrast, the queue query on the whole cases collection:  p50 ${ms(full.p50)}`);
    console.log(`one command (addNote) on a case at this size, 5 runs:         p50 ${ms(command.p50)}  max ${ms(command.max)}`);
    console.log(`report check: ${sample.received.total} received in ${quarter}; stage 1 on time ${sample.timeliness.stage1.respondedOnTimePercent}%`);
  } finally {
    await db.close();
    await ferret.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
