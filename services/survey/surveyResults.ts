/**
 * The satisfaction survey's results for the annual (or quarterly) report: for each quarter, how
 * many residents were asked and answered, and how many said yes, partly or no to each question.
 * Figures only: the residents' own words stay out of the report (they are read in the tab).
 */
import type { Connection } from 'mongoose';
import { SURVEY_ANSWERS, SURVEY_QUESTIONS, surveyInvitationModel, surveyResponseModel, type SurveyAnswer, type SurveyQuestion, type SurveyResponseDoc } from '../../models/surveyResponse';
import { ratio, type Ratio } from '../reports/ratio';

export interface QuarterSurvey {
  invited: number;
  answered: number;
  /** Per question: the answers, and "yes" as a share of those who answered it (a chat answer may skip one). */
  questions: Record<SurveyQuestion, Record<SurveyAnswer, number> & { satisfied: Ratio }>;
  withComments: number;
}

export interface SurveyResults extends QuarterSurvey {
  byQuarter: Record<string, QuarterSurvey>;
  /** Always said on the survey: how to escalate, and which ombudsman. */
  note: string;
}

function fold(responses: Array<Pick<SurveyResponseDoc, SurveyQuestion | 'comment'>>, invited: number): QuarterSurvey {
  const questions = Object.fromEntries(
    SURVEY_QUESTIONS.map((q) => {
      const counts = Object.fromEntries(SURVEY_ANSWERS.map((a) => [a, responses.filter((r) => r[q] === a).length])) as Record<SurveyAnswer, number>;
      return [q, { ...counts, satisfied: ratio(counts.yes, counts.yes + counts.partly + counts.no) }];
    }),
  ) as QuarterSurvey['questions'];
  return { invited, answered: responses.length, questions, withComments: responses.filter((r) => !!r.comment).length };
}

export async function surveyResults(connection: Connection, council: string, financialYear: string, quarters: string[]): Promise<SurveyResults> {
  const [responses, invitations] = await Promise.all([
    surveyResponseModel(connection).find({ council, financialYear }).select({ fq: 1, handling: 1, outcome: 1, easyToComplain: 1, comment: 1 }).lean<SurveyResponseDoc[]>().exec(),
    surveyInvitationModel(connection).find({ council, financialYear }).select({ fq: 1 }).lean<Array<{ fq: string }>>().exec(),
  ]);
  const inPeriod = <T extends { fq: string }>(xs: T[], q?: string) => xs.filter((x) => (q ? x.fq === q : quarters.includes(x.fq)));
  return {
    ...fold(inPeriod(responses), inPeriod(invitations).length),
    byQuarter: Object.fromEntries(quarters.map((q) => [q, fold(inPeriod(responses, q), inPeriod(invitations, q).length)])),
    note: 'Residents are asked when their case closes, in their chat with the council or by a link in the closing letter; every survey says how to take the matter further and which ombudsman to contact. Answers count in the quarter they were given.',
  };
}
