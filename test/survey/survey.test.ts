/**
 * The satisfaction survey through the real bot, database and browser: a case closed with an
 * answer asks the resident in their own chat (a proactive message, as staff messages go) or, when
 * the chat can't be reached, by a link in the closing letter; the page (Chromium, axe-core, keyboard)
 * takes the answers once and always says how to take the matter further and which ombudsman to go
 * to; hostile, edited and expired links are refused; anonymous and withdrawn cases are not asked;
 * the annual report and its CSV count the answers by quarter.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { financialQuarter, financialYear } from '../../services/cases/financialQuarter';
import { deriveSurveyKey, SurveyLinks } from '../../services/survey/surveyLinks';
import { londonDate } from '../../services/workingDays/londonTime';
import { FakeChannel, startFakeChannel } from '../support/channel';
import { TENANT } from '../teams/support/activities';
import { openCase, startTeamsTestApp, TeamsTestApp } from '../teams/support/app';
import { LocalIssuer, startLocalIssuer } from '../teams/support/jwks';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = path.resolve(__dirname, '..', '..', 'test-results');
const SECRET = 'survey-test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const APP_ID = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = `api://bot.example.org/${APP_ID}`;
const MANAGER = '00000000-0000-4000-8000-0000000000a8';
const officer = { id: '00000000-0000-4000-8000-0000000000b8', name: 'Sam Patel', role: 'staff' as const };

jest.setTimeout(120_000);

let t: TeamsTestApp;
let chat: FakeChannel;
let issuer: LocalIssuer;
let browser: Browser;
let n = 0;
let answeredInChat = '';
const cmd = () => `survey-test-${Date.now()}-${++n}`;
const links = new SurveyLinks(deriveSurveyKey(SECRET));

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with bash scripts/ensure-chromium.sh`);
  chat = await startFakeChannel();
  issuer = await startLocalIssuer();
  t = await startTeamsTestApp('survey', { HANDOFF_LINK_SECRET: SECRET, SURVEY_LINK_DAYS: '14', TEAMS_TENANT_ID: TENANT, TEAMS_SSO_AUDIENCE: AUDIENCE, TEAMS_SSO_JWKS_URL: issuer.jwksUrl });
  await t.app.teams.staff.grant({ aadObjectId: MANAGER, name: 'Alex Jones' }, 'manager');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  fs.mkdirSync(RESULTS, { recursive: true });
});
afterAll(async () => {
  // The survey's log lines carry references only: never the answers or what the resident wrote.
  expect(t.logs.join('\n')).not.toMatch(/crew were kind|Jane|Smith/);
  await browser?.close();
  await t?.close();
  await chat?.close();
  await issuer?.close();
});

const chatRef = (conversationId: string, serviceUrl = chat.serviceUrl) => ({
  channelId: 'directline',
  serviceUrl,
  conversation: { id: conversationId },
  bot: { id: 'council-feedback-bot', name: 'Council' },
  user: { id: `user-${conversationId}` },
});

/** A complaint answered at stage 1 and closed by staff through the bot's own case service (its listeners run). */
async function closedComplaint(overrides: Parameters<typeof openCase>[1] = {}, reason: 'responded' | 'withdrawn' = 'responded') {
  const reference = await openCase(t.app.cases, overrides);
  const cases = t.app.cases;
  if (reason === 'responded') {
    await cases.acknowledge({ reference, commandId: cmd(), actor: officer });
    await cases.respond({ reference, commandId: cmd(), actor: officer, decision: 'partly_upheld', points: [{ issue: 1, decision: 'partly_upheld', reasons: 'Two of three were missed.' }], reasons: 'Two of three were missed.', remedy: 'Collected and apologised.' });
  }
  await cases.close({ reference, commandId: cmd(), actor: officer, reason });
  return reference;
}

const tokenIn = (text: string) => /\/survey\?t=([A-Za-z0-9._-]+)/.exec(text)?.[1] ?? null;
async function get(token: string) {
  const res = await fetch(`${t.url}/api/survey?t=${encodeURIComponent(token)}`);
  return { status: res.status, body: (await res.json()) as any };
}
async function postJson(body: unknown) {
  const res = await fetch(`${t.url}/api/survey`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}
async function letterFor(reference: string, kind: string) {
  for (let i = 0; i < 100; i++) {
    const letter = await t.db.connection.collection('correspondence').findOne({ caseId: reference, kind });
    if (letter) return letter;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${kind} letter for ${reference}`);
}

/** axe-core, all default rules (WCAG 2.x A/AA and best practice). */
async function axe(page: Page): Promise<Array<{ id: string; nodes: string[] }>> {
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    type R = { violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> };
    const result = await (window as unknown as { axe: { run(c: Document): Promise<R> } }).axe.run(document);
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((x) => x.target.join(' ')) }));
  });
}

test('a resident whose chat can be reached is asked there; they answer on the page by keyboard, once, and are told how to escalate', async () => {
  const reference = await closedComplaint({ conversationReference: chatRef('survey-chat-1') });
  answeredInChat = reference;
  const [message] = await chat.waitFor(1);
  expect(message.conversationId).toBe('survey-chat-1');
  // The questions are asked in the chat (test/survey/chatSurvey.test.ts), with the link as another way to answer.
  expect(message.text).toContain(`We have closed your case ${reference}. How did we do?`);
  expect(message.text).toContain(`If you would rather answer later, use this link: ${t.url}/survey?t=`);
  // Waste is not a housing area in the default pack: the LGSCO; a stage 2 review is still open.
  expect(message.text).toMatch(/If you are not happy with our response, you can ask for a review \(stage 2\)( by [A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4})?: contact the council's complaints team/);
  expect(message.text).toMatch(/Local Government and Social Care Ombudsman/);
  expect(await t.db.connection.collection('survey_invitations').findOne({ _id: reference as never })).toMatchObject({ via: 'chat', fq: financialQuarter(londonDate(new Date())) });
  // The chat took it, so the closing letter does not repeat the link.
  expect(String((await letterFor(reference, 'closure')).body)).not.toContain('/survey?t=');

  const token = tokenIn(message.text!)!;
  const page = await browser.newPage({ locale: 'en-GB' });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  try {
    await page.goto(`${t.url}/survey?t=${token}`);
    await page.getByText(`About case ${reference}`).waitFor();
    expect(await page.getByRole('heading', { name: 'If you want to take this further' }).isVisible()).toBe(true);
    expect(await page.locator('#next-steps').innerText()).toMatch(/Local Government and Social Care Ombudsman[\s\S]*free, independent and impartial/);
    expect(await axe(page)).toEqual([]);

    // Sending with a question left out says which, and keeps the form.
    await page.getByRole('group', { name: 'Are you satisfied with how we handled your case?' }).getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByText(/Please answer: Are you satisfied with the outcome\?/).waitFor();

    // By keyboard: arrow keys move between the answers of a question, space picks one.
    await page.getByRole('group', { name: 'Are you satisfied with the outcome?' }).getByLabel('Yes').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('group', { name: 'Are you satisfied with the outcome?' }).getByLabel('Partly').isChecked()).toBe(true);
    await page.getByRole('group', { name: 'Was it easy to contact us and make your complaint or request?' }).getByLabel('No').check();
    await page.getByLabel('Anything else you would like to tell us? (optional)').fill('The crew were kind but it took three calls.');
    await page.getByRole('button', { name: 'Send my answers' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Thank you. We have your answers.').waitFor();
    expect(await page.locator('#survey').isVisible()).toBe(false);
    expect(await page.locator('#next-steps').innerText()).toMatch(/Local Government and Social Care Ombudsman/);
    await page.screenshot({ path: path.join(RESULTS, 'survey-answered.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);

    const stored = await t.db.connection.collection('survey_responses').findOne({ _id: reference as never });
    expect(stored).toEqual({
      _id: reference, council: 'default', serviceArea: 'waste_recycling', kind: 'complaint', answeredOn: londonDate(new Date()),
      fq: financialQuarter(londonDate(new Date())), financialYear: financialYear(londonDate(new Date())),
      handling: 'yes', outcome: 'partly', easyToComplain: 'no', comment: 'The crew were kind but it took three calls.',
    });

    // The same link again: a clear message, and the answers stay as they were.
    await page.goto(`${t.url}/survey?t=${token}`);
    await page.getByText(`The survey for case ${reference} has already been answered, so we can't take another answer.`).waitFor();
    expect(await page.locator('#survey').isVisible()).toBe(false);
    const again = await postJson({ token, handling: 'no', outcome: 'no', easyToComplain: 'no' });
    expect(again).toMatchObject({ status: 409, body: { reason: 'already_answered' } });
    expect(await t.db.connection.collection('survey_responses').findOne({ _id: reference as never })).toMatchObject({ handling: 'yes' });
    expect(problems.filter((p) => !/409|Failed to load resource/.test(p))).toEqual([]);
  } finally {
    await page.close();
  }
});

test('when the chat cannot be reached, the closing letter carries the link; a housing case names the Housing Ombudsman where the pack says so', async () => {
  const gone = 'http://127.0.0.1:9/';
  const reference = await closedComplaint({ conversationReference: chatRef('survey-chat-gone', gone), serviceAreas: ['housing_repairs'] });
  const letter = await letterFor(reference, 'closure');
  const token = tokenIn(String(letter.body));
  expect(token).not.toBeNull();
  expect(String(letter.body)).toContain('How did we do? Please answer four short questions:');
  expect(await t.db.connection.collection('survey_invitations').findOne({ _id: reference as never })).toMatchObject({ via: 'letter' });
  const view = await get(token!);
  expect(view.status).toBe(200);
  expect(view.body.about).toBe(`About case ${reference}, Your local council.`);
  const housing = t.app.cases.rules.pack.ombudsman.housingAreas.areas.includes('housing_repairs');
  expect(view.body.nextSteps.join(' ')).toContain(housing ? 'Housing Ombudsman' : 'Local Government and Social Care Ombudsman');

  // Reopened and closed again: asked once only.
  await t.app.cases.reopen({ reference, commandId: cmd(), actor: officer, reason: 'More to do.' });
  await t.app.cases.close({ reference, commandId: cmd(), actor: officer, reason: 'withdrawn' });
  expect(await t.db.connection.collection('survey_invitations').countDocuments({ _id: reference as never })).toBe(1);
});

test('anonymous and withdrawn cases get no survey; edited, expired and hostile requests are refused in plain words', async () => {
  const marks = chat.activities.length;
  const anonymous = await closedComplaint({ anonymous: true, resident: { preferredContact: 'none' }, conversationReference: chatRef('survey-chat-anon') });
  const withdrawn = await closedComplaint({ conversationReference: chatRef('survey-chat-withdrawn') }, 'withdrawn');
  expect(await t.db.connection.collection('survey_invitations').countDocuments({ _id: { $in: [anonymous, withdrawn] } as never })).toBe(0);
  await new Promise((r) => setTimeout(r, 300));
  expect(chat.activities.slice(marks).map((a) => a.text ?? '').filter((x) => x.includes('/survey?t='))).toEqual([]);

  // A correctly signed link for a case that is not surveyed still gets nothing.
  const signed = links.sign(anonymous, new Date(Date.now() + 86_400_000));
  expect(await get(signed)).toMatchObject({ status: 404, body: { error: 'There is no survey for this case.' } });
  expect(await postJson({ token: signed, handling: 'yes', outcome: 'yes', easyToComplain: 'yes' })).toMatchObject({ status: 404 });

  const answered = await closedComplaint();
  const good = links.sign(answered, new Date(Date.now() + 86_400_000));
  const edited = good.replace(answered, answered.replace(/\d$/, (d) => String((Number(d) + 1) % 10)));
  expect(await get(edited)).toMatchObject({ status: 400, body: { error: 'This survey link is not valid. Please check you copied the whole link from your message.' } });
  const expired = links.sign(answered, new Date(Date.now() - 1000));
  expect(await get(expired)).toMatchObject({ status: 410, body: { error: expect.stringMatching(/This survey link has expired/) } });
  expect(await postJson({ token: expired, handling: 'yes', outcome: 'yes', easyToComplain: 'yes' })).toMatchObject({ status: 410 });

  // Hostile bodies: operators, extra keys, wrong answers, oversized text; nothing is stored.
  for (const body of [
    { token: good, handling: { $ne: 'x' }, outcome: 'yes', easyToComplain: 'yes' },
    { token: good, handling: 'yes', outcome: 'yes', easyToComplain: 'yes', name: 'Jane Smith' },
    { token: good, handling: 'maybe', outcome: 'yes', easyToComplain: 'yes' },
    { token: good, handling: 'yes', outcome: 'yes', easyToComplain: 'yes', comment: 'x'.repeat(2001) },
    { token: { $gt: '' }, handling: 'yes', outcome: 'yes', easyToComplain: 'yes' },
    [good],
    'null',
  ]) {
    const res = await postJson(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/Please check your answers|not valid/);
  }
  expect((await fetch(`${t.url}/api/survey?t[$gt]=`)).status).toBe(400);
  expect(await t.db.connection.collection('survey_responses').countDocuments({ _id: answered as never })).toBe(0);
  expect(await postJson({ token: good, handling: 'no', outcome: 'no', easyToComplain: 'yes' })).toMatchObject({ status: 201, body: { message: 'Thank you. We have your answers.' } });
});

test('the annual report and its CSV give the survey by quarter, without what residents wrote', async () => {
  const year = financialYear(londonDate(new Date()));
  const quarter = financialQuarter(londonDate(new Date()));
  const token = await issuer.sign({ aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: MANAGER, name: 'Alex Jones' });
  const res = await fetch(`${t.url}/api/tab/annual-report?year=${year}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as any;
  const survey = body.report.survey;
  const answers = await t.db.connection.collection('survey_responses').find({}).toArray();
  const invited = await t.db.connection.collection('survey_invitations').countDocuments({});
  expect(survey).toMatchObject({ invited, answered: answers.length, withComments: answers.filter((a) => a.comment).length });
  const yes = (q: string) => answers.filter((a) => a[q] === 'yes').length;
  expect(survey.byQuarter[quarter].questions.handling).toEqual({ yes: yes('handling'), partly: answers.filter((a) => a.handling === 'partly').length, no: answers.filter((a) => a.handling === 'no').length, satisfied: { met: yes('handling'), of: answers.length, percent: Math.round((1000 * yes('handling')) / answers.length) / 10 } });
  expect(JSON.stringify(body.report)).not.toContain('crew were kind');
  const csv = await (await fetch(`${t.url}/api/tab/annual-report/export?year=${year}&format=csv`, { headers: { authorization: `Bearer ${token}` } })).text();
  expect(csv).toContain(`survey,${quarter}.answered,${answers.length}`);
  expect(csv).toContain(`survey,questions.easyToComplain.yes,${yes('easyToComplain')}`);
  expect(csv).not.toContain('crew were kind');
});

test('removing a case\'s personal details removes the resident\'s words from its survey answers, and keeps the answers', async () => {
  expect(answeredInChat).not.toBe('');
  await t.app.cases.anonymise({ reference: answeredInChat, commandId: cmd(), actor: { id: 'system', name: 'Retention', role: 'system' }, reason: 'erasure_request' });
  expect(await t.db.connection.collection('survey_responses').findOne({ _id: answeredInChat as never })).toMatchObject({ handling: 'yes', outcome: 'partly', easyToComplain: 'no', comment: null });
});
