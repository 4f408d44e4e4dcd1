/**
 * The Codes' rules hold whatever order staff act in. Random sequences of commands (pick up,
 * assign, acknowledge, extend, respond, escalate, close, reopen, by four members of staff and the
 * resident, with days passing between them) are run against the service's own command path, and
 * after every step the invariants are checked:
 *  - no deadline is past its limit (every extension, and the deadline in force);
 *  - nobody involved at stage 1 acted on the stage 2 review or is assigned to it;
 *  - a stage 2 response only after its acknowledgement;
 *  - the timeline tells the truth: one event per version, and what each says is what happened.
 * Most sequences run in memory (services/cases/step.ts, the code the service runs before it
 * stores); a sample runs against the real CaseService on FerretDB, checking what it stores and
 * that it accepts and refuses exactly what the in-memory path does.
 */
import { CaseDraft } from '../../models/caseDraft';
import type { Actor, CaseRecord } from '../../models/caseRecord';
import type { TimelineEventDoc } from '../../models/timelineEvent';
import { CaseError, CaseService, createCaseRules, type CaseRules } from '../../services/cases';
import { stage1People } from '../../services/cases/independence';
import { buildOpenedRecord } from '../../services/cases/openCase';
import { stepRaw } from '../../services/cases/step';
import type { Database } from '../../services/database/database';
import { readableDate } from '../../services/workingDays';
import { dropTestDb, openTestDb } from '../support/testDb';
import { draft, resident } from './support';

const IN_MEMORY_SEQUENCES = 1200;
const STORED_SEQUENCES = 12;
const STEPS = 18;
const COUNCILS = ['default', 'ig-team', 'south-derbyshire', 'oadby-wigston', 'leicester', 'south-cambs-housing'];

const STAFF: Actor[] = [
  { id: 'staff-tom', name: 'Tom Baker', role: 'staff' },
  { id: 'staff-priya', name: 'Priya Shah', role: 'staff' },
  { id: 'staff-sam', name: 'Sam Patel', role: 'staff' },
  { id: 'staff-alex', name: 'Alex Jones', role: 'staff' },
];

/** mulberry32: a small seeded generator, so a failure names a sequence that can be run again. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

type Op = { command: 'assign' | 'acknowledge' | 'extend' | 'respond' | 'escalate' | 'close' | 'reopen' | 'messageResident'; raw: Record<string, unknown>; label: string };

/** One random step: a command by someone, with plausible (not always valid) input. */
function randomOp(r: ReturnType<typeof rng>, record: CaseRecord, n: number): Op {
  const actor = r.pick(STAFF);
  const base = { reference: record._id, commandId: `seq-${n}-${r.int(1e9)}`, actor };
  const someone = r.pick(STAFF);
  const track = record.stage === 'stage1' || record.stage === 'stage2' ? record.tracks[record.stage] : undefined;
  // Acknowledging is drawn twice as often: a complaint must be acknowledged before it is answered at either stage.
  switch (r.int(11)) {
    case 0:
      return { command: 'assign', raw: { ...base, assignee: { id: actor.id, name: actor.name } }, label: `${actor.name} picks up` };
    case 1:
      return { command: 'assign', raw: { ...base, assignee: { id: someone.id, name: someone.name } }, label: `${actor.name} assigns ${someone.name}` };
    case 2:
      return { command: 'acknowledge', raw: base, label: `${actor.name} acknowledges` };
    case 3: {
      const days = 1 + r.int(16);
      return { command: 'extend', raw: { ...base, reason: 'Waiting for a report', workingDays: days }, label: `${actor.name} extends by ${days}` };
    }
    case 4: {
      const reasons = 'Looked at the records.';
      const points = record.issues.map((i) => ({ issue: i.id, decision: 'upheld', reasons }));
      return { command: 'respond', raw: { ...base, decision: 'upheld', points, reasons, remedy: 'An apology.', summary: 'Done.' }, label: `${actor.name} responds${track ? '' : ' (no track)'}` };
    }
    case 5: {
      const byResident = r.next() < 0.5;
      const reviewer = r.next() < 0.5 ? { id: someone.id, name: someone.name } : undefined;
      const raw = byResident ? { ...base, actor: resident } : { ...base, ...(reviewer ? { reviewer } : {}), ...(r.next() < 0.5 ? { reason: 'Still unhappy' } : {}) };
      return { command: 'escalate', raw, label: `${byResident ? 'the resident' : actor.name} escalates${reviewer && !byResident ? ` to ${someone.name}` : ''}` };
    }
    case 6:
      return { command: 'close', raw: { ...base, reason: r.pick(['responded', 'withdrawn', 'duplicate', 'resolved'] as const) }, label: `${actor.name} closes` };
    case 7:
      return { command: 'reopen', raw: { ...base, reason: 'It happened again' }, label: `${actor.name} reopens` };
    case 8:
      return { command: 'messageResident', raw: { ...base, text: 'Could you send a photo?', awaitReply: r.next() < 0.5 }, label: `${actor.name} messages the resident` };
    case 9:
      return { command: 'extend', raw: { ...base, reason: 'More time', until: track?.extensionLimit ?? track?.respondBy ?? record.receivedOn }, label: `${actor.name} extends to the limit` };
    default:
      return { command: 'acknowledge', raw: base, label: `${actor.name} acknowledges` };
  }
}

/** The invariants, on a case and its timeline as stored (or as the in-memory path holds them). */
function checkInvariants(record: CaseRecord, events: Pick<TimelineEventDoc, 'seq' | 'command' | 'actor' | 'what' | 'details'>[] | null, rules: CaseRules): string[] {
  const problems: string[] = [];
  for (const key of ['stage1', 'stage2'] as const) {
    const t = record.tracks[key];
    if (!t) continue;
    if (t.extensionLimit) {
      if (t.respondBy && t.respondBy > t.extensionLimit) problems.push(`${key}: respond by ${t.respondBy} is past the limit ${t.extensionLimit}`);
      for (const e of t.extensions) if (e.until > t.extensionLimit) problems.push(`${key}: an extension to ${e.until} is past the limit ${t.extensionLimit}`);
    }
    // An unacknowledged stage counted from acknowledgement can't have been extended: its limit wasn't known.
    const fromAck = rules.pack.timescales[key]?.respond.from === 'acknowledgement';
    if (fromAck && !t.acknowledgedOn && t.extensions.length) problems.push(`${key}: extended before it was acknowledged`);
  }
  const s2 = record.tracks.stage2;
  if (s2) {
    const involved = new Set(stage1People(record).map((p) => p.id));
    for (const p of [...s2.handledBy, ...(s2.handler ? [s2.handler] : [])]) if (involved.has(p.id)) problems.push(`${p.name} handled stage 1 and stage 2`);
    if (record.stage === 'stage2' && record.assignee && involved.has(record.assignee.id)) problems.push(`${record.assignee.name} handled stage 1 and is assigned the review`);
    if (s2.respondedOn && (!s2.acknowledgedOn || s2.acknowledgedOn > s2.respondedOn)) problems.push('stage 2 answered before its acknowledgement');
  }
  if (!events) return problems;
  // The timeline: one event per version, in order, each saying what happened.
  if (events.length !== record.version) problems.push(`${events.length} events for version ${record.version}`);
  events.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(`event ${i + 1} has seq ${e.seq}`);
    if (/sent to the resident/i.test(e.what)) problems.push(`"${e.what}" says sent before anything was delivered`);
  });
  // Stage 2 acts by anyone involved at stage 1, read from the timeline itself.
  const escalatedAt = events.findIndex((e) => e.command === 'escalate');
  if (escalatedAt >= 0) {
    const involved = new Set(stage1People(record).map((p) => p.id));
    for (const e of events.slice(escalatedAt + 1)) {
      if (['acknowledge', 'extend', 'respond'].includes(e.command) && e.actor.role === 'staff' && involved.has(e.actor.id)) problems.push(`${e.actor.name} did ${e.command} at stage 2`);
    }
  }
  return problems;
}

/** What the newest event says must be what the step did to the case. */
function checkWhat(what: string, command: string, before: CaseRecord, after: CaseRecord): string[] {
  const problems: string[] = [];
  const key = (before.stage === 'closed' ? null : before.stage) as 'stage1' | 'stage2' | null;
  if (command === 'assign' && what !== `Assigned to ${after.assignee?.name}`) problems.push(`"${what}" but assigned to ${after.assignee?.name}`);
  if (command === 'acknowledge' && !after.tracks[key!]?.acknowledgedOn) problems.push(`"${what}" but not acknowledged`);
  if (command === 'extend') {
    const until = after.tracks[key!]!.respondBy!;
    if (what !== `Response deadline extended to ${readableDate(until)}`) problems.push(`"${what}" but respond by ${until}`);
  }
  if (command === 'escalate' && (after.stage !== 'stage2' || !/^Escalated to stage 2/.test(what))) problems.push(`"${what}" at ${after.stage}`);
  if (command === 'close' && after.stage !== 'closed') problems.push(`"${what}" but ${after.stage}`);
  if (command === 'reopen' && after.stage === 'closed') problems.push(`"${what}" but still closed`);
  if (command === 'respond' && !after.tracks[key!]?.respondedOn) problems.push(`"${what}" but no response recorded`);
  return problems;
}

const days = (start: Date, n: number) => new Date(start.getTime() + n * 86_400_000);

function openInMemory(rules: CaseRules, reference: string, at: Date): CaseRecord {
  const parsed = CaseDraft.parse(draft({ council: rules.pack.id, receivedAt: at }));
  return buildOpenedRecord(parsed, reference, at, rules);
}

interface Outcome {
  ok: boolean;
  refusal?: string;
}

describe('random sequences of commands keep the Codes', () => {
  const rulesFor = new Map(COUNCILS.map((c) => [c, createCaseRules({ council: c })]));

  test(`${IN_MEMORY_SEQUENCES} sequences in memory, invariants after every step`, () => {
    let accepted = 0;
    let refused = 0;
    for (let seed = 1; seed <= IN_MEMORY_SEQUENCES; seed++) {
      const r = rng(seed);
      const council = COUNCILS[seed % COUNCILS.length];
      const rules = rulesFor.get(council)!;
      let now = new Date('2026-11-23T10:00:00Z');
      let record = openInMemory(rules, `CMP-2026-${String(seed).padStart(6, '0')}`, now);
      const events: Pick<TimelineEventDoc, 'seq' | 'command' | 'actor' | 'what' | 'details'>[] = [{ seq: 1, command: 'open', actor: resident, what: 'Case opened', details: {} }];
      const trail: string[] = [];
      for (let n = 0; n < STEPS; n++) {
        now = days(now, r.int(4));
        const op = randomOp(r, record, n);
        trail.push(`${now.toISOString().slice(0, 10)} ${op.label}`);
        try {
          const { applied, next } = stepRaw(op.command, record, op.raw, rules, now);
          const what = checkWhat(applied.what, op.command, record, next);
          events.push({ seq: next.version, command: op.command, actor: op.raw.actor as Actor, what: applied.what, details: applied.details });
          record = next;
          accepted++;
          if (what.length) throw new Error(`seed ${seed} (${council}):\n${trail.join('\n')}\n${what.join('\n')}`);
        } catch (err) {
          if (!(err instanceof CaseError)) throw err;
          refused++;
        }
        const problems = checkInvariants(record, events, rules);
        if (problems.length) throw new Error(`seed ${seed} (${council}):\n${trail.join('\n')}\n${problems.join('\n')}`);
      }
    }
    // The mix must actually exercise both: not a test that passes by refusing everything.
    expect(accepted).toBeGreaterThan(IN_MEMORY_SEQUENCES * 4);
    expect(refused).toBeGreaterThan(IN_MEMORY_SEQUENCES * 2);
  });

  describe('a sample against the real service', () => {
    let db: Database;
    beforeAll(async () => {
      db = await openTestDb('cases_sequences');
    });
    afterAll(() => dropTestDb(db));

    test(`${STORED_SEQUENCES} sequences: the service accepts and refuses what the in-memory path does, and what it stores keeps the invariants`, async () => {
      const services = new Map<string, { cases: CaseService; clock: { now: Date } }>();
      const serviceFor = (council: string) => {
        let s = services.get(council);
        if (!s) {
          const clock = { now: new Date() };
          s = { cases: new CaseService({ connection: db.connection, council, clock: () => clock.now, reminders: false }), clock };
          services.set(council, s);
        }
        return s;
      };
      let escalations = 0;
      for (let seed = 5001; seed < 5001 + STORED_SEQUENCES; seed++) {
        const r = rng(seed);
        const council = COUNCILS[seed % COUNCILS.length];
        const { cases, clock } = serviceFor(council);
        const rules = cases.rules;
        clock.now = new Date('2026-11-23T10:00:00Z');
        const opened = await cases.open(draft({ council, receivedAt: clock.now }), { commandId: `open-${seed}-${process.pid}` });
        let memory = { ...(await cases.store.load(opened.reference))! };
        const trail: string[] = [];
        for (let n = 0; n < STEPS; n++) {
          clock.now = days(clock.now, r.int(4));
          const op = randomOp(r, memory, n);
          trail.push(`${clock.now.toISOString().slice(0, 10)} ${op.label}`);
          let expected: Outcome;
          try {
            memory = stepRaw(op.command, memory, op.raw, rules, clock.now).next;
            expected = { ok: true };
          } catch (err) {
            if (!(err instanceof CaseError)) throw err;
            expected = { ok: false, refusal: err.message };
          }
          const call = {
            assign: cases.assign, acknowledge: cases.acknowledge, extend: cases.extend, respond: cases.respond,
            escalate: cases.escalate, close: cases.close, reopen: cases.reopen, messageResident: cases.messageResident,
          }[op.command];
          const actual: Outcome = await call.call(cases, op.raw as never).then(
            () => ({ ok: true }),
            (err: Error) => ({ ok: false, refusal: err.message }),
          );
          if (op.command === 'escalate' && actual.ok) escalations++;
          const stored = (await cases.store.load(opened.reference))!;
          // The whole timeline is read back at the end of the sequence (reading it is one look-up per event).
          const timeline = n === STEPS - 1 ? await cases.store.timeline(opened.reference) : null;
          const problems = [
            ...(actual.ok !== expected.ok || actual.refusal !== expected.refusal ? [`service ${JSON.stringify(actual)} but in memory ${JSON.stringify(expected)}`] : []),
            ...(stored.version !== memory.version || JSON.stringify(stored.tracks) !== JSON.stringify(memory.tracks) || stored.assignee?.id !== memory.assignee?.id
              ? ['what the service stores differs from the in-memory case']
              : []),
            ...checkInvariants(stored, timeline, rules),
          ];
          if (problems.length) throw new Error(`seed ${seed} (${council}) ${opened.reference}:\n${trail.join('\n')}\n${problems.join('\n')}`);
        }
      }
      expect(escalations).toBeGreaterThan(0);
    });
  });
});
