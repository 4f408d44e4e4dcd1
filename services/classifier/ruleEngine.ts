/**
 * The offline engine's rules: deterministic cues over normalised text (rules.ts), giving the routes
 * they matched (with the words), the kind and what it was decided on, service areas, safeguarding.
 * offline.ts combines this with the learned model; the rules alone decide the safety routes.
 */
import type { FeedbackKind, RouteId, ServiceArea } from '../../models/vocabulary';
import { find, findNegated, type Cue, type Hit } from './match';
import { normalise } from './normalise';
import * as R from './rules';
import { eventAge } from './time';
import type { ClassifyInput } from './types';

export const quote = (h: Hit) => `'${h.snippet}'`;

export interface RouteFinding {
  route: RouteId;
  hit: Hit;
}

/** The danger cues, and the same regexes with no condition (built once: find keeps its answers per list). */
const DANGER = ([['emergency', [...R.EMERGENCY, ...R.SELF_HARM]], ['police_matter', [...R.POLICE, ...R.DOMESTIC_ABUSE]]] as const).map(([route, cues]) => ({
  route,
  cues,
  unconditional: cues.map((c): Cue => ({ re: c.re })),
}));

function detectRoutes(text: string, raw: string, reasons: string[]): { routes: RouteFinding[]; suppressedRoutes: RouteId[]; setAside: RouteId[]; safeguarding: boolean } {
  const routes: RouteFinding[] = [];
  const suppressedRoutes: RouteId[] = [];
  const setAside: RouteId[] = [];
  const add = (route: RouteId, hit: Hit | null) => {
    if (hit) routes.push({ route, hit });
  };

  // a danger cue the rules read as negated or over ("no smell of gas any more"): the model may not add it back
  for (const { route, cues, unconditional } of DANGER) {
    if (find(text, unconditional) && !find(text, cues)) setAside.push(route);
  }
  const selfHarm = find(text, R.SELF_HARM);
  add('emergency', find(text, R.EMERGENCY) ?? selfHarm);
  const domestic = find(text, R.DOMESTIC_ABUSE);
  add('police_matter', find(text, R.POLICE) ?? domestic);

  const processFailure = find(text, R.HANDLING);
  const handling = processFailure ?? find(text, R.STAFF_CONDUCT);
  const suppressed = (route: RouteId, hit: Hit | null, by: Hit | null) => {
    if (!hit) return;
    if (by) {
      suppressedRoutes.push(route);
      reasons.push(`route ${route} not used: complaint about the council's handling (${quote(by)})`);
      return;
    }
    add(route, hit);
  };
  // complaints about how the council dealt with ASB, an appeal or a claim are complaints
  suppressed('antisocial_behaviour', find(text, R.ASB), handling);
  const dispute = find(text, R.DECISION_DISPUTE);
  // an appeal stays an appeal when the officer was merely rude; a slow or lost appeal is a complaint
  suppressed('statutory_appeal', find(text, R.APPEAL), dispute ? null : (processFailure ?? find(text, R.PAYMENT_QUESTION)));
  const damage = find(text, R.INSURANCE_DAMAGE);
  const councilCaused = damage !== null && find(text, R.COUNCIL_CAUSE) !== null && find(text, R.THIRD_PARTY_CAUSE) === null;
  const insuranceStrong = find(text, R.INSURANCE_ASK) ?? (councilCaused ? damage : null);
  suppressed('insurance_claim', insuranceStrong ?? find(text, R.INSURANCE_WEAK), insuranceStrong ? null : handling);

  for (const [route, cues] of R.SIMPLE_ROUTES) add(route, find(text, cues));
  add('other_organisation', find(text, R.OTHER_ORG));

  const childRisk = find(text, R.SAFEGUARDING_CHILD);
  const adultRisk = find(text, R.SAFEGUARDING_ADULT);
  const schoolHit = schoolRoute(text, raw);
  add('school', schoolHit);
  // a child or adult at risk is for social care's safeguarding team, unless it is a crime (police
  // first) or happened at school (the school's own procedure)
  const policeMatter = routes.some((r) => r.route === 'police_matter');
  add('social_care', find(text, R.SOCIAL_CARE) ?? (schoolHit || policeMatter ? null : (childRisk ?? adultRisk)));

  const safeguarding = Boolean(selfHarm || domestic || childRisk || adultRisk);
  if (selfHarm) reasons.push(`safeguarding: risk to self ${quote(selfHarm)}`);
  if (domestic) reasons.push(`safeguarding: domestic abuse ${quote(domestic)}`);
  if (childRisk) reasons.push(`safeguarding: child at risk ${quote(childRisk)}`);
  if (adultRisk) reasons.push(`safeguarding: adult at risk ${quote(adultRisk)}`);
  return { routes, suppressedRoutes, setAside, safeguarding };
}

function schoolRoute(text: string, raw: string): Hit | null {
  const hit = find(text, R.SCHOOL);
  if (hit) return hit;
  const name = R.SCHOOL_NAME_RAW.exec(raw);
  if (name && !R.SCHOOL_LOCATION.test(text)) return { snippet: name[0].toLowerCase(), index: name.index };
  return null;
}

const AREA_CUE_LISTS = R.AREA_CUES.map(([area, c]) => [area, [c]] as const);

function detectAreas(text: string): Array<{ area: ServiceArea; hit: Hit }> {
  const out: Array<{ area: ServiceArea; hit: Hit }> = [];
  for (const [area, c] of AREA_CUE_LISTS) {
    const hit = find(text, c);
    if (hit) out.push({ area, hit });
  }
  return out;
}

/** What the kind was decided on; a route can override the weaker bases. */
export type KindBasis = 'complaint' | 'praise' | 'suggestion' | 'praise-weak' | 'suggestion-weak' | 'request' | 'problem' | 'none';

export interface KindResult {
  kind: FeedbackKind;
  basis: KindBasis;
  /** They asked to complain in so many words: their own choice, which the model does not overrule. */
  asked?: boolean;
  dissatisfied: boolean;
  confidence: number;
  reason: string;
}

function detectKind(text: string, raw: string): KindResult {
  const has = (cues: Cue[]) => find(text, cues);
  const word = has(R.COMPLAINT_WORD);
  const handling = has(R.HANDLING) ?? has(R.STAFF_CONDUCT) ?? has(R.STAFF_FAULT);
  const strongNeg = has(R.NEGATIVE_STRONG) ?? findNegated(text, R.PRAISE_STRONG) ?? findNegated(text, R.PRAISE_WEAK);
  const repeat = has(R.REPEAT);
  const mild = has(R.NEGATIVE_MILD);
  const praise = has(R.PRAISE_STRONG);
  const letters = raw.replace(/[^A-Za-z]/g, '');
  const shouting = letters.length >= 20 && letters.replace(/[^A-Z]/g, '').length / letters.length > 0.7;

  const complaintSignals = [word, handling, strongNeg, repeat].filter((h): h is Hit => h !== null);
  const dissatisfied = complaintSignals.length > 0 || mild !== null || shouting;
  const result = (kind: FeedbackKind, basis: KindBasis, h: Hit | null, confidence: number): KindResult => ({
    kind,
    basis,
    dissatisfied,
    confidence,
    reason: h ? `kind ${kind}: matched ${quote(h)}` : `kind ${kind}: nothing more specific matched`,
  });

  if (complaintSignals.length > 0) {
    // dissatisfaction wins over praise in the same message (mixed feedback is a complaint)
    const r = result('complaint', 'complaint', complaintSignals[0], Math.min(0.95, 0.6 + 0.12 * complaintSignals.length));
    const asked = has(R.COMPLAINT_ASKED);
    if (asked) {
      r.asked = true;
      r.reason = `kind complaint: asked for in so many words ${quote(asked)}`;
    }
    if (praise) r.reason += `; praise (${quote(praise)}) also present`;
    return r;
  }
  if (praise) return result('compliment', 'praise', praise, 0.85);
  const suggestion = has(R.SUGGESTION_STRONG);
  if (suggestion) return result('comment', 'suggestion', suggestion, 0.8);
  const request = has(R.REQUEST);
  const problem = request ? null : has(R.PROBLEM);
  const praiseWeak = has(R.PRAISE_WEAK);
  if (praiseWeak && !request && !problem) return result('compliment', 'praise-weak', praiseWeak, 0.65);
  const suggestionWeak = has(R.SUGGESTION_WEAK);
  if (suggestionWeak && !request && !problem) return result('comment', 'suggestion-weak', suggestionWeak, 0.6);
  if (request) return result('service_request', 'request', request, 0.75);
  if (problem) return result('service_request', 'problem', problem, 0.7);
  return result('service_request', 'none', null, 0.4);
}

/**
 * Routes that are themselves a grievance (a disputed decision, a claim, a member's conduct, court,
 * a job, a contract, a closed complaint; or a complaint about a school, social care or information
 * handling): without an explicit request or praise, the message is a complaint.
 */
export const GRIEVANCE_ROUTES: readonly RouteId[] = [
  'statutory_appeal', 'insurance_claim', 'councillor_conduct', 'legal_proceedings', 'employment',
  'supplier_contract', 'already_considered', 'school', 'information_rights',
];
export const OVERRIDABLE: readonly KindBasis[] = ['problem', 'none', 'praise-weak', 'suggestion-weak'];

export const REPRESENTATIVE_MEMBER =
  /\b(?:i am|i'm|im|as (?:a|the|their|his|her|your)?\s*(?:local |ward )?)\s*(?:(?:the |a |your )?(?:local |ward )?(?:councillor|cllr|mp|member of parliament))\b|\b(?:my|a) constituents?\b|\bon behalf of (?:my|a) (?:constituent|resident|ward)/;
export const OTHER_MEMBER = /\b(?:another|other|fellow|a different) (?:councillor|cllr|member)\b/;

/** What the rules found, before the learned model has its say. */
export interface RuleAnalysis {
  text: string;
  /** Routes matched by cues (each can be weighed by the model, safety routes excepted). */
  matched: RouteFinding[];
  /** Routes a cue matched but the rules set aside as a complaint about the council's handling. */
  suppressed: RouteId[];
  /** Safety routes whose cue matched only negated or in the past. */
  setAside: RouteId[];
  /** The resident says it is not urgent or dangerous. */
  playedDown: boolean;
  /** Damp or mould is the matter (R.DAMP_MOULD): a repair, which the model alone does not make a danger. */
  disrepair: Hit | null;
  /** Routes that follow from the council's context or from dates: never weighed by the model. */
  fixed: Array<{ route: RouteId; reason: string }>;
  areas: Array<{ area: ServiceArea; hit: Hit }>;
  safeguarding: boolean;
  kind: KindResult;
  /** Rule reasons that hold whatever the model says (areas, safeguarding, suppressed routes, dates). */
  reasons: string[];
  /** Social care was named (not only reached through a safeguarding concern): a grievance, not a report. */
  socialCareCue: boolean;
}

const PLAYED_DOWN = /\b(?:(?:not|isn't|is not|nothing|wasn't|was not) (?:urgent|an emergency|dangerous|serious|an urgent)|no (?:rush|hurry|urgency|danger)|non urgent)\b/;

export function analyseRules(input: ClassifyInput): RuleAnalysis {
  const raw = input.text;
  const text = normalise(raw);
  const reasons: string[] = [];
  const receivedAt = input.receivedAt ?? new Date();

  const { routes, suppressedRoutes, setAside, safeguarding } = detectRoutes(text, raw, reasons);
  const areas = detectAreas(text);
  for (const { area, hit } of areas) reasons.push(`matched ${quote(hit)} -> ${area}`);
  const fixed: RuleAnalysis['fixed'] = [];

  // a two-tier council signposts what the other tier (or another body) runs
  const notOurs = areas.find(({ area }) => !input.context.ownsService(area));
  if (notOurs && !routes.some((r) => r.route === 'other_organisation')) {
    fixed.push({ route: 'other_organisation', reason: `route other_organisation: ${notOurs.area} is not run by this council` });
  }

  const age = eventAge(text, receivedAt);
  if (age.months !== null && age.months > input.context.timeLimitMonths) {
    if (age.ongoing) {
      reasons.push(`out_of_time not used: '${age.evidence}' but the problem is continuing`);
    } else {
      fixed.push({ route: 'out_of_time', reason: `route out_of_time: '${age.evidence}' is about ${Math.round(age.months)} months before receipt (limit ${input.context.timeLimitMonths})` });
    }
  }
  return { text, matched: routes, suppressed: suppressedRoutes, setAside, playedDown: PLAYED_DOWN.test(text), disrepair: find(text, R.DAMP_MOULD), fixed, areas, safeguarding, kind: detectKind(text, raw), reasons, socialCareCue: find(text, R.SOCIAL_CARE) !== null };
}

/**
 * What the rules found, as features for the learned model (stacking): the model learns from the
 * training data how far to trust each rule, and in which company.
 */
export function ruleFeatures(a: RuleAnalysis): string[] {
  const f = new Set<string>([`r:kind=${a.kind.kind}`, `r:basis=${a.kind.basis}`]);
  for (const m of a.matched) f.add(`r:route=${m.route}`);
  for (const r of a.suppressed) f.add(`r:suppressed=${r}`);
  for (const x of a.fixed) f.add(`r:fixed=${x.route}`);
  for (const x of a.areas) f.add(`r:area=${x.area}`);
  if (a.kind.dissatisfied) f.add('r:dissatisfied');
  if (a.safeguarding) f.add('r:safeguarding');
  return [...f];
}
