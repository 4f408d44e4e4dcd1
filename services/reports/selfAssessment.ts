/**
 * The self-assessment against a Complaint Handling Code for a financial year: each provision the
 * records can evidence, with its figure ("acknowledged within 5 working days: 297 of 312 stage 1
 * complaints, 95%") and the cases behind it (all counted, and those that fell short), and the
 * provisions only the council can answer, with its saved answers. Figures come from the same
 * per-case facts as the annual report (stageFacts.ts).
 *
 * Scope: the Housing Ombudsman's Code covers complaints about the council as landlord (the pack's
 * housing service areas); the LGSCO's covers the rest (everything, for a council with no housing).
 */
import type { StatsEntry } from '../../models/caseProjections';
import type { SelfAssessmentAnswerDoc } from '../../models/selfAssessmentAnswer';
import { CODE_NAMES, CODE_TIMESCALES, provisionsFor, type CodeId, type CodeProvision, type Measure } from './codeProvisions';
import { ratio, wholePercent, type Ratio } from './ratio';
import { stageFacts, type FoldContext, type StageFacts, type StageKey } from './stageFacts';

export interface EvidencedProvision {
  section: string;
  requirement: string;
  /** What could not be confirmed against the Code's published text (its number, say); null when confirmed. */
  uncertain: string | null;
  figure: Ratio;
  /** The figure in words, as the published self-assessment would put it. */
  statement: string;
  /** Every case counted, and those that did not meet it. */
  cases: string[];
  shortfalls: string[];
}

export interface CouncilAnswer {
  complies: SelfAssessmentAnswerDoc['complies'];
  evidence: string;
  improvement: string | null;
  answeredBy: string;
  answeredOn: string;
}

export interface QuestionProvision {
  section: string;
  requirement: string;
  uncertain: string | null;
  hint: string | null;
  answer: CouncilAnswer | null;
}

export interface SelfAssessment {
  council: string;
  code: CodeId;
  codeName: string;
  financialYear: string;
  scope: string;
  evidenced: EvidencedProvision[];
  toAnswer: QuestionProvision[];
  answered: number;
  unanswered: number;
}

/** Counts the cases a test picks out: each case is in `of` when counted, in `met` when it passes. */
function count(entries: StatsEntry[], test: (e: StatsEntry) => boolean | null): { figure: Ratio; cases: string[]; shortfalls: string[] } {
  const cases: string[] = [];
  const shortfalls: string[] = [];
  for (const e of entries) {
    const r = test(e);
    if (r === null) continue;
    cases.push(e._id);
    if (!r) shortfalls.push(e._id);
  }
  return { figure: ratio(cases.length - shortfalls.length, cases.length), cases, shortfalls };
}

const STAGE_WORDS: Record<'s1' | 's2', string> = { s1: 'stage 1', s2: 'stage 2' };

function measure(m: Measure, entries: StatsEntry[], ctx: FoldContext, year: string): Omit<EvidencedProvision, 'section' | 'requirement' | 'uncertain'> {
  const facts = (e: StatsEntry, k: StageKey): StageFacts | null => stageFacts(e, k, ctx);
  const say = (what: string, r: ReturnType<typeof count>, whole: string) => ({
    ...r,
    statement: r.figure.of === 0 ? `${what}: no ${whole} in ${year}` : `${what}: ${r.figure.met} of ${r.figure.of} ${whole}, ${wholePercent(r.figure)}`,
  });
  const stage = (k: 's1' | 's2') => STAGE_WORDS[k];
  const code = (k: 's1' | 's2') => CODE_TIMESCALES[k === 's1' ? 'stage1' : 'stage2'];
  switch (m) {
    case 'serviceRequestsRecorded': {
      const r = count(entries, (e) => (facts(e, 'sr')?.responded ? facts(e, 'sr')!.onTime : null));
      const recorded = entries.filter((e) => facts(e, 'sr')?.received).length;
      const became = entries.filter((e) => e.stats.sr && facts(e, 's1')?.received).length;
      const out = say(`service requests answered within the council's target (${recorded} recorded, ${became} became complaints)`, r, 'service requests answered');
      return out;
    }
    case 'stage1AcknowledgedInTime':
    case 'stage2AcknowledgedInTime': {
      const k = m === 'stage1AcknowledgedInTime' ? 's1' : 's2';
      return say(`acknowledged within ${CODE_TIMESCALES.acknowledge} working days`, count(entries, (e) => facts(e, k)?.ackWithinCode ?? null), `${stage(k)} complaints acknowledged`);
    }
    case 'stage1RespondedInTime':
    case 'stage2RespondedInTime': {
      const k = m === 'stage1RespondedInTime' ? 's1' : 's2';
      const c = code(k);
      return say(`answered within ${c.respond} working days of acknowledgement (or a further ${c.extension} where extended)`, count(entries, (e) => facts(e, k)?.respondedWithinCode ?? null), `${stage(k)} responses`);
    }
    case 'stage1ExtensionsWithinLimit':
    case 'stage2ExtensionsWithinLimit': {
      const k = m === 'stage1ExtensionsWithinLimit' ? 's1' : 's2';
      const r = count(entries, (e) => {
        const f = facts(e, k);
        return f && f.extensionDays !== null ? !f.extensionBeyondCode : null;
      });
      return say(`extensions of no more than ${code(k).extension} working days`, r, `extended ${stage(k)} responses`);
    }
    case 'stage1ResponsesComplete':
      return say('responses recording the decision, reasons, remedy, outstanding actions and how to escalate', count(entries, (e) => (facts(e, 's1')?.responded ? facts(e, 's1')!.decision !== null : null)), 'stage 1 responses');
    case 'stage2IndependentReviewer':
      return say(
        'reviewed at stage 2 by someone other than the stage 1 handler',
        count(entries, (e) => (facts(e, 's2')?.responded && e.governance?.independentReview != null ? e.governance.independentReview === 1 : null)),
        'stage 2 responses',
      );
    case 'learningRecorded':
      return say(
        'upheld or partly upheld complaints with what was learnt recorded',
        count(entries, (e) => {
          const upheld = (['s1', 's2'] as const).some((k) => {
            const d = facts(e, k)?.decision;
            return d === 'upheld' || d === 'partly_upheld';
          });
          return upheld ? e.learningPoints.length > 0 : null;
        }),
        'upheld or partly upheld complaints answered',
      );
  }
}

export function scopeOf(code: CodeId, ctx: Pick<FoldContext, 'pack'>): { label: string; includes: (e: StatsEntry) => boolean } {
  const areas = ctx.pack.ombudsman.housingAreas.areas;
  if (code === 'housing') return { label: `complaints about the council as landlord (${areas.join(', ')})`, includes: (e) => e.stats.housing };
  if (!areas.length) return { label: 'all complaints', includes: () => true };
  return { label: `complaints other than about the council as landlord (not ${areas.join(', ')})`, includes: (e) => !e.stats.housing };
}

export function buildSelfAssessment(entries: StatsEntry[], code: CodeId, financialYear: string, ctx: FoldContext, answers: SelfAssessmentAnswerDoc[]): SelfAssessment {
  const scope = scopeOf(code, ctx);
  const inScope = entries.filter(scope.includes);
  const provisions = provisionsFor(code, ctx.pack.stages);
  const bySection = new Map(answers.map((a) => [a.section, a]));
  const evidenced = provisions
    .filter((p): p is CodeProvision & { measure: Measure } => !!p.measure)
    .map((p) => ({ section: p.section, requirement: p.requirement, uncertain: p.uncertainWhy, ...measure(p.measure, inScope, ctx, financialYear) }));
  const toAnswer = provisions
    .filter((p) => !p.measure)
    .map((p): QuestionProvision => {
      const a = bySection.get(p.section);
      return {
        section: p.section,
        requirement: p.requirement,
        uncertain: p.uncertainWhy,
        hint: p.hint ?? null,
        answer: a ? { complies: a.complies, evidence: a.evidence, improvement: a.improvement, answeredBy: a.answeredBy.name, answeredOn: a.answeredAt.toISOString().slice(0, 10) } : null,
      };
    });
  const answered = toAnswer.filter((p) => p.answer).length;
  return { council: ctx.pack.id, code, codeName: CODE_NAMES[code], financialYear, scope: scope.label, evidenced, toAnswer, answered, unanswered: toAnswer.length - answered };
}

/** Provisions the council may answer (those without a figure), for validating what it sends. */
export const answerableSections = (code: CodeId, stages: 1 | 2): string[] => provisionsFor(code, stages).filter((p) => !p.measure).map((p) => p.section);
