/**
 * The whole bot in-process (startApp, as main.ts runs it) on a database of the shared test
 * server, with the Teams settings a test needs, plus a case service on the same database to
 * open cases as the resident conversation would.
 */
import { startApp, RunningApp } from '../../../bot/app';
import type { CaseDraft } from '../../../models/caseDraft';
import { CaseService } from '../../../services/cases';
import { loadConfig } from '../../../services/config';
import { Database } from '../../../services/database/database';
import { createLogger } from '../../../services/logger';
import { dropTestDb, testDbUri } from '../../support/testDb';
import { BOT, type Person, TEAM_ID, TENANT, TRIAGE_CHANNEL } from './activities';

export interface TeamsTestApp {
  app: RunningApp;
  url: string;
  db: Database;
  cases: CaseService;
  /** Every log line the app wrote (level info and above). */
  logs: string[];
  close(): Promise<void>;
}

export async function startTeamsTestApp(label: string, env: Record<string, string> = {}): Promise<TeamsTestApp> {
  const uri = testDbUri(label);
  const config = loadConfig({ MONGODB_URI: uri, PORT: '0', HOST: '127.0.0.1', DB_CONNECT_MAX_BACKOFF_MS: '500', LOG_LEVEL: 'silent', ...(env.MicrosoftAppId ? {} : { ALLOW_LOCAL_STAFF: 'true' }), ...env });
  const logs: string[] = [];
  const app = await startApp(config, createLogger('info', { write: (line: string) => void logs.push(line) }));
  // The test's own connection to the app's database.
  const shared = new Database({ uri, maxBackoffMs: 500 });
  await shared.connect();
  const cases = new CaseService({ connection: shared.connection, council: config.COUNCIL, reminders: false });
  await cases.ensureIndexes();
  return {
    app,
    url: `http://127.0.0.1:${app.port}`,
    db: shared,
    cases,
    logs,
    async close() {
      await app.close();
      await dropTestDb(shared);
    },
  };
}

let seq = 0;
/** A draft as the resident conversation hands it over. */
export function residentDraft(council: string, overrides: Partial<CaseDraft> = {}): CaseDraft {
  return {
    council,
    kind: 'complaint',
    receivedAt: new Date(),
    source: { channel: 'directline' },
    description: 'My bin was missed three weeks running and nobody called back when I phoned.',
    outcomeWanted: 'Collect the bin and explain why.',
    serviceAreas: ['waste_recycling'],
    anonymous: false,
    resident: { name: 'Jane Smith', email: 'jane.smith@example.org', preferredContact: 'email' },
    ...overrides,
  };
}

export async function openCase(cases: CaseService, overrides: Partial<CaseDraft> = {}): Promise<string> {
  const opened = await cases.open(residentDraft(cases.council, overrides), { commandId: `test-open-${process.pid}-${++seq}-${Date.now()}` });
  return opened.reference;
}

/** Gives the app's staff their roles and a triage channel on the fake Teams connector, as a manager's `setup` would. */
export async function staffAndTriage(app: RunningApp, teamsServiceUrl: string, people: Array<[Person, 'manager' | 'investigator' | 'reviewer' | 'triage']>): Promise<void> {
  const { staff, registry } = app.teams;
  for (const [who, role] of people) await staff.grant({ aadObjectId: who.aadObjectId, name: who.name, teamsUserId: who.id }, role);
  const manager = people.find(([, role]) => role === 'manager')?.[0];
  await registry.setTriageChannel(
    {
      tenantId: TENANT,
      teamId: TEAM_ID,
      channelId: TRIAGE_CHANNEL,
      reference: { channelId: 'msteams', serviceUrl: teamsServiceUrl, conversation: { id: TRIAGE_CHANNEL, isGroup: true, conversationType: 'channel', tenantId: TENANT }, bot: BOT },
    },
    manager?.aadObjectId ?? 'test',
  );
}
