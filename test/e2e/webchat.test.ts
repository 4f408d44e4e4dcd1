/**
 * The website chat end to end, in a real browser: Debian's Chromium (driven by playwright-core)
 * opens the page served by the bot, running as its own process exactly as `npm start` runs it,
 * talks to the resident bot over the bot's own Direct Line, uploads a photo with Web Chat's
 * upload button, reloads and carries on the same conversation; axe-core then checks the page.
 *
 * The resident conversation's wording changes as it is built, so this asserts what stays true:
 * the bot answers, our own messages and the history survive a reload, and the file reached the bot.
 *
 * Without /usr/bin/chromium this skips locally with a loud warning, and fails in CI (CI=true):
 * run scripts/ensure-chromium.sh. No browser is ever downloaded.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { BotProcess, startBotProcess } from '../support/botProcess';
import { testDbUri } from '../support/testDb';
import { makePng } from '../directline/files';

const CHROMIUM = '/usr/bin/chromium';
const HANDOFF_API_KEY = 'e2e-handoff-api-key-0123456789abcdefghij';
const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'test-results');
const haveChromium = fs.existsSync(CHROMIUM);
const inCi = /^(1|true)$/i.test(process.env.CI ?? '');

jest.setTimeout(180_000);

if (!haveChromium) {
  const message = `${CHROMIUM} is missing, so the browser end-to-end test cannot run. Install it with: bash scripts/ensure-chromium.sh`;
  if (inCi) {
    test('Chromium is installed for the browser end-to-end test', () => {
      throw new Error(message);
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`\n\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!! SKIPPED: ${message}\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`);
  }
}

const describeIfChromium = haveChromium ? describe : describe.skip;

/** Bot bubbles in Web Chat's transcript (the resident's own carry --from-user). */
const botBubbles = (page: Page) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)');

interface StoredActivity {
  id: string;
  type: string;
  text?: string;
  replyToId?: string;
  from: { role: string };
  attachments?: Array<{ contentType: string; name?: string }>;
}

async function waitFor(check: () => Promise<boolean>, what: string, page: Page, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the page says:\n${await page.locator('main').innerText()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox');
  await box.fill(text);
  await box.press('Enter');
}

describeIfChromium('website chat in a real browser', () => {
  let bot: BotProcess;
  let context: BrowserContext;
  let db: mongoose.Connection;
  let dataDir: string;
  let profileDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-e2e-'));
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-chromium-'));
    const mongoUri = testDbUri('e2e_webchat');
    bot = await startBotProcess({ MONGODB_URI: mongoUri, DATA_DIR: dataDir, HANDOFF_API_KEY });
    db = mongoose.createConnection(mongoUri);
    await db.asPromise();
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1024, height: 768 },
      locale: 'en-GB',
    });
    fs.mkdirSync(RESULTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
    await bot?.stop('SIGTERM');
    for (const dir of [dataDir, profileDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('chat, upload a photo, reload and carry on, with no accessibility violations', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });

    await page.goto(`${bot.url}/`);
    await expectHeading(page);
    await page.getByRole('textbox').waitFor();
    await waitFor(async () => (await botBubbles(page).count()) > 0, 'the greeting', page);

    // The conversation as the bot's Direct Line stored it.
    const conversationId = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith('council-chat:'))!;
      return (JSON.parse(sessionStorage.getItem(key)!) as { conversationId: string }).conversationId;
    });
    expect(conversationId).toMatch(/^[A-Za-z0-9_-]{10,}$/);
    const stored = async () =>
      (await db.collection('directline_activities').find({ conversationId }).sort({ watermark: 1 }).toArray()).map((d) => JSON.parse(String(d.json)) as StoredActivity);
    /** The resident's activity matching `which`, once the bot has answered it. */
    const answered = async (which: (a: StoredActivity) => boolean, what: string): Promise<StoredActivity> => {
      let found: StoredActivity | undefined;
      await waitFor(async () => {
        const all = await stored();
        found = all.find((a) => a.from.role === 'user' && which(a));
        return !!found && all.some((a) => a.from.role === 'bot' && a.replyToId === found!.id);
      }, what, page);
      return found!;
    };
    /** Every bot message stored so far is on screen. */
    const allRepliesShown = async (what: string) => {
      const shown = (await stored()).filter((a) => a.from.role === 'bot' && a.type === 'message' && (a.text || a.attachments?.length)).length;
      await waitFor(async () => (await botBubbles(page).count()) >= shown, what, page);
    };

    // 1. A message, and the bot answers it.
    const first = 'The bins on Elm Road have not been collected for two weeks';
    await send(page, first);
    await answered((a) => a.text === first, 'a reply to the first message');
    await allRepliesShown('the reply to the first message on screen');

    // 2. A photo through Web Chat's upload button (attach, then send): it reaches the bot as an attachment.
    const png = makePng(48, 32, [200, 80, 40]);
    await page.locator('input[type="file"]').setInputFiles({ name: 'overflowing-bin.png', mimeType: 'image/png', buffer: png });
    // Web Chat reads the file (and makes a thumbnail) before Send takes it; until then Send has
    // nothing to send, so press it until the upload arrives (pressing an empty send box does nothing).
    await waitFor(async () => {
      if ((await stored()).some((a) => a.attachments?.length)) return true;
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForTimeout(400);
      return false;
    }, 'the photo to be sent', page);
    const upload = await answered((a) => !!a.attachments?.length, 'a reply to the photo');
    expect(upload.attachments).toEqual([expect.objectContaining({ contentType: 'image/png', name: 'overflowing-bin.png' })]);
    const files = await db.collection('directline_uploads.files').find({ 'metadata.conversationId': conversationId }).toArray();
    expect(files.map((f) => f.length)).toEqual([png.length]);
    await allRepliesShown('the reply to the photo on screen');

    // 3. Reload: the same conversation, its history replayed, and it carries on.
    const before = await stored();
    const bubblesBefore = await botBubbles(page).count();
    await page.reload();
    await page.getByText(first).first().waitFor({ timeout: 30_000 });
    await waitFor(async () => (await botBubbles(page).count()) >= bubblesBefore, 'the replayed history', page);
    const second = 'It is still not collected and the bin is overflowing';
    await send(page, second);
    await answered((a) => a.text === second, 'a reply after the reload');
    await allRepliesShown('the reply after the reload on screen');
    const after = await stored();
    expect(after.slice(0, before.length).map((a) => a.id)).toEqual(before.map((a) => a.id)); // same conversation, nothing lost
    expect(await db.collection('directline_conversations').countDocuments({})).toBe(1);
    // the photo comes back as a picture, through its signed link
    await waitFor(async () => (await page.locator('img[src*="/v3/attachments/"]').count()) > 0, 'the photo in the replayed history', page);

    await page.screenshot({ path: path.join(RESULTS, 'webchat.png'), fullPage: true });

    // 4. Accessibility, with Web Chat rendered and a conversation on screen.
    const violations = await runAxe(page);
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('the one-tag embed adds a keyboard-usable launcher that opens the chat', async () => {
    const page = await context.newPage();
    let closeCouncil: () => Promise<void> = async () => undefined;
    try {
      // A stand-in for a council's own page, on another origin (another port of the same address:
      // Chromium keeps pages on other address spaces from loading scripts from the loopback bot).
      const council = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html lang="en-GB"><head><title>Bins and recycling</title></head><body><main><h1>Bins and recycling</h1><p>Collection days.</p></main><script src="${bot.url}/embed.js"></script></body></html>`);
      });
      await new Promise<void>((r) => council.listen(0, '127.0.0.1', () => r()));
      closeCouncil = () =>
        new Promise((r) => {
          council.close(() => r());
          council.closeAllConnections(); // the browser keeps its connection alive
        });
      await page.goto(`http://127.0.0.1:${(council.address() as AddressInfo).port}/`);
      const launcher = page.getByRole('button', { name: 'Chat with us' });
      await launcher.focus();
      expect(await launcher.getAttribute('aria-expanded')).toBe('false');
      await page.keyboard.press('Enter');
      expect(await launcher.getAttribute('aria-expanded')).toBe('true');
      const chat = page.frameLocator('iframe.cfb-frame');
      await chat.getByRole('heading', { level: 1 }).waitFor();
      await chat.getByRole('textbox').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Close chat' }).click();
      expect(await launcher.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('cfb-launcher');
      expect(await runAxe(page)).toEqual([]);
    } finally {
      await page.close();
      await closeCouncil();
    }
  });

  test('a handoff link from social media opens the chat where the resident left off, and works once', async () => {
    // As the council's social media team would make it from their inbox.
    const res = await fetch(`${bot.url}/api/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${HANDOFF_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'The pavement outside 8 Church Street is badly cracked and my neighbour tripped on it', platform: 'facebook', handle: 'Sam P' }),
    });
    expect(res.status).toBe(201);
    const { link } = (await res.json()) as { link: string };

    const page = await context.newPage(); // a new tab: its own session, as a tap on a link would open
    try {
      await page.goto(link);
      const carriedOn = page.getByText(/Thanks for contacting us on Facebook/);
      await carriedOn.first().waitFor({ timeout: 30_000 });
      await page.getByText(/8 Church Street is badly cracked/).first().waitFor();
      expect(page.url()).not.toContain('handoff='); // the token leaves the address bar at once
      expect(await page.getByText(/Tell us what's happened/).count()).toBe(0); // no greeting that asks again
      await waitFor(async () => (await botBubbles(page).count()) >= 3, 'the question after the carried-over message', page);
      await page.screenshot({ path: path.join(RESULTS, 'webchat-handoff.png'), fullPage: true });

      // A reload carries on the same conversation and does not present the link again.
      await page.reload();
      await carriedOn.first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1000);
      expect(await page.getByText(/already been used/).count()).toBe(0);
      expect(await runAxe(page)).toEqual([]);
    } finally {
      await page.close();
    }

    // The same link in another tab (or on someone else's device) gets nothing of the resident's.
    const other = await context.newPage();
    try {
      await other.goto(link);
      await other.getByText(/already been used/).first().waitFor({ timeout: 30_000 });
      expect(await other.getByText(/Church Street/).count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});

async function expectHeading(page: Page): Promise<void> {
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.waitFor();
  expect((await h1.innerText()).trim().length).toBeGreaterThan(0);
  expect(await page.getAttribute('html', 'lang')).toBe('en-GB');
  for (const role of ['banner', 'main', 'contentinfo'] as const) expect(await page.getByRole(role).count()).toBe(1);
}

/** Runs axe-core in the page (all default rules: WCAG 2.x A/AA and best practices). */
async function runAxe(page: Page): Promise<Array<{ id: string; impact: string | null; help: string; nodes: string[] }>> {
  // Evaluated over the DevTools protocol, which the page's Content-Security-Policy does not block;
  // into every frame, so axe also checks the chat inside the embed's iframe (and need not wait for it).
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  for (const frame of page.frames()) await frame.evaluate(source);
  return page.evaluate(async () => {
    type AxeResult = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[]; failureSummary?: string }> }> };
    const axe = (window as unknown as { axe: { run(context: Document): Promise<AxeResult> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
  });
}
