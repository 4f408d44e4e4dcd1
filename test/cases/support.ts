/** Shared set-up for the case tests: a draft as the resident conversation would give it, staff, and a clock the test moves. */
import type { CaseDraft } from '../../models/caseDraft';
import type { Actor } from '../../models/caseRecord';
import { CaseService, CaseServiceOptions } from '../../services/cases';
import type { Database } from '../../services/database/database';

export const officer: Actor = { id: 'staff-1', name: 'Sam Patel', role: 'staff' };
export const manager: Actor = { id: 'staff-2', name: 'Alex Jones', role: 'staff' };
export const reviewer: Actor = { id: 'staff-3', name: 'Priya Shah', role: 'staff' };
export const resident: Actor = { id: 'webchat-user-1', name: 'Resident', role: 'resident' };
export const staffRef = (a: Actor) => ({ id: a.id, name: a.name });

export function draft(overrides: Partial<CaseDraft> = {}): CaseDraft {
  return {
    council: 'oadby-wigston',
    kind: 'complaint',
    receivedAt: new Date('2026-03-02T10:00:00Z'),
    source: { channel: 'webchat' },
    conversationReference: { conversation: { id: 'conv-1' }, serviceUrl: 'https://webchat.example/' },
    description: 'My bin was missed three weeks running and nobody called back.',
    outcomeWanted: 'Collect the bin and explain why.',
    serviceAreas: ['waste_recycling'],
    anonymous: false,
    resident: { name: 'Jane Smith', email: 'jane.smith@example.org', phone: '0116 496 0123', preferredContact: 'email' },
    ...overrides,
  };
}

/** A clock the test sets; starts at `start`. */
export function testClock(start: string) {
  let now = new Date(start);
  return {
    now: () => now,
    set(iso: string) {
      now = new Date(iso);
    },
  };
}

let n = 0;
export const cmd = (label = 'c') => `${label}-${process.pid}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

export function service(db: Database, opts: Partial<CaseServiceOptions> = {}): CaseService {
  return new CaseService({ connection: db.connection, council: 'oadby-wigston', ...opts });
}

/** Opens a complaint and returns its reference. */
export async function openComplaint(cases: CaseService, overrides: Partial<CaseDraft> = {}): Promise<string> {
  const opened = await cases.open(draft({ council: cases.council, ...overrides }), { commandId: cmd('open') });
  return opened.reference;
}

/** Takes a complaint at stage 1 to a response by `by`. */
export async function respondStage1(cases: CaseService, reference: string, by: Actor = officer): Promise<void> {
  await cases.acknowledge({ reference, commandId: cmd(), actor: by });
  await cases.assign({ reference, commandId: cmd(), actor: by, assignee: staffRef(by) });
  await cases.respond({
    reference,
    commandId: cmd(),
    actor: by,
    decision: 'upheld',
    points: [{ issue: 1, decision: 'upheld', reasons: 'Collections were missed.' }],
    reasons: 'The crew missed the street.',
    remedy: 'Apology and a collection today.',
  });
}
