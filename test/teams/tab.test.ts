/**
 * The staff tab: its page (served by the bot, Teams JS SDK from node_modules) and its API, which
 * accepts only a valid Teams SSO token (signed by the tenant's keys, for this app, from the
 * council's tenant) from someone with a staff role.
 */
import { OTHER_TENANT, TENANT } from './support/activities';
import { openCase, startTeamsTestApp, TeamsTestApp } from './support/app';
import { LocalIssuer, startLocalIssuer } from './support/jwks';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = `api://bot.example.org/${APP_ID}`;
const people = {
  manager: '00000000-0000-4000-8000-0000000000a2',
  investigator: '00000000-0000-4000-8000-0000000000b2',
  triage: '00000000-0000-4000-8000-0000000000c2',
  nobody: '00000000-0000-4000-8000-0000000000d2',
};
const NAMES: Record<string, string> = { [people.manager]: 'Alex Jones', [people.investigator]: 'Sam Patel', [people.triage]: 'Tom Triage', [people.nobody]: 'Chris Doe' };

describe('the staff tab', () => {
  let t: TeamsTestApp;
  let issuer: LocalIssuer;
  let reference: string;

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    t = await startTeamsTestApp('teams_tab', { TEAMS_TENANT_ID: TENANT, TEAMS_SSO_AUDIENCE: `${AUDIENCE},${APP_ID}`, TEAMS_SSO_JWKS_URL: issuer.jwksUrl });
    const { staff } = t.app.teams;
    await staff.grant({ aadObjectId: people.manager, name: 'Alex Jones' }, 'manager');
    await staff.grant({ aadObjectId: people.investigator, name: 'Sam Patel' }, 'investigator');
    await staff.grant({ aadObjectId: people.triage, name: 'Tom Triage' }, 'triage');
    reference = await openCase(t.cases);
    await t.cases.assign({ reference, commandId: `tab-assign-${Date.now()}`, actor: { id: people.manager, name: 'Alex Jones', role: 'staff' }, assignee: { id: people.investigator, name: 'Sam Patel' } });
    await t.cases.addNote({ reference, commandId: `tab-note-${Date.now()}`, actor: { id: people.investigator, name: 'Sam Patel', role: 'staff' }, text: 'Called the depot.' });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const token = (oid: string, claims: Record<string, unknown> = {}, opts?: Parameters<LocalIssuer['sign']>[1]) =>
    issuer.sign({ aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid, name: NAMES[oid], ...claims }, opts);
  async function get(path: string, bearer?: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${t.url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    return { status: res.status, body: await res.json() };
  }

  test('the queue answers a valid token of someone with a staff role, with filters and without resident names', async () => {
    const mine = await get('/api/tab/queue?assignee=me', await token(people.investigator));
    expect(mine.status).toBe(200);
    expect(mine.body.cases.map((c: { reference: string }) => c.reference)).toEqual([reference]);
    expect(mine.body.cases[0]).toMatchObject({ kindLabel: 'Complaint', stageLabel: 'Stage 1 (first response)', assignee: { name: 'Sam Patel' } });
    expect(JSON.stringify(mine.body)).not.toMatch(/Jane|Smith|residentName/);

    const filtered = await get('/api/tab/queue?stage=stage2&kind=complaint&sla=overdue&serviceArea=waste_recycling', await token(people.triage));
    expect(filtered.status).toBe(200);
    expect(filtered.body.cases).toEqual([]);
    const unassigned = await get('/api/tab/queue?assignee=unassigned', await token(people.triage));
    expect(unassigned.body.cases.map((c: { reference: string }) => c.reference)).not.toContain(reference);

    const bad = await get('/api/tab/queue?stage=stage9&colour=red', await token(people.triage));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/stage/);

    // A v1 token (issuer sts.windows.net) for the client id is accepted too.
    const v1 = await get('/api/tab/queue', await token(people.triage, { ver: '1.0', iss: `https://sts.windows.net/${TENANT}/`, aud: APP_ID }));
    expect(v1.status).toBe(200);
  });

  test('tokens that are missing, expired, for another app, wrongly signed or from an unknown issuer are refused with 401', async () => {
    expect((await get('/api/tab/queue')).status).toBe(401);
    const expired = await get('/api/tab/queue', await token(people.manager, {}, { issuedAgoSeconds: 7200, expiresInSeconds: 3600 }));
    expect(expired).toEqual({ status: 401, body: { error: 'Your sign-in has expired. Reload the tab.' } });
    const otherApp = await get('/api/tab/queue', await token(people.manager, { aud: 'api://elsewhere.example/99999999-0000-0000-0000-000000000000' }));
    expect(otherApp).toEqual({ status: 401, body: { error: 'This sign-in is not for this app.' } });
    expect((await get('/api/tab/queue', await token(people.manager, {}, { untrustedKey: true }))).status).toBe(401);
    expect((await get('/api/tab/queue', await token(people.manager, { iss: 'https://evil.example/v2.0' }))).status).toBe(401);
    // An app-only token for this app (client credentials: roles, no delegated scope) is not a person.
    const appOnly = await get('/api/tab/queue', await token(people.manager, { scp: undefined, roles: ['Tasks.Read'], idtyp: 'app' }));
    expect(appOnly).toEqual({ status: 401, body: { error: 'This sign-in is not a person signed in through Teams. Reload the tab.' } });
    expect((await get('/api/tab/queue', await token(people.manager, { scp: 'User.Read' }))).status).toBe(401);
  });

  test('a token from another tenant is refused with 403', async () => {
    const res = await get('/api/tab/queue', await token(people.manager, { tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }));
    expect(res.status).toBe(403);
    expect(res.body.error).toMatch(/own Microsoft 365 organisation/);
  });

  test('roles are enforced: no role sees nothing, reports are for managers', async () => {
    const nobody = await get('/api/tab/queue', await token(people.nobody));
    expect(nobody.status).toBe(403);
    expect(nobody.body.error).toMatch(/need a role/);

    expect((await get('/api/tab/reports', await token(people.investigator))).status).toBe(403);
    const report = await get('/api/tab/reports', await token(people.manager));
    expect(report.status).toBe(200);
    expect(report.body.received.total).toBeGreaterThanOrEqual(1);
    expect(report.body.received.byKind.complaint).toBeGreaterThanOrEqual(1);
    expect((await get('/api/tab/reports?quarter=last+year', await token(people.manager))).status).toBe(400);

    const me = await get('/api/tab/me', await token(people.manager));
    expect(me.body).toMatchObject({ roles: ['manager'], worksSystem: false });
    expect(me.body.staff.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['Alex Jones', 'Sam Patel', 'Tom Triage']));
  });

  test('the case view shows the timeline; contact details only to people who handle cases', async () => {
    const handler = await get(`/api/tab/cases/${reference.toLowerCase()}`, await token(people.investigator));
    expect(handler.status).toBe(200);
    expect(handler.body.case).toMatchObject({ reference, resident: { name: 'Jane Smith', preferredContact: 'email' } });
    expect(handler.body.timeline.map((e: { what: string }) => e.what)).toEqual([expect.stringMatching(/^Case opened/), 'Assigned to Sam Patel', 'Note added']);
    expect(handler.body.timeline[2]).toMatchObject({ by: 'Sam Patel', text: 'Called the depot.' });

    const triage = await get(`/api/tab/cases/${reference}`, await token(people.triage));
    expect(triage.status).toBe(200);
    expect(triage.body.case.resident).toBeNull();
    expect((await get('/api/tab/cases/CMP-2020-999999', await token(people.triage))).status).toBe(404);
  });

  test('the case view says what the resident answered to the danger question, a yes marked for attention; nothing when it was not asked', async () => {
    const asked = await openCase(t.cases, { kind: 'service_request', dangerAnswer: { routes: ['police_matter'], answer: 'no' } });
    const shown = await get(`/api/tab/cases/${asked}`, await token(people.triage));
    expect(shown.body.case.danger).toEqual({ text: 'Asked if anyone was in danger or a crime was happening (suspected: crime): resident said no', attention: false });
    const yes = await openCase(t.cases, { kind: 'service_request', signposted: ['emergency'], dangerAnswer: { routes: ['emergency'], answer: 'yes' } });
    expect((await get(`/api/tab/cases/${yes}`, await token(people.triage))).body.case.danger).toEqual({
      text: 'Asked if anyone was in danger or a crime was happening (suspected: emergency): resident said yes (signposted to 999)',
      attention: true,
    });
    const notAsked = await get(`/api/tab/cases/${reference}`, await token(people.triage));
    expect(notAsked.body.case.danger).toBeNull();
    expect(JSON.stringify(notAsked.body)).not.toMatch(/in danger/);
  });

  test('the page loads the Teams SDK from the bot and says what to do when opened outside Teams', async () => {
    const page = await fetch(`${t.url}/tab`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/Open this tab from the Your local council app in Microsoft Teams/);
    expect(html).toContain('<script src="/tab/static/teams-js.js"></script>');
    expect(html).not.toMatch(/https?:\/\/[^"]*\.js/); // no CDN
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors [^;]*https:\/\/teams\.microsoft\.com/);

    const sdk = await fetch(`${t.url}/tab/static/teams-js.js`);
    expect(sdk.status).toBe(200);
    expect(sdk.headers.get('content-type')).toMatch(/javascript/);
    expect(await sdk.text()).toMatch(/microsoftTeams/);
    expect((await fetch(`${t.url}/tab/static/tab.js`)).status).toBe(200);
  });
});

describe('the staff tab under a flood of requests', () => {
  test('one address making too many API requests gets 429 with a clear message, before any token is checked', async () => {
    const t = await startTeamsTestApp('teams_tab_limit', { RATE_LIMIT_CLIENT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      let last: { error?: string } = {};
      for (let i = 0; i < 7; i++) {
        const res = await fetch(`${t.url}/api/tab/me`, { headers: { authorization: 'Bearer not-a-token' } });
        statuses.push(res.status);
        last = (await res.json()) as { error?: string };
      }
      // The first five are answered as usual (this app has no SSO set up), the rest refused.
      expect(statuses.slice(0, 5).filter((s) => s === 429)).toEqual([]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      expect(last.error).toMatch(/^Too many requests\. Please wait \d+ seconds and try again\.$/);
    } finally {
      await t.close();
    }
  });
});
