/**
 * A financial year of cases with known facts, for the annual report and self-assessment tests
 * (API and browser). Each case is planned first (days received, acknowledged, extended, answered,
 * escalated...), then played through the real case service with a clock the plan moves. The
 * expected figures are computed here from the plan with this file's own weekday arithmetic and a
 * hand-written list of England's bank holidays: nothing is shared with the code under test.
 *
 * Council: oadby-wigston (acknowledge within 5 working days of receipt, respond within 10 of
 * receipt at stage 1 and 20 at stage 2, extensions without a limit), so the pack's deadlines and
 * the Codes' (10 working days from acknowledgement) differ.
 */
import type { CaseDraft } from '../../models/caseDraft';
import type { Actor } from '../../models/caseRecord';
import type { CaseService } from '../../services/cases';

// England and Wales bank holidays from June 2026 to March 2027 (gov.uk).
const HOLIDAYS = new Set(['2026-08-31', '2026-12-25', '2026-12-28', '2027-01-01', '2027-03-26', '2027-03-29']);
const isWorking = (iso: string) => {
  const d = new Date(`${iso}T12:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6 && !HOLIDAYS.has(iso);
};
const nextDay = (iso: string) => new Date(Date.parse(`${iso}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
export function addWorking(iso: string, n: number): string {
  let d = iso;
  for (let i = 0; i < n; ) {
    d = nextDay(d);
    if (isWorking(d)) i++;
  }
  return d;
}
export function workingBetween(a: string, b: string): number {
  let n = 0;
  for (let d = a; d < b; ) {
    d = nextDay(d);
    if (isWorking(d)) n++;
  }
  return n;
}

type Decision = 'upheld' | 'partly_upheld' | 'not_upheld' | 'resolved';
const AREAS = ['waste_recycling', 'housing_repairs', 'planning'] as const;
const HOUSING = new Set<string>(['housing_repairs']);

export interface PlannedStage {
  startedOn: string;
  ackOn: string;
  respondedOn: string | null;
  /** Working days the deadline was extended by (beyond the pack's original deadline). */
  extendedBy: number | null;
  decision: Decision | null;
}

export interface PlannedCase {
  reference?: string;
  kind: 'complaint' | 'service_request' | 'compliment';
  receivedOn: string;
  area: (typeof AREAS)[number];
  channel: 'webchat' | 'facebook';
  signposted: Array<'insurance_claim' | 'councillor_conduct' | 'information_rights'>;
  outOfTime: boolean;
  s1: PlannedStage | null;
  s2: PlannedStage | null;
  sr: { respondedOn: string } | null;
  ombudsmanOn: string | null;
  withdrawnOn: string | null;
  learning: string | null;
}

/** Weekdays from 1 June to 31 July 2026, one case each (no bank holidays in between). */
function receiptDays(n: number): string[] {
  const out: string[] = [];
  for (let d = '2026-06-01'; out.length < n; d = nextDay(d)) if (isWorking(d)) out.push(d);
  return out;
}

export function plan(): PlannedCase[] {
  const days = receiptDays(36);
  const cases: PlannedCase[] = [];
  for (let i = 0; i < 28; i++) {
    const receivedOn = days[i];
    const ackOn = addWorking(receivedOn, [1, 2, 3, 7][i % 4]);
    const extendedBy = i % 5 === 0 ? [3, 15][(i / 5) % 2] : null;
    const answered = i % 6 !== 5;
    const respondedOn = answered ? addWorking(ackOn, [4, 8, 12][i % 3] + (extendedBy ?? 0)) : null;
    const decision: Decision | null = answered ? (['upheld', 'partly_upheld', 'not_upheld', 'resolved'] as const)[i % 4] : null;
    const escalated = answered && i % 4 === 2;
    const s2Start = escalated ? addWorking(respondedOn!, 1) : null;
    const s2Ack = s2Start ? addWorking(s2Start, [2, 6][i % 2]) : null;
    const s2Resp = s2Ack ? addWorking(s2Ack, [10, 22][Math.floor(i / 4) % 2]) : null;
    cases.push({
      kind: 'complaint',
      receivedOn,
      area: AREAS[i % 3],
      channel: i % 2 ? 'facebook' : 'webchat',
      signposted: i % 7 === 3 ? ['insurance_claim'] : i % 7 === 4 ? ['councillor_conduct', 'information_rights'] : [],
      outOfTime: i % 9 === 1,
      s1: { startedOn: receivedOn, ackOn, respondedOn, extendedBy, decision },
      s2: s2Start ? { startedOn: s2Start, ackOn: s2Ack!, respondedOn: s2Resp, extendedBy: null, decision: 'partly_upheld' } : null,
      sr: null,
      ombudsmanOn: s2Resp && i % 8 === 2 ? addWorking(s2Resp, 2) : null,
      withdrawnOn: !answered && i % 12 === 11 ? addWorking(ackOn, 3) : null,
      learning: decision === 'upheld' && i % 8 === 0 ? 'communication' : decision === 'partly_upheld' && i % 3 === 0 ? 'delay' : null,
    });
  }
  // Service requests: answered in 3 or 12 working days (the target is 10); the last becomes a complaint.
  for (let i = 0; i < 4; i++) {
    const receivedOn = days[28 + i];
    cases.push({
      kind: 'service_request', receivedOn, area: 'waste_recycling', channel: 'webchat', signposted: [], outOfTime: false,
      s1: i === 3 ? { startedOn: addWorking(receivedOn, 1), ackOn: addWorking(receivedOn, 2), respondedOn: null, extendedBy: null, decision: null } : null,
      s2: null, sr: i === 3 ? null : { respondedOn: addWorking(receivedOn, i % 2 ? 12 : 3) }, ombudsmanOn: null, withdrawnOn: null, learning: null,
    });
  }
  for (let i = 0; i < 2; i++) {
    cases.push({ kind: 'compliment', receivedOn: days[32 + i], area: 'planning', channel: 'facebook', signposted: [], outOfTime: false, s1: null, s2: null, sr: null, ombudsmanOn: null, withdrawnOn: null, learning: null });
  }
  return cases;
}

const officer: Actor = { id: 'seed-officer', name: 'Sam Patel', role: 'staff' };
const reviewer: Actor = { id: 'seed-reviewer', name: 'Priya Shah', role: 'staff' };
const resident: Actor = { id: 'seed-resident', name: 'Resident', role: 'resident' };
let n = 0;
const cmd = () => `seed-${process.pid}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

/** Plays the plan through the case service; `setDay` moves the service's clock. Returns the plan with references. */
export async function seed(cases: CaseService, setDay: (iso: string) => void): Promise<PlannedCase[]> {
  const planned = plan();
  for (const p of planned) {
    setDay(p.receivedOn);
    const draft: CaseDraft = {
      council: cases.council,
      kind: p.kind,
      receivedAt: new Date(`${p.receivedOn}T10:00:00Z`),
      source: { channel: p.channel },
      description: `Seeded ${p.kind} received ${p.receivedOn}.`,
      serviceAreas: [p.area],
      anonymous: false,
      resident: { name: 'Jane Smith', email: 'jane.smith@example.org', preferredContact: 'email' },
      signposted: p.signposted,
      ...(p.outOfTime ? { outOfTimeReason: 'I was in hospital for a long time.' } : {}),
    } as CaseDraft;
    const reference = (await cases.open(draft, { commandId: cmd() })).reference;
    p.reference = reference;
    const base = (actor: Actor = officer) => ({ reference, commandId: cmd(), actor });
    if (p.sr) {
      setDay(p.sr.respondedOn);
      await cases.respond({ ...base(), summary: 'Done.' });
    }
    if (p.kind === 'service_request' && p.s1) {
      setDay(p.s1.startedOn);
      await cases.convertToComplaint(base());
      setDay(p.s1.ackOn);
      await cases.acknowledge(base());
      continue;
    }
    if (!p.s1) continue;
    setDay(p.s1.ackOn);
    await cases.acknowledge(base());
    await cases.assign({ ...base(), assignee: { id: officer.id, name: officer.name } });
    if (p.s1.extendedBy) await cases.extend({ ...base(), workingDays: p.s1.extendedBy, reason: 'Waiting for the contractor.' });
    if (p.withdrawnOn) {
      setDay(p.withdrawnOn);
      await cases.close({ ...base(resident), reason: 'withdrawn' });
      continue;
    }
    if (!p.s1.respondedOn) continue;
    const answer = async (stage: PlannedStage, actor: Actor, learning: string | null) => {
      setDay(stage.respondedOn!);
      await cases.respond({
        ...base(actor), decision: stage.decision!, points: [{ issue: 1, decision: stage.decision!, reasons: 'Looked into it.' }], reasons: 'Looked into it.', remedy: 'An apology.',
        learningPoints: learning ? [{ theme: learning, detail: 'Tell residents sooner.' }] : [],
      });
    };
    await answer(p.s1, officer, p.s2 ? null : p.learning);
    if (p.s2) {
      setDay(p.s2.startedOn);
      await cases.escalate({ ...base(resident), reviewer: { id: reviewer.id, name: reviewer.name } });
      setDay(p.s2.ackOn);
      await cases.acknowledge(base(reviewer));
      await answer(p.s2, reviewer, p.learning);
      if (p.ombudsmanOn) {
        setDay(p.ombudsmanOn);
        await cases.referToOmbudsman(base(reviewer));
      }
    }
  }
  return planned;
}

export const isHousing = (p: PlannedCase) => HOUSING.has(p.area);
