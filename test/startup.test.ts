import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30000,
  });
}

describe('startup refuses bad settings before anything starts', () => {
  test('bad configuration: one message listing every problem, exit code 78', () => {
    const res = start({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(res.status).toBe(78);
    expect(res.stderr).toContain('Configuration is invalid (2 problems)');
    expect(res.stderr).toContain('PORT must be a whole number');
    expect(res.stderr).toContain('LOG_LEVEL must be one of');
    expect(res.stderr).toContain('See .env.example');
  });

  test('an unknown council pack is named along with the packs that exist', () => {
    const res = start({ COUNCIL: 'atlantis' });
    expect(res.status).toBe(78);
    expect(res.stderr).toContain('Policy pack "atlantis" is unknown');
    expect(res.stderr).toContain('leicester');
  });
});
