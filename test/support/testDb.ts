/** A fresh database on the shared test server, one per test file, dropped afterwards. */
import { randomBytes } from 'node:crypto';
import { Database } from '../../services/database/database';

export function testDbUri(label: string): string {
  const base = process.env.TEST_MONGODB_URI;
  if (!base) throw new Error('TEST_MONGODB_URI is not set: run the tests with `npm test` (jest globalSetup starts the database)');
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const [hostPart, query] = base.split('?');
  return `${hostPart.replace(/\/[^/]*$/, '')}/${name}${query ? `?${query}` : ''}`;
}

export async function openTestDb(label: string): Promise<Database> {
  const db = new Database({ uri: testDbUri(label), maxBackoffMs: 500 });
  await db.connect();
  return db;
}

export async function dropTestDb(db: Database): Promise<void> {
  await db.connection.dropDatabase().catch(() => undefined);
  await db.close();
}
