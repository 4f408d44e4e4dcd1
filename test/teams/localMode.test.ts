/**
 * Local mode (no Bot Framework credentials and no tenant configured): the app can be tried
 * without Azure. Every tenant is served and the first member of staff to use it becomes a
 * manager, with a warning in the log; nobody after them gets a role by arriving.
 */
import { message, OTHER_TENANT, person, post, TRIAGE_CHANNEL } from './support/activities';
import { startTeamsTestApp, TeamsTestApp } from './support/app';
import { FakeTeams, startFakeTeams } from './support/teamsChannel';

describe('local mode', () => {
  let t: TeamsTestApp;
  let teams: FakeTeams;

  beforeAll(async () => {
    teams = await startFakeTeams();
    t = await startTeamsTestApp('teams_local');
  });
  afterAll(async () => {
    await t?.close();
    await teams?.close();
  });

  async function say(who: ReturnType<typeof person>, text: string, where: { in?: string; tenant?: string } = {}): Promise<string> {
    const mark = teams.sent.length;
    expect((await post(t.url, message({ serviceUrl: teams.serviceUrl, ...where }, who, text))).status).toBe(200);
    const reply = await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'send', 'a reply');
    return String(reply.body.text);
  }

  test('serves any tenant, makes the first user a manager (with a warning), and no one else', async () => {
    expect(t.logs.join('\n')).toMatch(/LOCAL MODE: the Teams app serves every Microsoft 365 tenant/);
    const first = person('First Person', '00000000-0000-4000-8000-0000000000f1');
    const second = person('Second Person', '00000000-0000-4000-8000-0000000000f2');

    expect(await say(first, 'roles', { tenant: OTHER_TENANT })).toMatch(/Your roles: manager/);
    expect(t.logs.join('\n')).toMatch(/first member of staff to use the Teams app was made a manager/);
    expect(await say(second, 'roles')).toMatch(/no role in this app yet/);
    expect(await say(first, 'roles')).toMatch(/Your roles: manager/);

    expect(await say(first, 'setup', { in: TRIAGE_CHANNEL, tenant: OTHER_TENANT })).toMatch(/new cases will be posted in this channel/);
    expect((await t.app.teams.registry.triageChannel())?.channelId).toBe(TRIAGE_CHANNEL);
  });
});
