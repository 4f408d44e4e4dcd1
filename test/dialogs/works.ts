/** The real works service (services/open311) on the test database, reading an Open311 server; what it sends and tells people is not used here. */
import type { Connection } from 'mongoose';
import { CaseService } from '../../services/cases';
import { createLogger } from '../../services/logger';
import { Open311Client, WorksService } from '../../services/open311';
import { Open311Store } from '../../services/open311/store';
import { JobStore } from '../../services/scheduler/jobStore';
import { API_KEY, JURISDICTION } from '../open311/support';
import { clock, pack } from './support';

export function worksService(connection: Connection, endpoint: string, catalogue: string, cases = new CaseService({ connection, council: 'default', clock })): WorksService {
  const nothing = async () => undefined;
  return new WorksService({
    client: new Open311Client({ endpoint, apiKey: API_KEY, jurisdiction: JURISDICTION, timeoutMs: 5000 }),
    store: new Open311Store(connection, catalogue),
    cases,
    pack,
    jobs: new JobStore(connection),
    kick: () => undefined,
    // Sending, polling and telling people are not part of these questions.
    notice: nothing,
    refreshCard: nothing,
    tellResident: async () => false,
    mediaUrl: (id) => `https://bot.example/api/open311/media/${id}`,
    unhappy: async () => false,
    logger: createLogger('silent'),
    pollMinutes: 15,
    discoveryHours: 24,
    maxAttempts: 3,
    clock,
  });
}

