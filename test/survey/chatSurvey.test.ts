/**
 * The satisfaction survey asked in the resident's own chat, through the real bot over HTTP and the
 * real database: when a case closes the questions come one at a time (a proactive turn), each can
 * be skipped, and the last message says how to take it further; the answers land in the same
 * store as the page's and count in the annual report's quarterly figures; a case is answered
 * once, in the chat or by the link; a resident who writes about something else is dealt with as
 * usual; and a restart in the middle keeps what was answered.
 */
import { RunningApp, startApp } from '../../bot/app';
import { financialQuarter, financialYear } from '../../services/cases/financialQuarter';
import { loadConfig } from '../../services/config';
import { Database } from '../../services/database/database';
import { createLogger } from '../../services/logger';
import { londonDate } from '../../services/workingDays/londonTime';
import { activity, FakeChannel, postActivity, startFakeChannel } from '../support/channel';
import { dropTestDb, testDbUri } from '../support/testDb';
import { TENANT } from '../teams/support/activities';
import { openCase } from '../teams/support/app';
import { LocalIssuer, startLocalIssuer } from '../teams/support/jwks';

const SECRET = 'chat-survey-test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const APP_ID = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = `api://bot.example.org/${APP_ID}`;
const MANAGER = '00000000-0000-4000-8000-0000000000a9';
const officer = { id: '00000000-0000-4000-8000-0000000000b9', name: 'Sam Patel', role: 'staff' as const };

jest.setTimeout(180_000);

let uri: string;
let db: Database;
let app: RunningApp;
let url: string;
let chat: FakeChannel;
let issuer: LocalIssuer;
const logs: string[] = [];
let n = 0;
const cmd = () => `chat-survey-${Date.now()}-${++n}`;
/** What this file's residents answered, kept by the test itself for the report's figures. */
const given: Array<{ handling: string | null; outcome: string | null; easyToComplain: string | null; comment: boolean }> = [];

async function start(): Promise<void> {
  const config = loadConfig({
    MONGODB_URI: uri, PORT: '0', HOST: '127.0.0.1', DB_CONNECT_MAX_BACKOFF_MS: '500', LOG_LEVEL: 'silent', ALLOW_LOCAL_STAFF: 'true',
    HANDOFF_LINK_SECRET: SECRET, TEAMS_TENANT_ID: TENANT, TEAMS_SSO_AUDIENCE: AUDIENCE, TEAMS_SSO_JWKS_URL: issuer.jwksUrl,
  });
  app = await startApp(config, createLogger('info', { write: (line: string) => void logs.push(line) }));
  url = `http://127.0.0.1:${app.port}`;
}

beforeAll(async () => {
  chat = await startFakeChannel();
  issuer = await startLocalIssuer();
  uri = testDbUri('chat_survey');
  await start();
  db = new Database({ uri, maxBackoffMs: 500 });
  await db.connect();
  await app.teams.staff.grant({ aadObjectId: MANAGER, name: 'Alex Jones' }, 'manager');
});
afterAll(async () => {
  // References only in the logs: never the answers or what the residents wrote.
  expect(logs.join('\n')).not.toMatch(/three calls|crew were kind|Elm Road|Jane|Smith/);
  await app?.close();
  if (db) await dropTestDb(db);
  await chat?.close();
  await issuer?.close();
});

const chatRef = (conversationId: string) => ({ channelId: 'directline', serviceUrl: chat.serviceUrl, conversation: { id: conversationId }, bot: { id: 'council-feedback-bot', name: 'Council' }, user: { id: `user-${conversationId}` } });

/** A complaint answered at stage 1 and closed by staff through the bot's own case service (its listeners run). */
async function closedComplaint(conversationId: string): Promise<string> {
  const reference = await openCase(app.cases, { conversationReference: chatRef(conversationId) });
  await app.cases.acknowledge({ reference, commandId: cmd(), actor: officer });
  await app.cases.respond({ reference, commandId: cmd(), actor: officer, decision: 'not_upheld', points: [{ issue: 1, decision: 'not_upheld', reasons: 'The bin was out late.' }], reasons: 'The bin was out late.', remedy: 'None: the crew came as arranged.' });
  await app.cases.close({ reference, commandId: cmd(), actor: officer, reason: 'responded' });
  return reference;
}

const messages = (conversationId: string) => chat.activities.filter((a) => a.conversationId === conversationId && a.type === 'message');

async function waitForMessages(conversationId: string, count: number) {
  const deadline = Date.now() + 15_000;
  while (messages(conversationId).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} messages in ${conversationId}, got ${JSON.stringify(messages(conversationId).map((m) => m.text))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return messages(conversationId);
}

/** The resident writes; the bot's replies to it. */
async function say(conversationId: string, text: string): Promise<string[]> {
  const before = messages(conversationId).length;
  const res = await postActivity(url, activity(chat.serviceUrl, conversationId, { text }));
  expect(res.status).toBeLessThan(300);
  return messages(conversationId).slice(before).map((m) => m.text ?? '');
}

const response = (reference: string) => db.connection.collection('survey_responses').findOne({ _id: reference as never });
const tokenIn = (text: string) => /\/survey\?t=([A-Za-z0-9._-]+)/.exec(text)?.[1] ?? null;
const buttons = (a: Record<string, unknown>) => ((a.suggestedActions as { actions?: Array<{ title: string }> } | undefined)?.actions ?? []).map((x) => x.title);

test('a closed case is asked in the chat, one question at a time; the answers are kept once and the last message says how to take it further', async () => {
  const reference = await closedComplaint('chat-survey-1');
  const [intro, first] = await waitForMessages('chat-survey-1', 2);
  expect(intro.text).toContain(`We have closed your case ${reference}. How did we do? There are four short questions here in the chat, and you can skip any of them.`);
  expect(intro.text).toMatch(/Local Government and Social Care Ombudsman/);
  expect(first.text).toBe('Are you satisfied with how we handled your case?');
  expect(buttons(first)).toEqual(['Yes', 'Partly', 'No', 'Skip this question']);
  expect(await db.connection.collection('survey_invitations').findOne({ _id: reference as never })).toMatchObject({ via: 'chat' });

  expect(await say('chat-survey-1', 'Partly')).toEqual(['Are you satisfied with the outcome?']);
  // An acknowledgement answers nothing: the question again.
  expect(await say('chat-survey-1', 'ok thanks')).toEqual(['Are you satisfied with the outcome?']);
  expect(await say('chat-survey-1', 'No, it took three calls to get anyone.')).toEqual(['Was it easy to contact us and make your complaint or request?']);
  expect(await say('chat-survey-1', '1')).toEqual([expect.stringMatching(/^Is there anything else you would like to tell us/)]);
  const [last] = await say('chat-survey-1', 'The crew were kind.');
  expect(last).toMatch(/^Thank you\. We have your answers/);
  expect(last).toMatch(/If you want to take this further:[\s\S]*Local Government and Social Care Ombudsman[\s\S]*free, independent and impartial/);
  given.push({ handling: 'partly', outcome: 'no', easyToComplain: 'yes', comment: true });
  expect(await response(reference)).toEqual({
    _id: reference, council: 'default', serviceArea: 'waste_recycling', kind: 'complaint', answeredOn: londonDate(new Date()),
    fq: financialQuarter(londonDate(new Date())), financialYear: financialYear(londonDate(new Date())),
    handling: 'partly', outcome: 'no', easyToComplain: 'yes', comment: 'it took three calls to get anyone.\n\nThe crew were kind.',
  });

  // Answered in the chat: the link in the first message is refused, and the answers stay.
  const token = tokenIn(intro.text!)!;
  expect((await fetch(`${url}/api/survey?t=${encodeURIComponent(token)}`)).status).toBe(409);
  const again = await fetch(`${url}/api/survey`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, handling: 'yes', outcome: 'yes', easyToComplain: 'yes' }) });
  expect(again.status).toBe(409);
  expect(await response(reference)).toMatchObject({ handling: 'partly' });
  // The survey is over: "yes" now is an ordinary message, not a second answer.
  await say('chat-survey-1', 'yes');
  expect(await response(reference)).toMatchObject({ handling: 'partly', outcome: 'no' });
});

test('answered by the link first, the chat does not take a second answer', async () => {
  const reference = await closedComplaint('chat-survey-2');
  const [intro] = await waitForMessages('chat-survey-2', 2);
  const token = tokenIn(intro.text!)!;
  const page = await fetch(`${url}/api/survey`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, handling: 'yes', outcome: 'yes', easyToComplain: 'no' }) });
  expect(page.status).toBe(201);
  given.push({ handling: 'yes', outcome: 'yes', easyToComplain: 'no', comment: false });
  const [reply] = await say('chat-survey-2', 'No');
  expect(reply).toMatch(new RegExp(`^The survey for case ${reference} has already been answered, so we can't take another answer\\.`));
  expect(reply).toMatch(/Local Government and Social Care Ombudsman/);
  expect(await response(reference)).toMatchObject({ handling: 'yes', outcome: 'yes', easyToComplain: 'no', comment: null });
});

test('a resident who writes about something else is dealt with as usual; what they answered is kept; "no thanks" ends it politely', async () => {
  const untouched = await closedComplaint('chat-survey-3');
  await waitForMessages('chat-survey-3', 2);
  const replies = await say('chat-survey-3', 'The street light outside 14 Elm Road has been flickering on and off every night for a week.');
  // The intake takes it up: the resident is asked to confirm what kind of thing it is.
  expect(replies.join('\n')).toMatch(/Is that right\? Choose the one that fits best\./);
  expect(replies.join('\n')).not.toMatch(/satisfied|Thank you\. We have your answers/);
  expect(await response(untouched)).toBeNull();

  const partly = await closedComplaint('chat-survey-4');
  await waitForMessages('chat-survey-4', 2);
  expect(await say('chat-survey-4', 'yes')).toEqual(['Are you satisfied with the outcome?']);
  const other = await say('chat-survey-4', 'Our council tax bill this year has the wrong band on it, can someone look at it?');
  expect(other.join('\n')).not.toMatch(/satisfied with the outcome/);
  expect(other.join('\n')).toMatch(/Is that right\? Choose the one that fits best\./);
  given.push({ handling: 'yes', outcome: null, easyToComplain: null, comment: false });
  expect(await response(partly)).toMatchObject({ handling: 'yes', outcome: null, easyToComplain: null, comment: null });

  const declined = await closedComplaint('chat-survey-5');
  await waitForMessages('chat-survey-5', 2);
  const [bye] = await say('chat-survey-5', 'No thanks');
  expect(bye).toMatch(/^That is fine: we will not ask you again\.[\s\S]*Local Government and Social Care Ombudsman/);
  expect(await response(declined)).toBeNull();
});

test('a survey that arrives in the middle of reporting something new is answered, then the report carries on where it was', async () => {
  const first = await say('chat-survey-7', 'The street light outside 14 Elm Road has been flickering on and off every night for a week.');
  const question = first.join('\n');
  expect(question).toMatch(/Is that right\? Choose the one that fits best\./);
  const reference = await closedComplaint('chat-survey-7');
  await waitForMessages('chat-survey-7', first.length + 2);
  expect(await say('chat-survey-7', 'Yes')).toEqual(['Are you satisfied with the outcome?']);
  expect(await say('chat-survey-7', 'Yes')).toEqual(['Was it easy to contact us and make your complaint or request?']);
  expect(await say('chat-survey-7', 'Skip')).toEqual([expect.stringMatching(/^Is there anything else/)]);
  const done = await say('chat-survey-7', 'No thanks');
  // Thanked, told how to take it further, and asked again what the report was waiting for.
  expect(done[0]).toMatch(/^Thank you\. We have your answers/);
  expect(done.slice(1).join('\n')).toMatch(/Is that right\? Choose the one that fits best\./);
  given.push({ handling: 'yes', outcome: 'yes', easyToComplain: null, comment: false });
  expect(await response(reference)).toMatchObject({ handling: 'yes', outcome: 'yes', easyToComplain: null, comment: null });
  // "Yes" now answers the report's own question, and the report moves on (with what they first wrote: the place and when).
  const next = (await say('chat-survey-7', 'Yes')).join('\n');
  expect(next).not.toMatch(/satisfied|Is that right\?|Tell us what's happened|Where/);
  expect(next).toMatch(/\?/);
});

test('a restart in the middle of the survey keeps the answers given so far', async () => {
  const reference = await closedComplaint('chat-survey-6');
  await waitForMessages('chat-survey-6', 2);
  expect(await say('chat-survey-6', 'not really')).toEqual(['Are you satisfied with the outcome?']);
  expect(await say('chat-survey-6', 'Partly - the bin came back but a week late')).toEqual(['Was it easy to contact us and make your complaint or request?']);
  await app.close();
  await start();
  expect(await say('chat-survey-6', 'Skip this question')).toEqual([expect.stringMatching(/^Is there anything else/)]);
  const [last] = await say('chat-survey-6', 'Nothing else');
  expect(last).toMatch(/^Thank you\. We have your answers/);
  given.push({ handling: 'no', outcome: 'partly', easyToComplain: null, comment: true });
  expect(await response(reference)).toMatchObject({ handling: 'no', outcome: 'partly', easyToComplain: null, comment: 'the bin came back but a week late' });
});

test("the annual report's quarterly survey figures count the chat's answers, skipped questions left out", async () => {
  const quarter = financialQuarter(londonDate(new Date()));
  const token = await issuer.sign({ aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: MANAGER, name: 'Alex Jones' });
  const res = await fetch(`${url}/api/tab/annual-report?year=${financialYear(londonDate(new Date()))}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const survey = ((await res.json()) as { report: { survey: any } }).report.survey;
  const figures = survey.byQuarter[quarter];
  expect(figures).toMatchObject({ invited: 7, answered: given.length, withComments: given.filter((g) => g.comment).length });
  for (const q of ['handling', 'outcome', 'easyToComplain'] as const) {
    const count = (a: string) => given.filter((g) => g[q] === a).length;
    const answeredIt = given.filter((g) => g[q] !== null).length;
    expect(figures.questions[q]).toEqual({ yes: count('yes'), partly: count('partly'), no: count('no'), satisfied: { met: count('yes'), of: answeredIt, percent: answeredIt ? Math.round((1000 * count('yes')) / answeredIt) / 10 : null } });
  }
  expect(JSON.stringify(survey)).not.toMatch(/three calls|crew were kind/);
});
