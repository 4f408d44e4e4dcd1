/**
 * Starts one real database server for the whole test run: FerretDB on SQLite in a temporary
 * directory, unless TEST_MONGODB_URI points at another MongoDB. Each test file then uses its own
 * database on it (see testDb.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedFerretDb } from '../../services/database/embeddedFerretDb';

declare global {
  // eslint-disable-next-line no-var
  var __TEST_FERRETDB__: EmbeddedFerretDb | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MONGODB_URI) return;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-test-db-'));
  const db = new EmbeddedFerretDb({ dataDir, supervise: false });
  process.env.TEST_MONGODB_URI = await db.start();
  process.env.TEST_DB_DATA_DIR = dataDir;
  globalThis.__TEST_FERRETDB__ = db;
}
