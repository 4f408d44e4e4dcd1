/**
 * The staff tab in a real browser (Debian's Chromium, driven by playwright-core), hosted as Teams
 * hosts it (test/e2e/tabHost.ts): the tab gets a Teams context and an SSO token signed by a local
 * stand-in for Entra ID's keys, and the bot checks it exactly as in production (the JWKS URL is
 * the only difference). A manager reads the queue, opens a case and its timeline, reads the
 * annual report and its charts for a seeded year, saves a self-assessment answer, all by keyboard
 * too; axe-core checks each view. Screenshots go to test-results/ (git-ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Frame, FrameLocator, Page } from 'playwright-core';
import { Readable } from 'node:stream';
import { CaseService } from '../../services/cases';
import { EvidenceStore } from '../../services/evidence/evidenceStore';
import { LearningRegister } from '../../services/learning/learningRegister';
import { isHousing, seed, workingBetween, type PlannedCase } from '../support/governanceSeed';
import { TENANT } from '../teams/support/activities';
import { startTeamsTestApp, TeamsTestApp } from '../teams/support/app';
import { LocalIssuer, startLocalIssuer } from '../teams/support/jwks';
import { BOT_ORIGIN, hostPage, TEAMS_HOST } from './tabHost';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = path.resolve(__dirname, '..', '..', 'test-results');
const APP_ID = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = `api://council-bot.example.org/${APP_ID}`;
const MANAGER = '00000000-0000-4000-8000-0000000000a9';
const PHOTO = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(500, 7)]);

jest.setTimeout(180_000);

let t: TeamsTestApp;
let issuer: LocalIssuer;
let browser: Browser;
let planned: PlannedCase[];
let openReference: string;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with bash scripts/ensure-chromium.sh`);
  issuer = await startLocalIssuer();
  t = await startTeamsTestApp('e2e_tab', { COUNCIL: 'oadby-wigston', TEAMS_TENANT_ID: TENANT, TEAMS_SSO_AUDIENCE: AUDIENCE, TEAMS_SSO_JWKS_URL: issuer.jwksUrl });
  await t.app.teams.staff.grant({ aadObjectId: MANAGER, name: 'Alex Jones' }, 'manager');
  let now = new Date('2026-06-01T10:00:00Z');
  const seeded = new CaseService({ connection: t.db.connection, council: 'oadby-wigston', clock: () => now, reminders: false });
  planned = await seed(seeded, (day) => (now = new Date(`${day}T10:00:00Z`)));
  // One case opened today, with a photo, a note and a yes to the danger question, for the queue and the case view.
  const photo = await new EvidenceStore(t.db.connection).saveStream(Readable.from([PHOTO]), 'missed bins.png');
  openReference = (await t.cases.open({ council: 'oadby-wigston', kind: 'complaint', receivedAt: new Date(), source: { channel: 'webchat' }, description: 'The bins on Elm Road were missed again.', serviceAreas: ['waste_recycling'], anonymous: false, resident: { name: 'Jane Smith', email: 'jane.smith@example.org', preferredContact: 'email' }, dangerAnswer: { routes: ['police_matter'], answer: 'yes' }, evidence: [{ ...photo, purpose: 'evidence' }] }, { commandId: `e2e-tab-open-${Date.now()}` })).reference;
  await t.cases.addNote({ reference: openReference, commandId: `e2e-tab-note-${Date.now()}`, actor: { id: MANAGER, name: 'Alex Jones', role: 'staff' }, text: 'Called the depot.' });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-features=IsolateOrigins,site-per-process', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  fs.mkdirSync(RESULTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await issuer?.close();
});

/** Opens the host page in a new page, with the bot routed behind BOT_ORIGIN; returns the tab's frame. */
async function openTab(): Promise<{ page: Page; tab: FrameLocator; frame: () => Frame; problems: string[] }> {
  const token = await issuer.sign({ aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: MANAGER, name: 'Alex Jones' });
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'en-GB' });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.route(`${TEAMS_HOST}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: hostPage(token, TENANT) }));
  await page.route(`${BOT_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${t.url}${url.pathname}${url.search}` });
    await route.fulfill({ response });
  });
  // The SDK may ask Microsoft's CDN for its list of Teams origins: nothing leaves this machine.
  await page.route('https://res.cdn.office.net/**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ validOrigins: ['teams.microsoft.com'] }) }));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
  });
  await page.goto(`${TEAMS_HOST}/_test/tab-host`);
  const tab = page.frameLocator('#tab');
  const frame = () => page.frames().find((f) => f.url().startsWith(`${BOT_ORIGIN}/tab`))!;
  return { page, tab, frame, problems };
}

/** A screenshot of the whole tab: the host's frame is grown to the tab's height first, so nothing is cut off. */
async function snap(page: Page, frame: Frame, name: string): Promise<void> {
  const height = await frame.evaluate(() => document.documentElement.scrollHeight);
  await page.evaluate((h) => ((document.getElementById('tab') as HTMLIFrameElement).style.height = `${h}px`), height);
  await page.screenshot({ path: path.join(RESULTS, name), fullPage: true });
  await page.evaluate(() => ((document.getElementById('tab') as HTMLIFrameElement).style.height = ''));
}

/** axe-core, all default rules (WCAG 2.x A/AA and best practice), run inside the tab's frame. */
async function axe(frame: Frame): Promise<Array<{ id: string; help: string; nodes: string[] }>> {
  await frame.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return frame.evaluate(async () => {
    type R = { violations: Array<{ id: string; help: string; nodes: Array<{ target: string[]; failureSummary?: string }> }> };
    const result = await (window as unknown as { axe: { run(c: Document): Promise<R> } }).axe.run(document);
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
  });
}

test('a manager in Teams reads the queue, a case and its timeline, by keyboard, with no accessibility violations', async () => {
  const { page, tab, frame, problems } = await openTab();
  try {
    const row = tab.getByRole('button', { name: openReference });
    await row.waitFor({ timeout: 30_000 });
    expect(await tab.getByRole('heading', { name: 'Open cases' }).isVisible()).toBe(true);
    expect(await tab.locator('#queue-rows tr').count()).toBeGreaterThanOrEqual(1);
    expect(await tab.locator('#queue-rows').innerText()).not.toContain('Jane'); // the queue has no resident names
    await snap(page, frame(), 'tab-queue.png');
    expect(await axe(frame())).toEqual([]);

    // Keyboard: focus the case's button and press Enter; focus moves to the case's heading.
    await row.focus();
    await page.keyboard.press('Enter');
    const title = tab.locator('#case-title');
    await title.filter({ hasText: openReference }).waitFor();
    expect(await frame().evaluate(() => document.activeElement?.id)).toBe('case-title');
    // A yes to the danger question is marked for attention, as on the card (axe checks its contrast below).
    expect(await tab.locator('#case-facts dd.attention').allInnerTexts()).toEqual(['Asked if anyone was in danger or a crime was happening (suspected: crime): resident said yes (signposted to the police)']);
    expect(await tab.locator('#case-timeline li').allInnerTexts()).toEqual([expect.stringMatching(/Case opened/), expect.stringMatching(/Alex Jones[\s\S]*Note added[\s\S]*Called the depot\./)]);
    // The resident's photo is listed (a manager handles cases) and Open downloads the stored bytes.
    expect(await tab.locator('#case-evidence li').allInnerTexts()).toEqual([expect.stringMatching(/Photo: missed bins\.png \(1 KB\)[\s\S]*Open/)]);
    const [download] = await Promise.all([page.waitForEvent('download'), tab.getByRole('button', { name: 'Open missed bins.png' }).click()]);
    expect(download.suggestedFilename()).toBe('missed bins.png');
    expect(fs.readFileSync(await download.path()).equals(PHOTO)).toBe(true);
    await snap(page, frame(), 'tab-case.png');
    expect(await axe(frame())).toEqual([]);
    await tab.getByRole('button', { name: 'Back to the queue' }).focus();
    await page.keyboard.press('Enter');
    await row.waitFor();
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});

test('a manager reads the annual report with its charts and tables, answers the self-assessment, and prints it', async () => {
  const { page, tab, frame, problems } = await openTab();
  try {
    await tab.getByRole('button', { name: openReference }).waitFor({ timeout: 30_000 });
    // Keyboard: to the Annual report button and Enter.
    await tab.getByRole('button', { name: 'Annual report' }).focus();
    await page.keyboard.press('Enter');
    await tab.getByLabel('Financial year').selectOption('2026-27');
    const heading = tab.getByRole('heading', { name: /Complaints performance and service improvement report: Oadby & Wigston Borough Council, 2026-27$/ });
    await heading.waitFor();

    // The figures a manager reads match those worked out from the seeded plan.
    const s1 = planned.filter((p) => p.s1 && !isHousing(p));
    const met = s1.filter((p) => workingBetween(p.s1!.startedOn, p.s1!.ackOn) <= 5).length;
    const lgsco = tab.locator('section[aria-labelledby="sec-sa-lgsco"]');
    await expect(lgsco.getByRole('row', { name: /^6\.2 / }).innerText()).resolves.toContain(`acknowledged within 5 working days: ${met} of ${s1.length} stage 1 complaints acknowledged, ${Math.floor((100 * met) / s1.length)}%`);
    // The case opened today counts too when today is in 2026-27.
    const today = new Date().toISOString().slice(0, 10);
    const extra = today >= '2026-04-01' && today <= '2027-03-31' ? 1 : 0;
    expect(await tab.getByText(`${planned.length + extra} received from 1 Apr 2026 to 31 Mar 2027.`).count()).toBe(1);

    // Each chart is an SVG with a bar per figure, and its figures as a table (for screen readers).
    const byKind = tab.locator('figure.chart', { has: tab.getByText('Received, by kind', { exact: true }) });
    const kinds = new Set(planned.map((p) => (p.s1 ? 'complaint' : p.kind)));
    expect(await byKind.locator('svg rect.chart-bar').count()).toBe(kinds.size);
    expect(await byKind.locator('svg').getAttribute('aria-hidden')).toBe('true');
    const complaints = planned.filter((p) => p.s1).length + extra;
    expect(await byKind.locator('table').getByRole('row', { name: `Complaint ${complaints}` }).count()).toBe(1);
    expect(await tab.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(10);
    await snap(page, frame(), 'tab-annual-report.png');
    expect(await axe(frame())).toEqual([]);

    // Answer provision 4.1 by keyboard: it is kept in the database.
    const form = lgsco.locator('form', { has: tab.getByRole('button', { name: 'Save answer to 4.1' }) });
    await form.getByLabel('Do we comply?').selectOption('yes');
    await form.getByLabel('Evidence').fill('The complaints team leader has the authority to resolve complaints.');
    await form.getByRole('button', { name: 'Save answer to 4.1' }).focus();
    await page.keyboard.press('Enter');
    await form.getByText('Saved: answered by Alex Jones.').waitFor();
    expect(await t.db.connection.collection('self_assessment_answers').findOne({ _id: 'oadby-wigston|lgsco|2026-27|4.1' as never })).toMatchObject({ complies: 'yes', answeredBy: { name: 'Alex Jones' } });

    // Printing: the controls and forms go, the report and its charts stay; a PDF is written.
    await page.emulateMedia({ media: 'print' });
    expect(await tab.locator('#annual-controls').isVisible()).toBe(false);
    expect(await form.isVisible()).toBe(false);
    expect(await byKind.locator('svg').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await tab.getByLabel('Period').selectOption('Q1');
    await tab.getByRole('heading', { name: /2026-27 Q1$/ }).waitFor();
    const height = await frame().evaluate(() => document.documentElement.scrollHeight);
    await page.evaluate((h) => ((document.getElementById('tab') as HTMLIFrameElement).style.height = `${h}px`), height);
    const pdf = await page.pdf({ path: path.join(RESULTS, 'tab-annual-report-q1.pdf'), printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});

test('staff read the learning register: overdue actions first, by service area and theme, filtered by keyboard, with no accessibility violations', async () => {
  const DAY = 86_400_000;
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const staff = { id: MANAGER, name: 'Alex Jones', role: 'staff' as const };
  // Two complaints answered 20 days ago, with learning: one action now overdue, one still open.
  const record = async (cases: CaseService, area: 'waste_recycling' | 'housing_repairs', theme: string, detail: string, due: string) => {
    const n = `${Date.now()}-${Math.random()}`;
    const reference = (await cases.open({ council: 'oadby-wigston', kind: 'complaint', receivedAt: new Date(), source: { channel: 'webchat' }, description: 'It went wrong.', serviceAreas: [area], anonymous: false, resident: { name: 'Jane Smith', email: 'jane.smith@example.org', preferredContact: 'email' } }, { commandId: `e2e-l-open-${n}` })).reference;
    await cases.acknowledge({ reference, commandId: `e2e-l-ack-${n}`, actor: staff });
    await cases.respond({ reference, commandId: `e2e-l-resp-${n}`, actor: staff, decision: 'upheld', points: [{ issue: 1, decision: 'upheld', reasons: 'r' }], reasons: 'r', remedy: 'm' });
    await cases.recordLearning({ reference, commandId: `e2e-l-learn-${n}`, actor: staff, theme, detail, action: { text: `Act on: ${detail}`, owner: { id: MANAGER, name: 'Alex Jones' }, dueOn: due } });
    return reference;
  };
  const then = new Date(Date.now() - 20 * DAY);
  const past = new CaseService({ connection: t.db.connection, council: 'oadby-wigston', clock: () => then, reminders: false });
  past.onEvent(new LearningRegister({ connection: t.db.connection, council: 'oadby-wigston' }).onCaseEvent);
  const overdue = await record(past, 'housing_repairs', 'Repairs quality', 'The damp was not checked', iso(new Date(Date.now() - 5 * DAY)));
  const open = await record(past, 'waste_recycling', 'Communication', 'Nobody called back', iso(new Date(Date.now() + 10 * DAY)));
  const yearOf = (d: Date) => { const y = d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1; return `${y}-${String((y + 1) % 100).padStart(2, '0')}`; };

  const { page, tab, frame, problems } = await openTab();
  try {
    await tab.getByRole('button', { name: openReference }).waitFor({ timeout: 30_000 });
    await tab.getByRole('button', { name: 'Learning register' }).focus();
    await page.keyboard.press('Enter');
    await tab.getByLabel('Year recorded').selectOption(yearOf(then));
    const list = tab.locator('table', { has: tab.getByText('Learning points, overdue actions first') });
    const first = list.locator('tbody tr').first();
    await first.filter({ hasText: overdue }).waitFor();
    expect(await first.innerText()).toMatch(/Repairs quality[\s\S]*Housing repairs[\s\S]*The damp was not checked[\s\S]*Act on: The damp was not checked[\s\S]*Alex Jones[\s\S]*Overdue/i);
    expect(await first.locator('td.status-overdue').innerText()).toBe('Overdue');
    const byArea = tab.locator('table', { has: tab.getByText('Learning points by service area and status') });
    expect(await byArea.getByRole('row', { name: /^Housing repairs 1 0 0 0$/ }).count()).toBe(1);
    await snap(page, frame(), 'tab-learning-register.png');
    expect(await axe(frame())).toEqual([]);

    // Filter by keyboard: status Overdue leaves only overdue actions; the theme filter finds today's.
    await tab.getByLabel('Status').focus();
    await tab.getByLabel('Status').selectOption('overdue');
    await list.locator('tbody tr').first().filter({ hasText: overdue }).waitFor();
    expect(await list.locator('td.status-open').count()).toBe(0);
    await tab.getByLabel('Status').selectOption('');
    await tab.getByLabel('Theme').fill('communication');
    await page.keyboard.press('Enter');
    await list.locator('tbody tr').first().filter({ hasText: open }).waitFor();
    expect(await list.locator('tbody tr').count()).toBe(1);
    expect(await list.locator('td.status-open').innerText()).toBe('Open');
    expect(await tab.locator('#learning-register').innerText()).not.toContain('Jane');
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});
