/**
 * The annual report and the Code self-assessment for one council, from the database: one read of
 * the year's statistics (yearEntries.ts) serves both, and the council's answers to the provisions
 * it must answer itself are kept in self_assessment_answers.
 */
import type { Connection } from 'mongoose';
import type { StatsEntry } from '../../models/caseProjections';
import { answerId, SelfAssessmentAnswerDoc, selfAssessmentAnswerModel, type SelfAssessmentAnswerInput } from '../../models/selfAssessmentAnswer';
import { createCaseRules, type CaseRules } from '../cases/rules';
import { quartersOfYear } from '../cases/financialQuarter';
import { buildAnnualReport, codesFor, periodContext, type AnnualReport, type ReportPeriod } from './annualReport';
import type { CodeId } from './codeProvisions';
import { answerableSections, buildSelfAssessment, type SelfAssessment } from './selfAssessment';
import type { FoldContext } from './stageFacts';
import { yearEntries } from './yearEntries';
import { LearningRegister } from '../learning/learningRegister';
import { surveyResults } from '../survey/surveyResults';
import { SignpostLog } from '../signposting/signpostLog';

export interface GovernancePack {
  report: AnnualReport;
  selfAssessments: SelfAssessment[];
}

export class AnswerNotAccepted extends Error {}

export class GovernanceReports {
  readonly rules: CaseRules;

  constructor(private readonly opts: { connection: Connection; council?: string; today: () => string }) {
    this.rules = createCaseRules({ council: opts.council });
  }

  private context(period: ReportPeriod): FoldContext {
    return { calendar: this.rules.calendar, pack: this.rules.pack, inPeriod: periodContext(period).inPeriod };
  }

  private entries(financialYear: string): Promise<StatsEntry[]> {
    return yearEntries(this.opts.connection, this.rules.pack.id, financialYear);
  }

  private answers(code: CodeId, financialYear: string): Promise<SelfAssessmentAnswerDoc[]> {
    return selfAssessmentAnswerModel(this.opts.connection).find({ council: this.rules.pack.id, code, financialYear }).lean<SelfAssessmentAnswerDoc[]>().exec();
  }

  async annualReport(period: ReportPeriod): Promise<AnnualReport> {
    return this.withRegisterAndSurvey(buildAnnualReport(await this.entries(period.financialYear), period, { ...this.context(period), today: this.opts.today() }), period);
  }

  /** The learning register's actions, the survey's answers and the signposted conversations for the period: kept in their own collections. */
  private async withRegisterAndSurvey(report: AnnualReport, period: ReportPeriod): Promise<AnnualReport> {
    const register = new LearningRegister({ connection: this.opts.connection, council: this.rules.pack.id });
    const quarters = period.quarter ? [`${period.financialYear} ${period.quarter}`] : quartersOfYear(period.financialYear);
    const [learning, survey, signposted] = await Promise.all([
      register.list({ financialYear: period.financialYear, quarter: period.quarter }, this.opts.today()),
      surveyResults(this.opts.connection, this.rules.pack.id, period.financialYear, quarters),
      new SignpostLog({ connection: this.opts.connection, council: this.rules.pack.id }).figures(period.financialYear, quarters),
    ]);
    report.notHandled.conversations = signposted;
    report.learning.actions = learning.summary;
    report.learning.register = learning.entries
      .map((e) => ({ reference: e.reference, pointId: e.pointId, quarter: e.fq, serviceArea: e.serviceArea, theme: e.theme, status: e.status, dueOn: e.action?.dueOn ?? null, doneOn: e.action?.doneOn ?? null }))
      .sort((a, b) => a.quarter.localeCompare(b.quarter) || a.reference.localeCompare(b.reference) || a.pointId.localeCompare(b.pointId));
    report.survey = survey;
    return report;
  }

  /** The self-assessment is always for the whole financial year. */
  async selfAssessment(code: CodeId, financialYear: string): Promise<SelfAssessment> {
    const [entries, answers] = await Promise.all([this.entries(financialYear), this.answers(code, financialYear)]);
    return buildSelfAssessment(entries, code, financialYear, this.context({ financialYear, quarter: null }), answers);
  }

  /** The report with the self-assessment for every Code the council answers to: one read of the year. */
  async governancePack(period: ReportPeriod): Promise<GovernancePack> {
    const codes = codesFor({ pack: this.rules.pack });
    const [entries, ...answers] = await Promise.all([this.entries(period.financialYear), ...codes.map((c) => this.answers(c, period.financialYear))]);
    const year = this.context({ financialYear: period.financialYear, quarter: null });
    // One context for a whole-year report and its self-assessments, so each case's facts are worked out once.
    const reportContext = period.quarter ? this.context(period) : year;
    return {
      report: await this.withRegisterAndSurvey(buildAnnualReport(entries, period, Object.assign(reportContext, { today: this.opts.today() })), period),
      selfAssessments: codes.map((c, i) => buildSelfAssessment(entries, c, period.financialYear, year, answers[i])),
    };
  }

  /** Saves (or replaces) the council's answer to one provision; provisions the records evidence take no answer. */
  async saveAnswer(input: SelfAssessmentAnswerInput, by: { id: string; name: string }): Promise<SelfAssessmentAnswerDoc> {
    if (!codesFor({ pack: this.rules.pack }).includes(input.code)) throw new AnswerNotAccepted(`This council does not answer to the ${input.code} Code.`);
    if (!answerableSections(input.code, this.rules.pack.stages).includes(input.section)) {
      throw new AnswerNotAccepted(`Provision ${input.section} is not one the council answers: it is evidenced from the case records, or it is not in this Code.`);
    }
    const council = this.rules.pack.id;
    const doc = SelfAssessmentAnswerDoc.parse({ ...input, improvement: input.improvement ?? null, _id: answerId(council, input), council, answeredBy: by, answeredAt: new Date() });
    await selfAssessmentAnswerModel(this.opts.connection).collection.replaceOne({ _id: doc._id as never }, doc, { upsert: true });
    return doc;
  }
}
