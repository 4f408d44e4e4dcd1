/**
 * The staff tab in Teams: its page (GET /tab), its scripts (the Teams JavaScript SDK is served
 * from node_modules, never a CDN) and its API. Every API call carries a Teams SSO token
 * (Authorization: Bearer), checked by services/teams/ssoToken.ts, and a role kept in MongoDB:
 * any staff role for the queue and case views, manager for reports.
 */
import { HAZARD_STEP_LABEL, hazardCardTitle, hazardDue } from '../services/hazards/wording';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { CASE_STAGES, SLA_STATES } from '../models/caseRecord';
import { CaseService, financialQuarter, type QueueFilters } from '../services/cases';
import { FeedbackKind, SERVICE_AREAS, ServiceArea } from '../models/vocabulary';
import { CaseReports } from '../services/reports';
import type { Connection } from 'mongoose';
import type { TeamsSettings } from '../services/teams/settings';
import { SsoTokenError, SsoVerifier } from '../services/teams/ssoToken';
import { StaffDirectory, type StaffMember } from '../services/teams/staffDirectory';
import { dangerQuestion, KIND_LABEL, serviceAreaLabel, SLA_LABEL, STAGE_SHORT } from '../services/teams/wording';
import { TokenBuckets } from '../services/http/rateLimit';
import { clientAddress } from '../services/http/requestInfo';
import { mountGovernanceRoutes } from './governanceRoutes';
import { blank, FileReply, HttpError, parseOr400, queryOf, StreamReply, type TabApi } from './tabHttp';
import { EvidenceStore, safeFilename } from '../services/evidence/evidenceStore';

const TAB_DIR = path.resolve(__dirname, '..', 'public', 'tab');
/** The package's main entry is its UMD browser build (dist/umd/MicrosoftTeams.min.js). */
const TEAMS_JS = require.resolve('@microsoft/teams-js');

export interface TabDeps {
  server: Server;
  logger: Logger;
  connection: Connection;
  cases: CaseService;
  staff: StaffDirectory;
  settings: TeamsSettings;
  /** The app's name in Teams, as the page names it. */
  appName: string;
  /** Replaces the token checker built from `settings` (tests). */
  verifier?: SsoVerifier;
  /** API requests per minute from one client address (429 beyond); unlimited when absent. */
  requestsPerMinute?: number;
  trustProxy?: boolean;
  /** The works system's services and how the pack's areas map to them (Open311), when it is set up. */
  works?: () => Promise<unknown>;
}

const QueueQuery = z.strictObject({
  stage: z.preprocess(blank, z.enum(CASE_STAGES).optional()),
  kind: z.preprocess(blank, FeedbackKind.optional()),
  sla: z.preprocess(blank, z.enum(SLA_STATES).optional()),
  /** "me", "unassigned", or a member of staff's Entra object id. */
  assignee: z.preprocess(blank, z.string().max(128).optional()),
  serviceArea: z.preprocess(blank, ServiceArea.optional()),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(200).optional()),
});
const ReportsQuery = z.strictObject({ quarter: z.preprocess(blank, z.string().regex(/^\d{4}-\d{2} Q[1-4]$/, 'must be a financial quarter such as "2026-27 Q1"').optional()) });
const ReferenceParam = z.string().regex(/^[A-Za-z]{2,6}-\d{4}-\d{1,6}$/, 'is not a case reference');

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // The Teams SDK fetches Microsoft's list of valid Teams host origins (data, not code) from its CDN.
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // Teams (web, desktop and Microsoft 365 hosts) frames the tab.
  'frame-ancestors https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.skype.com https://*.office.com https://*.cloud.microsoft https://*.microsoft365.com https://outlook.office.com https://outlook.office365.com',
].join('; ');

export function mountTab(deps: TabDeps): void {
  const { server, logger, settings } = deps;
  const verifier =
    deps.verifier ?? new SsoVerifier({ audiences: settings.ssoAudiences, jwksUrl: settings.jwksUrl, tenantId: settings.tenantId, openToAnyTenant: settings.openToAnyTenant });
  const reports = new CaseReports({ connection: deps.connection, council: deps.cases.council });
  const read = (name: string) => fs.readFileSync(path.join(TAB_DIR, name), 'utf8');
  const assets = { html: read('index.html'), js: read('tab.js'), annualJs: read('annual.js'), learningJs: read('learning.js'), css: read('tab.css') };
  const version = createHash('sha256').update(Object.values(assets).join('\n')).digest('hex').slice(0, 10);
  const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const page = assets.html.replace(/\{\{APP_NAME\}\}/g, escapeHtml(deps.appName)).replace(/\{\{VERSION\}\}/g, version);
  const teamsJs = fs.readFileSync(TEAMS_JS);
  const perClient = deps.requestsPerMinute ? new TokenBuckets(deps.requestsPerMinute, 60_000) : undefined;

  const send = (res: Response, status: number, type: string, body: string | Buffer, cache = 'no-cache') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': cache, 'x-content-type-options': 'nosniff', 'content-security-policy': CSP, 'referrer-policy': 'no-referrer' });
    res.end(body);
  };
  server.get('/tab', async (_req: Request, res: Response) => send(res, 200, 'text/html; charset=utf-8', page));
  server.get('/tab/static/tab.js', async (_req: Request, res: Response) => send(res, 200, 'text/javascript; charset=utf-8', assets.js, 'public, max-age=3600'));
  server.get('/tab/static/annual.js', async (_req: Request, res: Response) => send(res, 200, 'text/javascript; charset=utf-8', assets.annualJs, 'public, max-age=3600'));
  server.get('/tab/static/learning.js', async (_req: Request, res: Response) => send(res, 200, 'text/javascript; charset=utf-8', assets.learningJs, 'public, max-age=3600'));
  server.get('/tab/static/tab.css', async (_req: Request, res: Response) => send(res, 200, 'text/css; charset=utf-8', assets.css, 'public, max-age=3600'));
  server.get('/tab/static/teams-js.js', async (_req: Request, res: Response) => send(res, 200, 'text/javascript; charset=utf-8', teamsJs, 'public, max-age=86400'));

  /** Wraps an API handler: token, staff role, zod errors as 400, everything as JSON (or a file to download). */
  const api: TabApi =
    (need, fn) =>
    async (req: Request, res: Response) => {
      res.setHeader('cache-control', 'no-store');
      // Before the token is checked, so a flood of bad tokens costs little.
      const decision = perClient?.take(clientAddress(req, deps.trustProxy ?? false));
      if (decision && !decision.ok) {
        res.setHeader('retry-after', String(decision.retryAfterSeconds));
        res.json(429, { error: `Too many requests. Please wait ${decision.retryAfterSeconds} seconds and try again.` });
        return;
      }
      try {
        const identity = await verifier.verify(req.headers.authorization);
        const me = await deps.staff.resolve({ aadObjectId: identity.aadObjectId, name: identity.name });
        const allowed = need === 'staff' ? me.roles.length > 0 : me.roles.includes(need);
        if (!allowed) {
          throw new HttpError(403, need === 'staff' ? 'You need a role in the feedback app to see cases. Ask a complaints manager.' : `Only staff with the ${need} role can see this.`);
        }
        const out = await fn(req, me);
        if (out instanceof StreamReply) {
          res.writeHead(200, {
            'content-type': out.contentType,
            'content-length': String(out.size),
            // A header carries only plain ASCII; the tab names the download from the case JSON anyway.
            'content-disposition': `attachment; filename="${safeFilename(out.filename).replace(/[^\x20-\x7e]/g, '_')}"`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
            'content-security-policy': "default-src 'none'",
          });
          out.stream.on('error', () => res.destroy());
          out.stream.pipe(res);
          return;
        }
        if (out instanceof FileReply) {
          res.writeHead(200, { 'content-type': out.contentType, 'content-disposition': `attachment; filename="${out.filename}"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
          res.end(out.body);
          return;
        }
        res.json(200, out);
      } catch (err) {
        if (err instanceof SsoTokenError || err instanceof HttpError) {
          if (err.status === 403) logger.info({ path: req.getPath() }, 'tab: refused');
          res.json(err.status, { error: err.message });
          return;
        }
        logger.error({ err: (err as Error).message, path: req.getPath() }, 'tab: request failed');
        res.json(500, { error: 'Something went wrong on our side. Please try again.' });
      }
    };

  server.get(
    '/api/tab/me',
    api('staff', async (_req, me) => ({
      name: me.name,
      roles: me.roles,
      // so the tab asks for the works-system panel only where there is one
      worksSystem: Boolean(deps.works),
      staff: (await deps.staff.all()).map((s) => ({ id: s.aadObjectId, name: s.name })),
      options: {
        stages: CASE_STAGES.filter((s) => s !== 'closed').map((value) => ({ value, label: STAGE_SHORT[value] })),
        kinds: FeedbackKind.options.map((value) => ({ value, label: KIND_LABEL[value] })),
        slas: SLA_STATES.map((value) => ({ value, label: SLA_LABEL[value] })),
        serviceAreas: SERVICE_AREAS.map((value) => ({ value, label: serviceAreaLabel(value) })),
      },
    })),
  );

  server.get(
    '/api/tab/queue',
    api('staff', async (req, me) => {
      const q = parseOr400(QueueQuery, queryOf(req));
      const filters: QueueFilters = { stage: q.stage, kind: q.kind, sla: q.sla, serviceArea: q.serviceArea, limit: q.limit ?? 100 };
      if (q.assignee === 'me') filters.assigneeId = me.aadObjectId;
      else if (q.assignee === 'unassigned') filters.unassigned = true;
      else if (q.assignee) filters.assigneeId = q.assignee;
      const cases = await deps.cases.queue(filters);
      // The queue is for sorting work: no resident names in it.
      return { cases: cases.map(({ residentName: _name, ...c }) => ({ ...c, stageLabel: STAGE_SHORT[c.stage], kindLabel: KIND_LABEL[c.kind] })) };
    }),
  );

  const evidenceStore = new EvidenceStore(deps.connection);
  const referenceOf = (req: Request) => parseOr400(ReferenceParam, req.params?.reference).toUpperCase().replace(/-(\d{1,6})$/, (_m, n: string) => `-${n.padStart(6, '0')}`);
  // Contact details and evidence are for the people handling cases, not for triage.
  const handlesCases = (me: StaffMember) => me.roles.some((r) => r !== 'triage');

  server.get(
    '/api/tab/cases/:reference',
    api('staff', async (req, me) => {
      const reference = referenceOf(req);
      const view = await deps.cases.getByReference(reference);
      if (!view) throw new HttpError(404, `There is no case ${reference}.`);
      const timeline = await deps.cases.timeline(reference);
      const handles = handlesCases(me);
      return {
        case: {
          reference: view.reference,
          kind: view.kind,
          kindLabel: KIND_LABEL[view.kind],
          stage: view.stage,
          stageLabel: STAGE_SHORT[view.stage],
          statusLabel: view.statusLabel,
          priority: view.priority,
          serviceAreas: view.serviceAreas.map(serviceAreaLabel),
          receivedOn: view.receivedOn,
          dueOn: view.dueOn,
          dueKind: view.dueKind,
          sla: view.sla,
          workingDaysLeft: view.workingDaysLeft,
          assignee: view.assignee,
          description: view.description,
          outcomeWanted: view.outcomeWanted,
          issues: view.issues.map((i) => ({ id: i.id, text: i.text })),
          flags: { safeguarding: view.safeguarding, vulnerable: view.vulnerable, adjustments: view.adjustments },
          danger: dangerQuestion(view.dangerAnswer),
          resident: handles ? { ...view.resident, anonymous: view.anonymous } : null,
          evidence: handles ? view.evidence.map((e) => ({ fileId: e.fileId, filename: e.filename, contentType: e.contentType, size: e.size, purpose: e.purpose })) : null,
          hazard: view.hazard && !view.closure ? { title: hazardCardTitle(view.hazard), deadlines: view.hazard.deadlines.map((d) => `${HAZARD_STEP_LABEL[d.step]}: ${hazardDue(d)}`) } : null,
        },
        timeline: timeline.map((t) => ({ seq: t.seq, at: t.at, what: t.what, by: t.actor.role === 'resident' ? 'Resident' : t.actor.name, text: typeof t.details.text === 'string' ? t.details.text : null })),
      };
    }),
  );

  server.get(
    '/api/tab/cases/:reference/evidence/:fileId',
    api('staff', async (req, me) => {
      if (!handlesCases(me)) throw new HttpError(403, 'Only staff who handle cases can open the evidence residents sent.');
      const reference = referenceOf(req);
      const fileId = String(req.params?.fileId ?? '');
      // Only a file this case refers to; any other id (another case's, or none) gets the same 404.
      const missing = new HttpError(404, 'There is no such file on this case.');
      const view = await deps.cases.getByReference(reference);
      const ref = view?.evidence.find((e) => e.fileId === fileId);
      if (!ref) throw missing;
      const file = await evidenceStore.open(fileId);
      if (!file) throw missing;
      return new StreamReply(file.contentType, ref.filename, file.size, file.stream);
    }),
  );

  server.get(
    '/api/tab/reports',
    api('manager', async (req) => {
      const q = parseOr400(ReportsQuery, queryOf(req));
      return reports.quarterly(q.quarter ?? financialQuarter(deps.cases.today()));
    }),
  );

  // Only where the works system (Open311) is set up.
  const works = deps.works;
  if (works) server.get('/api/tab/open311', api('staff', async () => works()));

  mountGovernanceRoutes({ server, api, connection: deps.connection, cases: deps.cases });
}

