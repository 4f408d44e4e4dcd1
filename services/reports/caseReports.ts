/**
 * Reports for complaints managers and the Housing Ombudsman, by UK financial quarter
 * (April–June is Q1; labels such as "2026-27 Q1"). Figures come from the per-case `stats`
 * fields kept up to date at every transition (models/caseRecord.ts), read from the quarter's
 * statistics collections (models/caseProjections.ts), held in memory per financial year and kept
 * current from the change log (statsReadModel.ts): reading a quarter's collection on FerretDB 1.24
 * decodes every document in Go (about 1 s at 100,000 cases), while folding in memory takes a few
 * milliseconds. (Its $group also gave wrong $sum totals and lacks $avg/$cond, so one fold in JS
 * beats a dozen aggregations.)
 *  - received counts by the quarter a case (or a stage) was received;
 *  - acknowledgement and response on-time rates by the quarter the acknowledgement or response
 *    was sent, against the deadline in force (an extension within the policy counts as in time).
 */
import type { Connection } from 'mongoose';
import type { StatsEntry } from '../../models/caseProjections';
import { DECISIONS, type Decision } from '../../models/caseRecord';
import { quarterRange, quartersOfYear } from '../cases/financialQuarter';
import { createCaseRules, type CaseRulesOptions, type CaseRules } from '../cases/rules';
import { yearStats } from './statsReadModel';
import { percent, tally } from './tally';

export interface Timeliness {
  received: number;
  acknowledged: number;
  acknowledgedOnTime: number;
  acknowledgedOnTimePercent: number | null;
  responded: number;
  respondedOnTime: number;
  respondedOnTimePercent: number | null;
  averageWorkingDaysToRespond: number | null;
  decisions: Record<Decision, number>;
}

export interface ComplimentEntry {
  reference: string;
  receivedOn: string;
  serviceAreas: string[];
  channel: string;
  summary: string;
}

export interface QuarterlyReport {
  council: string;
  quarter: string;
  period: { from: string; to: string };
  scope: 'all' | 'housing';
  received: {
    total: number;
    byKind: Record<string, number>;
    byServiceArea: Record<string, number>;
    byChannel: Record<string, number>;
    /** Service requests, stage 1 and stage 2 complaints received, and referrals to an ombudsman, in the quarter. */
    byStage: { service_request: number; stage1: number; stage2: number; ombudsman: number };
  };
  timeliness: { serviceRequests: Timeliness; stage1: Timeliness; stage2: Timeliness };
  themes: {
    /** Complaints received by lead service area. */
    complaintServiceAreas: Record<string, number>;
    /** Learning points recorded in the quarter, by theme. */
    learningPoints: Record<string, number>;
  };
  compliments: ComplimentEntry[];
}

export interface OmbudsmanReturn {
  council: string;
  financialYear: string;
  scope: string;
  stage1: { received: number; responded: number; respondedWithinTimescale: number; percentWithinTimescale: number | null; averageWorkingDays: number | null };
  stage2: { received: number; responded: number; respondedWithinTimescale: number; percentWithinTimescale: number | null; averageWorkingDays: number | null } | null;
  referredToOmbudsman: number;
  outcomes: { stage1: Record<Decision, number>; stage2: Record<Decision, number> | null };
  /** Tenant Satisfaction Measures: CH01 complaints per 1,000 homes (needs the stock size), CH02 % within Code timescales. */
  tsm: {
    CH01_stage1Per1000Homes: number | null;
    CH01_stage2Per1000Homes: number | null;
    CH02_stage1PercentWithinTimescale: number | null;
    CH02_stage2PercentWithinTimescale: number | null;
  };
}

export interface CaseReportsOptions extends Pick<CaseRulesOptions, 'council'> {
  connection: Connection;
}

type TrackStat = 'sr' | 's1' | 's2';

const emptyDecisions = (): Record<Decision, number> => Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<Decision, number>;

export class CaseReports {
  readonly rules: CaseRules;

  constructor(private readonly opts: CaseReportsOptions) {
    this.rules = createCaseRules({ council: opts.council });
  }

  /** The cases with a figure in the quarter, from this process's in-memory model of its year (statsReadModel.ts), current as of this call. */
  private async entries(quarter: string, housingOnly: boolean): Promise<StatsEntry[]> {
    quarterRange(quarter); // rejects a label that is not a quarter
    const entries = await yearStats(this.opts.connection, quarter.slice(0, 7)).entries(this.rules.pack.id, quarter);
    return housingOnly ? entries.filter((e) => e.stats.housing) : entries;
  }

  private timeliness(track: TrackStat, byQuarter: Array<[string, StatsEntry[]]>): Timeliness {
    let received = 0, acknowledged = 0, acknowledgedOnTime = 0, responded = 0, respondedOnTime = 0, days = 0;
    const decisions = emptyDecisions();
    for (const [q, entries] of byQuarter) {
      for (const e of entries) {
        const t = e.stats[track];
        if (!t) continue;
        if (t.receivedFq === q) received++;
        if (t.ackFq === q) {
          acknowledged++;
          acknowledgedOnTime += t.ackOnTime ?? 0;
        }
        if (t.respondedFq === q) {
          responded++;
          respondedOnTime += t.onTime ?? 0;
          days += t.workingDays ?? 0;
          if (t.decision) decisions[t.decision]++;
        }
      }
    }
    return {
      received,
      acknowledged,
      acknowledgedOnTime,
      acknowledgedOnTimePercent: percent(acknowledgedOnTime, acknowledged),
      responded,
      respondedOnTime,
      respondedOnTimePercent: percent(respondedOnTime, responded),
      averageWorkingDaysToRespond: responded ? Math.round((10 * days) / responded) / 10 : null,
      decisions,
    };
  }

  async quarterly(quarter: string, options: { housingOnly?: boolean } = {}): Promise<QuarterlyReport> {
    const period = quarterRange(quarter);
    const housingOnly = options.housingOnly ?? false;
    const entries = await this.entries(quarter, housingOnly);
    const inQuarter: Array<[string, StatsEntry[]]> = [[quarter, entries]];
    const received = entries.filter((e) => e.stats.receivedFq === quarter);
    const complaints = entries.filter((e) => e.stats.s1?.receivedFq === quarter);
    const serviceRequests = this.timeliness('sr', inQuarter);
    const stage1 = this.timeliness('s1', inQuarter);
    const stage2 = this.timeliness('s2', inQuarter);
    return {
      council: this.rules.pack.id,
      quarter,
      period,
      scope: housingOnly ? 'housing' : 'all',
      received: {
        total: received.length,
        byKind: tally(received, (e) => e.kind),
        byServiceArea: tally(received, (e) => e.leadServiceArea),
        byChannel: tally(received, (e) => e.channel),
        byStage: {
          service_request: serviceRequests.received,
          stage1: stage1.received,
          stage2: stage2.received,
          ombudsman: entries.filter((e) => e.stats.ombudsmanFq === quarter).length,
        },
      },
      timeliness: { serviceRequests, stage1, stage2 },
      themes: {
        complaintServiceAreas: tally(complaints, (e) => e.leadServiceArea),
        learningPoints: tally(entries.flatMap((e) => e.learningPoints.filter((l) => l.fq === quarter)), (l) => l.theme),
      },
      compliments: received
        .filter((e) => e.kind === 'compliment')
        .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a._id.localeCompare(b._id))
        .map((c) => ({ reference: c._id, receivedOn: c.receivedOn, serviceAreas: c.serviceAreas, channel: c.channel, summary: c.description ?? '' })),
    };
  }

  /**
   * The figures the Housing Ombudsman's annual complaints performance and service improvement
   * report (Complaint Handling Code 2024, section 8) and the Tenant Satisfaction Measures CH01/CH02
   * ask for: housing complaints only (the pack's housing service areas), over a financial year.
   */
  async housingOmbudsmanReturn(financialYear: string, options: { homes?: number } = {}): Promise<OmbudsmanReturn> {
    const quarters = quartersOfYear(financialYear);
    const twoStage = this.rules.pack.stages === 2;
    const byQuarter = await Promise.all(quarters.map(async (q): Promise<[string, StatsEntry[]]> => [q, await this.entries(q, true)]));
    const s1 = this.timeliness('s1', byQuarter);
    const s2 = this.timeliness('s2', byQuarter);
    const referred = byQuarter.reduce((n, [q, entries]) => n + entries.filter((e) => e.stats.ombudsmanFq === q).length, 0);
    const stage = (t: Timeliness) => ({
      received: t.received,
      responded: t.responded,
      respondedWithinTimescale: t.respondedOnTime,
      percentWithinTimescale: t.respondedOnTimePercent,
      averageWorkingDays: t.averageWorkingDaysToRespond,
    });
    const per1000 = (n: number) => (options.homes ? Math.round((n / options.homes) * 1000 * 10) / 10 : null);
    return {
      council: this.rules.pack.id,
      financialYear: quarters[0].slice(0, 7),
      scope: `housing complaints (${this.rules.pack.ombudsman.housingAreas.areas.join(', ')})`,
      stage1: stage(s1),
      stage2: twoStage ? stage(s2) : null,
      referredToOmbudsman: referred,
      outcomes: { stage1: s1.decisions, stage2: twoStage ? s2.decisions : null },
      tsm: {
        CH01_stage1Per1000Homes: per1000(s1.received),
        CH01_stage2Per1000Homes: twoStage ? per1000(s2.received) : null,
        CH02_stage1PercentWithinTimescale: s1.respondedOnTimePercent,
        CH02_stage2PercentWithinTimescale: twoStage ? s2.respondedOnTimePercent : null,
      },
    };
  }
}
