import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, ConfigSchema, loadConfig } from '../services/config';

function problemsFor(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  test('no settings at all gives local mode, port 3978, the embedded database and the default pack', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3978, localMode: true, COUNCIL: 'default', DATA_DIR: '.data' });
    expect(c.MONGODB_URI).toBeUndefined();
  });

  test('PORT is honoured and empty values fall back to defaults', () => {
    expect(loadConfig({ PORT: '8080' }).PORT).toBe(8080);
    expect(loadConfig({ PORT: '' }).PORT).toBe(3978);
  });

  test.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number between 0 and 65535 (0 picks any free port)'],
    [{ PORT: '70000' }, 'PORT must be a whole number between 0 and 65535 (0 picks any free port)'],
    [{ PORT: '80.5' }, 'PORT must be a whole number between 0 and 65535 (0 picks any free port)'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI must start with mongodb:// or mongodb+srv://'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ MicrosoftAppId: 'id', MicrosoftAppPassword: 'p', MicrosoftAppType: 'Everyone' }, 'MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI'],
    [{ MicrosoftAppId: 'id' }, 'MicrosoftAppPassword is required when MicrosoftAppId is set'],
    [{ MicrosoftAppPassword: 'secret' }, 'MicrosoftAppId is required when MicrosoftAppPassword, MicrosoftAppTenantId or MicrosoftAppType is set'],
    [{ MicrosoftAppId: 'id', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant'],
    [{ SHUTDOWN_TIMEOUT_MS: '-5' }, 'SHUTDOWN_TIMEOUT_MS must be a positive whole number of milliseconds'],
    [{ COUNCIL: 'Leicester City!' }, 'COUNCIL must be a pack id such as default or leicester'],
    [{ CASE_CUTOFF: '5pm' }, 'CASE_CUTOFF must be a time such as 17:00'],
  ])('%j is refused with a clear message', (env, message) => {
    expect(problemsFor(env)).toContain(message);
  });

  test('every problem is listed in one message, and secrets are never echoed', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', MicrosoftAppId: 'id', MicrosoftAppPassword: 'hunter2', MicrosoftAppType: 'SingleTenant' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Configuration is invalid \(3 problems\):/);
    expect(message).toContain(' - PORT must be');
    expect(message).toContain(' - LOG_LEVEL must be');
    expect(message).toContain(' - MicrosoftAppTenantId is required');
    expect(message).not.toContain('hunter2');
  });

  test('the Teams app package needs the app id but not the password; each variable is still checked', () => {
    const id = '11111111-2222-3333-4444-555555555555';
    const c = loadConfig({ MicrosoftAppId: id, PUBLIC_URL: 'https://feedback.example', NODE_ENV: 'production' }, { purpose: 'teams-package' });
    expect(c).toMatchObject({ MicrosoftAppId: id, PUBLIC_URL: 'https://feedback.example', localMode: false });
    expect(c.MicrosoftAppPassword).toBeUndefined();
    expect(() => loadConfig({ MicrosoftAppId: id, PUBLIC_URL: 'not a url' }, { purpose: 'teams-package' })).toThrow(/PUBLIC_URL must be an absolute http\(s\) URL/);
    // Running the bot with the same settings still demands the password.
    expect(problemsFor({ MicrosoftAppId: id, PUBLIC_URL: 'https://feedback.example' })).toContain('MicrosoftAppPassword is required when MicrosoftAppId is set');
  });

  test('GOV.UK Notify: a key as Notify issues it, with templates; a malformed key is refused without echoing it', () => {
    const key = 'council_live-0f2d9a1e-3b4c-4d5e-8f60-718293a4b5c6-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    const template = '0c1c5c6e-3d5e-4a47-9a4c-1f0b6a0d7e01';
    expect(loadConfig({ NOTIFY_API_KEY: key, NOTIFY_EMAIL_TEMPLATE_ID: template })).toMatchObject({ NOTIFY_API_KEY: key, NOTIFY_EMAIL_TEMPLATE_ID: template });
    expect(problemsFor({ NOTIFY_API_KEY: key })).toContain('NOTIFY_API_KEY is set but no template is: set NOTIFY_EMAIL_TEMPLATE_ID, NOTIFY_SMS_TEMPLATE_ID and NOTIFY_LETTER_TEMPLATE_ID (see README)');
    const bad = problemsFor({ NOTIFY_API_KEY: 'secret-only-key', NOTIFY_EMAIL_TEMPLATE_ID: template }).join('\n');
    expect(bad).toMatch(/NOTIFY_API_KEY must be a GOV.UK Notify API key/);
    expect(bad).not.toContain('secret-only-key');
    expect(problemsFor({ NOTIFY_CALLBACK_TOKEN: 'x'.repeat(40) })).toContain('NOTIFY_CALLBACK_TOKEN is set but NOTIFY_API_KEY is not: delivery receipts are only for messages the bot sends');
  });

  test('.env.example documents every variable the schema reads, and nothing else', () => {
    const example = fs.readFileSync(path.join(__dirname, '..', '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(ConfigSchema.shape).sort());
  });

  test('full Bot Framework credentials turn local mode off', () => {
    const c = loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 't' });
    expect(c.localMode).toBe(false);
  });
});
