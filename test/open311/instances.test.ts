/**
 * Two bot instances on one database, the works system down when they start: a report filed then
 * still gets the bot's reference at once, and once the works system is back it is posted exactly
 * once (whichever instance runs the job), to the service chosen from the report when sending. A
 * report whose words fit two services is asked which.
 */
import { startApp, RunningApp } from '../../bot/app';
import { loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import { startFakeChannel, FakeChannel } from '../support/channel';
import { startOpen311Server, Open311Server } from '../support/open311Server';
import { dropTestDb, testDbUri } from '../support/testDb';
import { Database } from '../../services/database/database';
import { API_KEY, chat, JURISDICTION, SERVICES, until } from './support';

describe('Open311 with two instances and a works system down at start', () => {
  let works: Open311Server;
  let resident: FakeChannel;
  let apps: RunningApp[] = [];
  let uri: string;

  beforeAll(async () => {
    works = await startOpen311Server({ services: SERVICES, apiKey: API_KEY, jurisdiction: JURISDICTION });
    works.down = true;
    resident = await startFakeChannel();
    uri = testDbUri('open311_instances');
    const env = { MONGODB_URI: uri, PORT: '0', HOST: '127.0.0.1', DB_CONNECT_MAX_BACKOFF_MS: '500', LOG_LEVEL: 'silent', OPEN311_ENDPOINT: works.url, OPEN311_API_KEY: API_KEY, OPEN311_JURISDICTION: JURISDICTION };
    for (let i = 0; i < 2; i++) apps.push(await startApp(loadConfig(env), createLogger('silent')));
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    const db = new Database({ uri, maxBackoffMs: 500 });
    await db.connect();
    await dropTestDb(db);
    await resident?.close();
    await works?.close();
    apps = [];
  });

  test('filed while the works system is down: our reference at once, then one POST once it is back', async () => {
    await until('a failed read of services.json', () => works.calls.some((c) => c.path === '/services.json'));
    const conversation = `o311-two-${Date.now()}`;
    const say = chat(`http://127.0.0.1:${apps[0].port}`, resident, conversation);
    const said: string[] = [];
    for (const m of ['There is a big pothole in the road outside 8 Oak Close, Oadby LE2 4RT', 'Report a problem', 'Skip', 'Lee Wong, lee.wong@example.org', 'No', 'Send it']) said.push(await say(m));
    const reference = /Your reference is ([A-Z]+-\d{4}-\d{6})/.exec(said.at(-1)!)?.[1];
    if (!reference) throw new Error(said.join('\n---\n'));
    works.down = false;
    const told = await until('the works reference in the chat', () => resident.textsFor(conversation).find((x) => x.includes('Their reference for it is')), 45_000);
    const posts = works.calls.filter((c) => c.method === 'POST' && c.body.includes(encodeURIComponent(reference!)));
    expect(posts).toHaveLength(1);
    const request = [...works.requests.values()].find((r) => r.description.includes(reference!))!;
    expect(request.service_code).toBe('PH01');
    expect(told).toContain(`Their reference for it is ${request.service_request_id}.`);
    // Not knowing the service then, the resident was not asked whether to share their details: so they were not.
    expect(request.posted.email).toBeUndefined();
  }, 90_000);

  test('words that fit two services are asked which, and that service\'s questions follow', async () => {
    await until('the services read', async () => apps[1].works!.service.ready());
    const conversation = `o311-ask-${Date.now()}`;
    const say = chat(`http://127.0.0.1:${apps[1].port}`, resident, conversation);
    await say("The recycling outside 3 Ash Grove, Oadby LE2 3AA hasn't been dealt with");
    await say('Report a problem');
    const which = resident.activities.filter((a) => a.conversationId === conversation).at(-1) as { text?: string; suggestedActions?: { actions: { title: string }[] } };
    expect(which.text).toBe('Which of these is it about? It helps us send it to the right team.');
    expect(which.suggestedActions?.actions.map((a) => a.title)).toEqual(expect.arrayContaining(['Missed bin collection', 'Bulky waste collection', 'None of these']));
    expect(await say('Missed bin collection')).toContain('Which bin was not emptied?');
  }, 60_000);
});
