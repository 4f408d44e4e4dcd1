import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__TEST_FERRETDB__?.stop();
  if (process.env.TEST_DB_DATA_DIR) fs.rmSync(process.env.TEST_DB_DATA_DIR, { recursive: true, force: true });
}
