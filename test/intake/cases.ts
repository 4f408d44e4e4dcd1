/** The case service as the intake tests use it: the real one, on the test database. */
import type { Connection } from 'mongoose';
import { caseFollowUpFrom, caseOpenerFrom } from '../../bot/residentComposition';
import type { CaseFollowUp, CaseOpener } from '../../dialogs/intakeDeps';
import { CaseService } from '../../services/cases';

const services = new Map<string, CaseService>();

function serviceFor(connection: Connection, council: string): CaseService {
  const key = `${connection.id}:${council}`;
  let s = services.get(key);
  if (!s) {
    s = new CaseService({ connection, council, clock: () => new Date('2026-11-23T10:00:00Z') });
    services.set(key, s);
  }
  return s;
}

export function casesFor(connection: Connection, council: string): CaseOpener {
  return caseOpenerFrom(serviceFor(connection, council));
}

/** The case as staff would see it, with its timeline. */
export async function findCase(connection: Connection, reference: string): Promise<Record<string, unknown> | null> {
  for (const s of services.values()) {
    const found = await s.getByReference(reference).catch(() => null);
    if (found) return JSON.parse(JSON.stringify({ ...found, timeline: await s.timeline(reference) })) as Record<string, unknown>;
  }
  return null;
}

export function followUpFor(connection: Connection, council: string): CaseFollowUp {
  return caseFollowUpFrom(serviceFor(connection, council));
}
