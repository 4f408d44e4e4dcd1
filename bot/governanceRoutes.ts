/**
 * The tab's governance API, for managers only (same SSO token and role checks as the reports):
 *  - GET  /api/tab/annual-report?year=2026-27[&quarter=Q1]: the annual (or quarterly) report and
 *    the self-assessment for each Code the council answers to, from one read of the year;
 *  - GET  /api/tab/annual-report/export?year=…[&quarter=…]&format=json|csv[&part=report|self-assessment&code=lgsco|housing]:
 *    the same as a file to keep or publish;
 *  - POST /api/tab/self-assessment/answers: the council's answer to one provision the records
 *    cannot evidence (validated with zod; kept in MongoDB).
 *  - GET  /api/tab/learning?year=…[&quarter=…&status=…&serviceArea=…&theme=…]: the learning register
 *    (any staff role: officers see the actions they own), every point with its action and status.
 * Nothing here reads or returns residents' personal data: figures, case references and staff's own words.
 */
import type { Connection } from 'mongoose';
import type { Server } from 'restify';
import { z } from 'zod';
import { FinancialYear, SelfAssessmentAnswerInput } from '../models/selfAssessmentAnswer';
import { CaseService, financialYear } from '../services/cases';
import { AnswerNotAccepted, annualReportCsv, CODES, GovernanceReports, selfAssessmentCsv } from '../services/reports';
import { LEARNING_STATUSES } from '../models/learningEntry';
import { ServiceArea } from '../models/vocabulary';
import { LearningRegister } from '../services/learning/learningRegister';
import { blank, FileReply, HttpError, parseOr400, queryOf, type TabApi } from './tabHttp';

const Period = {
  year: z.preprocess(blank, FinancialYear.optional()),
  quarter: z.preprocess(blank, z.enum(['Q1', 'Q2', 'Q3', 'Q4']).optional()),
};
const ReportQuery = z.strictObject(Period);
const ExportQuery = z.strictObject({
  ...Period,
  format: z.enum(['json', 'csv']),
  part: z.preprocess(blank, z.enum(['report', 'self-assessment']).optional()),
  code: z.preprocess(blank, z.enum(CODES).optional()),
});

const LearningQuery = z.strictObject({
  ...Period,
  status: z.preprocess(blank, z.enum(LEARNING_STATUSES).optional()),
  serviceArea: z.preprocess(blank, ServiceArea.optional()),
  theme: z.preprocess(blank, z.string().trim().min(1).max(100).optional()),
});

export interface GovernanceRouteDeps {
  server: Server;
  api: TabApi;
  connection: Connection;
  cases: CaseService;
}

export function mountGovernanceRoutes({ server, api, connection, cases }: GovernanceRouteDeps): void {
  const governance = new GovernanceReports({ connection, council: cases.council, today: () => cases.today() });
  const periodOf = (q: { year?: string; quarter?: 'Q1' | 'Q2' | 'Q3' | 'Q4' }) => ({ financialYear: q.year ?? financialYear(cases.today()), quarter: q.quarter ?? null });

  server.get(
    '/api/tab/annual-report',
    api('manager', async (req) => governance.governancePack(periodOf(parseOr400(ReportQuery, queryOf(req))))),
  );

  server.get(
    '/api/tab/annual-report/export',
    api('manager', async (req) => {
      const q = parseOr400(ExportQuery, queryOf(req));
      const period = periodOf(q);
      const pack = await governance.governancePack(period);
      const name = `complaints-${pack.report.council}-${period.financialYear}${period.quarter ? `-${period.quarter}` : ''}`;
      if (q.format === 'json') return new FileReply('application/json; charset=utf-8', `${name}.json`, JSON.stringify(pack, null, 2));
      if ((q.part ?? 'report') === 'report') return new FileReply('text/csv; charset=utf-8', `${name}-report.csv`, annualReportCsv(pack.report));
      const code = q.code ?? pack.selfAssessments[0].code;
      const sa = pack.selfAssessments.find((s) => s.code === code);
      if (!sa) throw new HttpError(400, `code ${code} is not a Code this council answers to`);
      return new FileReply('text/csv; charset=utf-8', `${name}-self-assessment-${code}.csv`, selfAssessmentCsv(sa));
    }),
  );

  const register = new LearningRegister({ connection, council: cases.council });
  server.get(
    '/api/tab/learning',
    api('staff', async (req) => {
      const q = parseOr400(LearningQuery, queryOf(req));
      const { financialYear: year, quarter } = periodOf(q);
      const found = await register.list({ financialYear: year, quarter, status: q.status, serviceArea: q.serviceArea, theme: q.theme }, cases.today());
      return { financialYear: year, quarter, reporting: governance.rules.pack.learning ?? null, ...found };
    }),
  );

  server.post(
    '/api/tab/self-assessment/answers',
    api('manager', async (req, me) => {
      const input = parseOr400(SelfAssessmentAnswerInput, req.body);
      try {
        const saved = await governance.saveAnswer(input, { id: me.aadObjectId, name: me.name });
        return { saved: { code: saved.code, financialYear: saved.financialYear, section: saved.section, complies: saved.complies, answeredBy: saved.answeredBy.name } };
      } catch (err) {
        if (err instanceof AnswerNotAccepted) throw new HttpError(400, err.message);
        throw err;
      }
    }),
  );
}
