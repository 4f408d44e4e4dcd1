/**
 * The satisfaction survey from the bot (services/survey):
 *  - GET  /survey?t=<signed token>: the page (public/survey.html, its words from locale/survey.en-GB.ts);
 *  - GET  /survey/static/survey.js, /survey/static/survey.css;
 *  - GET  /api/survey?t=…: the case's survey, or why there is none (invalid 400, not offered 404,
 *    already answered 409, expired 410), always with how to take the matter further when known;
 *  - POST /api/survey: the answers as JSON (strict: any other key is refused); 201, or the same refusals.
 * Anyone with the link may answer: the token is the permission, and answers hold no personal data
 * beyond the resident's own words. Rate-limited per client address.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { survey as words } from '../locale/survey.en-GB';
import { SurveyAnswersInput } from '../models/surveyResponse';
import { TokenBuckets } from '../services/http/rateLimit';
import { clientAddress } from '../services/http/requestInfo';
import { SurveyRefused, type SurveyService } from '../services/survey/surveyService';

const PUBLIC_DIR = path.resolve(__dirname, '..', 'public');
const STATUS: Record<SurveyRefused['reason'], number> = { invalid: 400, not_offered: 404, already_answered: 409, expired: 410 };
const TokenQuery = z.strictObject({ t: z.string().max(200) });
const CSP = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"].join('; ');

export interface SurveyRouteDeps {
  server: Server;
  survey: SurveyService;
  councilName: string;
  logger: Logger;
  requestsPerMinute?: number;
  trustProxy?: boolean;
}

export function mountSurveyRoutes(deps: SurveyRouteDeps): void {
  const { server, survey, logger } = deps;
  const read = (name: string) => fs.readFileSync(path.join(PUBLIC_DIR, name), 'utf8');
  const assets = { html: read('survey.html'), js: read('survey.js'), css: read('survey.css') };
  const version = createHash('sha256').update(Object.values(assets).join('\n')).digest('hex').slice(0, 10);
  const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const p = words.page;
  const fill: Record<string, string> = {
    TITLE: p.title, COUNCIL: deps.councilName, LOADING: p.loading, NOSCRIPT: p.noScript, INTRO: p.intro,
    Q_HANDLING: p.handling, Q_OUTCOME: p.outcome, Q_EASY: p.easyToComplain, A_YES: p.answers.yes, A_PARTLY: p.answers.partly, A_NO: p.answers.no,
    Q_COMMENT: p.comment, COMMENT_HINT: p.commentHint, SUBMIT: p.submit, NEXT_TITLE: p.nextStepsTitle, VERSION: version,
  };
  const page = assets.html.replace(/\{\{([A-Z_]+)\}\}/g, (_m, key: string) => escapeHtml(fill[key] ?? ''));
  const perClient = deps.requestsPerMinute ? new TokenBuckets(deps.requestsPerMinute, 60_000) : undefined;

  const send = (res: Response, type: string, body: string, cache = 'no-cache') => {
    // no-referrer: the token in the address never leaves in a Referer header.
    res.writeHead(200, { 'content-type': type, 'cache-control': cache, 'x-content-type-options': 'nosniff', 'content-security-policy': CSP, 'referrer-policy': 'no-referrer' });
    res.end(body);
  };
  server.get('/survey', async (_req: Request, res: Response) => send(res, 'text/html; charset=utf-8', page, 'no-store'));
  server.get('/survey/static/survey.js', async (_req: Request, res: Response) => send(res, 'text/javascript; charset=utf-8', assets.js, 'public, max-age=3600'));
  server.get('/survey/static/survey.css', async (_req: Request, res: Response) => send(res, 'text/css; charset=utf-8', assets.css, 'public, max-age=3600'));

  const api = (fn: (req: Request) => Promise<[number, unknown]>) => async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    const decision = perClient?.take(clientAddress(req, deps.trustProxy ?? false));
    if (decision && !decision.ok) {
      res.setHeader('retry-after', String(decision.retryAfterSeconds));
      res.json(429, { error: words.tooMany(decision.retryAfterSeconds) });
      return;
    }
    try {
      const [status, body] = await fn(req);
      res.json(status, body);
    } catch (err) {
      if (err instanceof SurveyRefused) {
        res.json(STATUS[err.reason], { error: err.message, reason: err.reason });
        return;
      }
      logger.error({ err: (err as Error).message }, 'survey: request failed');
      res.json(500, { error: 'Something went wrong. Please try again later.' });
    }
  };

  server.get(
    '/api/survey',
    api(async (req) => {
      const q = TokenQuery.safeParse(Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams.entries()));
      if (!q.success) return [400, { error: words.invalid, reason: 'invalid' }];
      const view = await survey.view(q.data.t);
      return [200, { about: words.forCase(view.reference, view.councilName), nextSteps: view.nextSteps }];
    }),
  );

  server.post(
    '/api/survey',
    api(async (req) => {
      const body = SurveyAnswersInput.safeParse(req.body);
      if (!body.success) {
        if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) return [400, { error: words.invalid, reason: 'invalid' }];
        return [400, { error: words.problems(body.error.issues.map((i) => `${i.path.join('.') || 'the form'}: ${i.message}`)), reason: 'answers' }];
      }
      const done = await survey.answer(body.data);
      return [201, { message: done.message, nextSteps: done.nextSteps }];
    }),
  );
}
