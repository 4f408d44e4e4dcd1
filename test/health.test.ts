import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, RunningApp } from '../bot/app';
import { loadConfig } from '../services/config';
import { EmbeddedFerretDb } from '../services/database/embeddedFerretDb';
import { createLogger } from '../services/logger';

async function health(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: await res.json() };
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('GET /healthz follows the database', () => {
  let dataDir: string;
  let database: EmbeddedFerretDb;
  let app: RunningApp;
  let url: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-health-'));
    database = new EmbeddedFerretDb({ dataDir, supervise: false });
    const uri = await database.start();
    const config = loadConfig({ MONGODB_URI: `${uri}health`, PORT: '0', HOST: '127.0.0.1', DB_CONNECT_MAX_BACKOFF_MS: '500' });
    app = await startApp(config, createLogger('silent'));
    url = `http://127.0.0.1:${app.port}`;
  });

  afterAll(async () => {
    await app?.close();
    await database?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('200 while the database answers, 503 when it stops, 200 again after it restarts — without restarting the bot', async () => {
    await eventually(async () => (await health(url)).status === 200);
    expect((await health(url)).body).toEqual({ status: 'ok', database: 'up' });

    await database.stop();
    await eventually(async () => (await health(url)).status === 503);
    expect((await health(url)).body).toEqual({ status: 'unavailable', database: 'down' });

    await database.start(); // same port, same data
    await eventually(async () => (await health(url)).status === 200);
  });
});

describe('GET /healthz before the database exists', () => {
  test('the bot comes up, says 503, and connects by itself once the database appears', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-late-'));
    const late = new EmbeddedFerretDb({ dataDir, supervise: false });
    const { findFreePort } = await import('../services/database/freePort');
    late.port = await findFreePort();
    const config = loadConfig({ MONGODB_URI: `mongodb://127.0.0.1:${late.port}/late`, PORT: '0', HOST: '127.0.0.1', DB_CONNECT_MAX_BACKOFF_MS: '500' });
    const app = await startApp(config, createLogger('silent'));
    const url = `http://127.0.0.1:${app.port}`;
    try {
      expect((await health(url)).status).toBe(503);
      await late.start();
      await eventually(async () => (await health(url)).status === 200);
    } finally {
      await app.close();
      await late.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
