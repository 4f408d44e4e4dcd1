/**
 * The annual complaints performance and service improvement report (LGSCO Code 8.1 to 8.2,
 * Housing Ombudsman Code section 8) for a UK financial year or one of its quarters, folded from
 * the year's statistics entries (yearEntries.ts). Events count in the period they happened in:
 * received by the day received, timeliness by the day acknowledged or answered (as the quarterly
 * report and the Housing Ombudsman return count them). Only case references leave this module:
 * no names, contact details or free text.
 *
 * Sections are plain objects under fixed keys; a later section (the satisfaction survey) is one
 * more key here, one more fold and one more renderer in the tab (public/tab/report.js).
 */
import type { StatsEntry } from '../../models/caseProjections';
import { DECISIONS, type ClosureReason, type Decision } from '../../models/caseRecord';
import type { RouteId } from '../../models/vocabulary';
import { quarterRange, quartersOfYear } from '../cases/financialQuarter';
import type { CodeId } from './codeProvisions';
import { ratio, type Ratio } from './ratio';
import { stageFacts, type FoldContext, type StageKey } from './stageFacts';
import { tally } from './tally';
import type { LearningStatus } from '../../models/learningEntry';
import type { RegisterSummary } from '../learning/learningRegister';
import type { SurveyResults } from '../survey/surveyResults';
import type { SignpostFigures } from '../signposting/signpostLog';

export interface StageFigures {
  received: number;
  acknowledged: number;
  /** Against the pack's deadlines (an extension within the policy counts as in time). */
  acknowledgedOnTime: Ratio;
  /** Within the Code's 5 working days; null for service requests (the Codes set no timescale). */
  acknowledgedWithinCode: Ratio | null;
  responded: number;
  respondedOnTime: Ratio;
  /** Within the Code's timescale from acknowledgement, plus the Code's longest extension where one was given. */
  respondedWithinCode: Ratio | null;
  averageWorkingDaysToRespond: number | null;
  /** Of the responses in the period, those sent after an extension. */
  extensions: { extended: number; averageWorkingDays: number | null; longestWorkingDays: number | null; beyondPackLimit: number; beyondCodeLimit: number };
  decisions: Record<Decision, number>;
}

export interface AnnualReport {
  council: string;
  councilName: string;
  financialYear: string;
  /** "Q1" to "Q4" for a quarter's report; null for the whole year. */
  quarter: string | null;
  period: { from: string; to: string };
  generatedOn: string;
  /** The Codes the self-assessment answers to for this council. */
  codes: CodeId[];
  received: {
    total: number;
    byKind: Record<string, number>;
    byStage: { service_request: number; stage1: number; stage2: number; ombudsman: number };
    byServiceArea: Record<string, number>;
    byChannel: Record<string, number>;
    /** Whole-year reports: cases received in each quarter. */
    byQuarter: Record<string, number>;
  };
  timeliness: { stage1: StageFigures; stage2: StageFigures | null; serviceRequests: StageFigures };
  escalations: { stage1Responded: number; escalatedToStage2: Ratio | null; serviceRequestsBecameComplaints: number };
  outcomes: { stage1: Record<Decision, number>; stage2: Record<Decision, number> | null };
  notHandled: {
    /** Cases received in the period whose conversation also signposted these matters elsewhere, by route. */
    signposted: Record<string, number>;
    /** Every conversation signposted elsewhere in the period, by route, and those where no case followed (filled by governance.ts from signpostings). */
    conversations: SignpostFigures | null;
    /** Complaints received outside the pack's time limit and taken on, with the reason recorded. */
    outOfTimeAccepted: number;
    /** Cases closed in the period, by why they were closed (withdrawn, duplicate and so on). */
    closedByReason: Record<string, number>;
    /** What the figures cannot show. */
    note: string;
  };
  ombudsman: { referred: number; byBody: Record<string, number>; closedAfterOmbudsmanDecision: number };
  themes: { complaintsByServiceArea: Record<string, number>; upheldByServiceArea: Record<string, number> };
  learning: {
    recorded: number;
    byTheme: Record<string, number>;
    byServiceArea: Record<string, number>;
    points: Array<{ reference: string; theme: string; quarter: string }>;
    /** How often the pack says learning is reported, and to whom (with its source); null when the policy does not say. */
    reporting: { reportEvery: 'quarter' | 'year'; reportTo: string; source: { doc: string; section: string } } | null;
    /** The learning register for the period: actions by status (filled by governance.ts from learning_entries). */
    actions: RegisterSummary | null;
    /** One row per learning point: references, themes and dates only (the wording stays in the tab's register). */
    register: Array<{ reference: string; pointId: string; quarter: string; serviceArea: string; theme: string; status: LearningStatus; dueOn: string | null; doneOn: string | null }>;
  };
  /** The satisfaction survey's answers, by quarter (filled by governance.ts from survey_responses). */
  survey: SurveyResults | null;
}

export interface ReportPeriod {
  financialYear: string;
  quarter: 'Q1' | 'Q2' | 'Q3' | 'Q4' | null;
}

export function periodContext(period: ReportPeriod): { inPeriod: FoldContext['inPeriod']; range: { from: string; to: string } } {
  const quarters = quartersOfYear(period.financialYear);
  const wanted = period.quarter ? [`${period.financialYear} ${period.quarter}`] : quarters;
  return {
    inPeriod: (fq) => !!fq && wanted.includes(fq),
    range: { from: quarterRange(wanted[0]).from, to: quarterRange(wanted[wanted.length - 1]).to },
  };
}

const emptyDecisions = (): Record<Decision, number> => Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<Decision, number>;
const average = (xs: number[]) => (xs.length ? Math.round((10 * xs.reduce((a, b) => a + b, 0)) / xs.length) / 10 : null);

function stageFigures(entries: StatsEntry[], key: StageKey, ctx: FoldContext): StageFigures {
  let received = 0, acknowledged = 0, ackOnTime = 0, ackCode = 0, ackCodeOf = 0, responded = 0, onTime = 0, respCode = 0, respCodeOf = 0;
  let beyondPack = 0, beyondCode = 0;
  const days: number[] = [];
  const extensionDays: number[] = [];
  const decisions = emptyDecisions();
  for (const e of entries) {
    const f = stageFacts(e, key, ctx);
    if (!f) continue;
    if (f.received) received++;
    if (f.acknowledged) {
      acknowledged++;
      if (f.ackOnTime) ackOnTime++;
    }
    if (f.ackWithinCode !== null) {
      ackCodeOf++;
      if (f.ackWithinCode) ackCode++;
    }
    if (f.responded) {
      responded++;
      if (f.onTime) onTime++;
      if (f.respondedWithinCode !== null) {
        respCodeOf++;
        if (f.respondedWithinCode) respCode++;
      }
      if (f.workingDays !== null) days.push(f.workingDays);
      if (f.decision) decisions[f.decision]++;
      if (f.extensionDays !== null) extensionDays.push(f.extensionDays);
      if (f.extensionBeyondPack) beyondPack++;
      if (f.extensionBeyondCode) beyondCode++;
    }
  }
  const isComplaint = key !== 'sr';
  return {
    received,
    acknowledged,
    acknowledgedOnTime: ratio(ackOnTime, acknowledged),
    acknowledgedWithinCode: isComplaint ? ratio(ackCode, ackCodeOf) : null,
    responded,
    respondedOnTime: ratio(onTime, responded),
    respondedWithinCode: isComplaint ? ratio(respCode, respCodeOf) : null,
    averageWorkingDaysToRespond: average(days),
    extensions: {
      extended: extensionDays.length,
      averageWorkingDays: average(extensionDays),
      longestWorkingDays: extensionDays.length ? Math.max(...extensionDays) : null,
      beyondPackLimit: beyondPack,
      beyondCodeLimit: beyondCode,
    },
    decisions,
  };
}

/** Which Codes a council answers to: the LGSCO's, and the Housing Ombudsman's when it has housing service areas (as landlord). */
export const codesFor = (ctx: Pick<FoldContext, 'pack'>): CodeId[] => (ctx.pack.ombudsman.housingAreas.areas.length ? ['lgsco', 'housing'] : ['lgsco']);

export function buildAnnualReport(entries: StatsEntry[], period: ReportPeriod, ctx: FoldContext & { today: string }): AnnualReport {
  const { range } = periodContext(period);
  const { inPeriod, pack } = ctx;
  const twoStage = pack.stages === 2;
  const received = entries.filter((e) => inPeriod(e.stats.receivedFq));
  const stage1 = stageFigures(entries, 's1', ctx);
  const stage2 = stageFigures(entries, 's2', ctx);
  const serviceRequests = stageFigures(entries, 'sr', ctx);
  const complaints = entries.filter((e) => inPeriod(e.stats.s1?.receivedFq));
  const upheld = entries.filter((e) => (['s1', 's2'] as const).some((k) => inPeriod(e.stats[k]?.respondedFq) && (e.stats[k]?.decision === 'upheld' || e.stats[k]?.decision === 'partly_upheld')));
  const referred = entries.filter((e) => inPeriod(e.stats.ombudsmanFq));
  const closed = entries.filter((e) => inPeriod(e.stats.closedFq));
  const points = entries.flatMap((e) => e.learningPoints.filter((l) => inPeriod(l.fq)).map((l) => ({ reference: e._id, theme: l.theme, quarter: l.fq, area: e.leadServiceArea })));
  return {
    council: pack.id,
    councilName: pack.councilName,
    financialYear: period.financialYear,
    quarter: period.quarter,
    period: range,
    generatedOn: ctx.today,
    codes: codesFor(ctx),
    received: {
      total: received.length,
      byKind: tally(received, (e) => e.kind),
      byStage: { service_request: serviceRequests.received, stage1: stage1.received, stage2: stage2.received, ombudsman: referred.length },
      byServiceArea: tally(received, (e) => e.leadServiceArea),
      byChannel: tally(received, (e) => e.channel),
      byQuarter: period.quarter ? {} : Object.fromEntries(quartersOfYear(period.financialYear).map((q) => [q, received.filter((e) => e.stats.receivedFq === q).length])),
    },
    timeliness: { stage1, stage2: twoStage ? stage2 : null, serviceRequests },
    escalations: {
      stage1Responded: stage1.responded,
      escalatedToStage2: twoStage ? ratio(stage2.received, stage1.responded) : null,
      serviceRequestsBecameComplaints: complaints.filter((e) => e.stats.sr !== null).length,
    },
    outcomes: { stage1: stage1.decisions, stage2: twoStage ? stage2.decisions : null },
    notHandled: {
      signposted: tally(
        received.flatMap((e) => e.governance?.signposted ?? []),
        (r: RouteId) => r,
      ),
      outOfTimeAccepted: complaints.filter((e) => e.governance?.outOfTime).length,
      closedByReason: tally(closed, (e) => e.governance?.closure ?? ('not_recorded' as ClosureReason | 'not_recorded')),
      conversations: null,
      note: 'Conversations signposted elsewhere are counted once per conversation and reason, whether or not a case followed; those with no case are the matters only signposted. Cases received also count the reasons their conversation was signposted.',
    },
    ombudsman: {
      referred: referred.length,
      byBody: tally(referred, (e) => e.governance?.ombudsman ?? 'not_recorded'),
      closedAfterOmbudsmanDecision: closed.filter((e) => e.governance?.closure === 'ombudsman_decided').length,
    },
    themes: { complaintsByServiceArea: tally(complaints, (e) => e.leadServiceArea), upheldByServiceArea: tally(upheld, (e) => e.leadServiceArea) },
    learning: {
      recorded: points.length,
      byTheme: tally(points, (p) => p.theme),
      byServiceArea: tally(points, (p) => p.area),
      points: points.map(({ reference, theme, quarter }) => ({ reference, theme, quarter })).sort((a, b) => a.quarter.localeCompare(b.quarter) || a.reference.localeCompare(b.reference)),
      reporting: pack.learning ? { reportEvery: pack.learning.reportEvery, reportTo: pack.learning.reportTo, source: { doc: pack.learning.source.doc, section: pack.learning.source.section } } : null,
      actions: null,
      register: [],
    },
    survey: null,
  };
}
