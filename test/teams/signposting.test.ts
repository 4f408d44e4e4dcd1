/**
 * Conversations that were only signposted are counted: real conversations through the bot over
 * /api/messages (local mode) on a real database, then the annual report API and its CSV. The
 * expected figures come from what each resident was shown (the pack's signpost wording in the
 * bot's replies) and whether a reference was given, not from the database.
 */
import { financialQuarter, financialYear } from '../../services/cases/financialQuarter';
import { loadPack } from '../../services/policy';
import { londonDate } from '../../services/workingDays/londonTime';
import { activity, FakeChannel, postActivity, startFakeChannel } from '../support/channel';
import { TENANT } from './support/activities';
import { startTeamsTestApp, TeamsTestApp } from './support/app';
import { LocalIssuer, startLocalIssuer } from './support/jwks';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = `api://bot.example.org/${APP_ID}`;
const MANAGER = '00000000-0000-4000-8000-0000000000aa';
const REF = /Your reference is ([A-Z]{2,6}-\d{4}-\d{6})/;
const pack = loadPack('default');

jest.setTimeout(180_000);

let t: TeamsTestApp;
let chat: FakeChannel;
let issuer: LocalIssuer;
let n = 0;

beforeAll(async () => {
  chat = await startFakeChannel();
  issuer = await startLocalIssuer();
  t = await startTeamsTestApp('signposting', { TEAMS_TENANT_ID: TENANT, TEAMS_SSO_AUDIENCE: AUDIENCE, TEAMS_SSO_JWKS_URL: issuer.jwksUrl });
  await t.app.teams.staff.grant({ aadObjectId: MANAGER, name: 'Alex Jones' }, 'manager');
});
afterAll(async () => {
  await t?.close();
  await chat?.close();
  await issuer?.close();
});

/** What a resident would answer to each question of the intake, whatever order it asks them in. */
function answerTo(reply: string, buttons: string[]): string {
  const rules: Array<[RegExp, string]> = [
    [/here's what you've told us|check it, then send it/i, 'Send it'],
    [/how the council itself acted/i, 'Yes, carry on'],
    [/for yourself, or for someone else/i, 'For myself'],
    [/name and an email|name and (a )?phone|how can we contact you/i, 'Jane Smith, jane.smith@example.org'],
    [/photos or documents/i, 'Skip'],
    [/easier for you/i, 'No, nothing needed'],
    [/first time you have told us/i, 'No'],
    [/where (is|was|did)|which address|what('s| is) the address/i, 'High Street, outside the library'],
    [/when did/i, 'Last Monday'],
    [/what would you like us to do/i, 'Pay for the tyre and fix the road'],
    [/is that right|sounds like/i, 'Yes'],
  ];
  for (const [re, answer] of rules) if (re.test(reply)) return answer;
  return buttons[0] ?? 'Yes';
}

interface Seen {
  routes: string[];
  caseOpened: boolean;
}

/** One resident's conversation; `then` decides each next message from the bot's reply, null to leave. */
async function converse(first: string, then: (reply: string, buttons: string[]) => string | null): Promise<Seen> {
  const conversationId = `signpost-${++n}-${Date.now()}`;
  const replies: string[] = [];
  const say = async (text: string) => {
    const before = chat.textsFor(conversationId).length;
    const res = await postActivity(t.url, activity(chat.serviceUrl, conversationId, { text }));
    expect(res.status).toBeLessThan(300);
    const mine = chat.activities.filter((a) => a.conversationId === conversationId && a.type === 'message');
    const reply = chat.textsFor(conversationId).slice(before).join('\n');
    replies.push(reply);
    return { reply, buttons: ((mine[mine.length - 1]?.suggestedActions as { actions?: Array<{ title: string }> })?.actions ?? []).map((a) => a.title) };
  };
  let last = await say(first);
  for (let turn = 0; turn < 18 && !REF.test(last.reply); turn++) {
    const next = then(last.reply, last.buttons);
    if (next === null) break;
    last = await say(next);
  }
  const all = replies.join('\n');
  // The routes this resident was shown, read from the pack's own wording in the replies.
  const routes = Object.entries(pack.signposts).filter(([, sp]) => sp && all.includes(sp.message)).map(([route]) => route);
  return { routes, caseOpened: REF.test(all) };
}

const count = (seen: Seen[], route: string) => seen.filter((s) => s.routes.includes(route)).length;

test('signposted conversations are counted by reason in the annual report and its CSV, with those where no case followed', async () => {
  const seen: Seen[] = [];
  // Told where to go, and that was all.
  seen.push(await converse('I want to appeal against the parking fine I got on Monday, I was not parked there', (reply) => (/how the council itself acted/.test(reply) ? "No, that's all" : null)));
  // Told where to go, and left without answering.
  seen.push(await converse('The council refused my freedom of information request for the budget spreadsheets and I think that was wrong', () => null));
  seen.push(await converse('I want to appeal against my parking ticket, the signs on Mill Lane were covered', () => null));
  // Signposted for part of it, and carried on with a complaint about how the council acted.
  seen.push(await converse('I want compensation because a pothole on the high street burst my tyre, and the council ignored my three reports about it', answerTo));
  // Nothing to signpost: not counted.
  seen.push(await converse('The bins on Elm Road were not collected this week', () => null));

  expect(seen.map((s) => s.routes.length > 0)).toEqual([true, true, true, true, false]);
  expect(seen[3].caseOpened).toBe(true);
  const routes = [...new Set(seen.flatMap((s) => s.routes))].sort();
  expect(routes).toEqual(expect.arrayContaining(['information_rights', 'insurance_claim', 'statutory_appeal']));

  // Only what the report needs: no names, contact details or words of the resident.
  const stored = await t.db.connection.collection('signpostings').find({}).toArray();
  for (const doc of stored) expect(Object.keys(doc).sort()).toEqual(['_id', 'caseOpened', 'channel', 'council', 'financialYear', 'fq', 'intake', 'on', 'route']);
  expect(JSON.stringify(stored)).not.toMatch(/parking|Mill Lane|tyre|Jane|Smith|budget/i);

  const year = financialYear(londonDate(new Date()));
  const quarter = financialQuarter(londonDate(new Date()));
  const token = await issuer.sign({ aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: MANAGER, name: 'Alex Jones' });
  const call = (path: string) => fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const res = await call(`/api/tab/annual-report?year=${year}`);
  expect(res.status).toBe(200);
  const { notHandled } = ((await res.json()) as { report: { notHandled: any } }).report;
  const signposted = seen.filter((s) => s.routes.length > 0);
  const total = signposted.reduce((a, s) => a + s.routes.length, 0);
  const withoutCase = signposted.filter((s) => !s.caseOpened);
  expect(notHandled.conversations).toEqual({
    total,
    byRoute: Object.fromEntries(routes.map((r) => [r, count(seen, r)]).sort((a, b) => (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0])))),
    withoutCase: {
      total: withoutCase.reduce((a, s) => a + s.routes.length, 0),
      byRoute: Object.fromEntries(routes.map((r) => [r, count(withoutCase, r)]).filter(([, c]) => c).sort((a, b) => (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0])))),
    },
    byChannel: { directline: total },
    byQuarter: expect.objectContaining({ [quarter]: total }),
  });
  expect(notHandled.conversations.byRoute.statutory_appeal).toBe(2);
  expect(notHandled.conversations.withoutCase.byRoute.insurance_claim).toBeUndefined();
  // The case that carried on still counts its signposting among cases received.
  expect(notHandled.signposted.insurance_claim).toBe(1);

  // The quarter's report counts the same; the CSV carries the figures by reason.
  const q = ((await (await call(`/api/tab/annual-report?year=${year}&quarter=${quarter.slice(-2)}`)).json()) as any).report.notHandled.conversations;
  expect(q).toMatchObject({ total, withoutCase: { total: withoutCase.reduce((a, s) => a + s.routes.length, 0) } });
  const csv = await (await call(`/api/tab/annual-report/export?year=${year}&format=csv`)).text();
  expect(csv).toContain(`notHandled,conversations.byRoute.statutory_appeal,2`);
  expect(csv).toContain(`notHandled,conversations.withoutCase.total,${withoutCase.reduce((a, s) => a + s.routes.length, 0)}`);
});
