/**
 * Rules and model together. Safety routes (emergency, police): the rules' hit always stands, the
 * model may add one it is sure of, and one it half-suspects becomes a question for the resident
 * (`dangerCheck`). Other routes: a rule hit stands unless the model is confident that no route
 * applies at all, and the model can add a route no rule matched. Kind: the model's probabilities, with a bonus for the
 * rules' kind that depends on how firm the rules were. Thresholds come from cross-validation.
 */
import { ROUTE_IDS, SAFETY_ROUTES, type FeedbackKind, type RouteId } from '../../../models/vocabulary';
import type { Hit } from '../match';
import { GRIEVANCE_ROUTES, OTHER_MEMBER, OVERRIDABLE, quote, REPRESENTATIVE_MEMBER, type RuleAnalysis } from '../ruleEngine';
import type { Classification } from '../types';
import type { Probabilities, Thresholds } from './model';

export interface Learned {
  probs: Probabilities;
  thresholds: Thresholds;
  /** DANGER_CHECK_FLOOR unless given (a sweep on the cross-validation folds tries others). */
  dangerFloor?: number;
}

const p2 = (p: number) => p.toFixed(2);

/**
 * A route no rule saw needs a confident model. Cross-validation on the training corpus tuned these
 * lower (it rewards recall on messages like its own), but on messages unlike it the model alone
 * raised false alarms: a street light out read as an emergency, ignored emails about a fence as an
 * information-rights matter. These floors keep the model's additions to the cases it is sure of.
 */
const MODEL_ONLY_FLOOR = { safety: 0.7, route: 0.95 } as const;

/**
 * Between this and the safety add threshold the model half-suspects a danger no rule saw: rather
 * than signpost 999 on a guess (the street light) or say nothing (a missed emergency), the bot asks
 * the resident (dialogs/dangerCheckDialog.ts). Chosen on the training data's cross-validation:
 * `npm run eval` prints how often it asks, and how often needlessly, on every set.
 */
export const DANGER_CHECK_FLOOR = 0.35;

function addThreshold(learned: Learned, safety: boolean): number {
  return safety ? Math.max(learned.thresholds.addSafety, MODEL_ONLY_FLOOR.safety) : Math.max(learned.thresholds.addRoute, MODEL_ONLY_FLOOR.route);
}

interface RouteDecision {
  chosen: Map<RouteId, string>;
  /** Safety routes to ask the resident about (Classification.dangerCheck). */
  dangerCheck: RouteId[];
}

function decideRoutes(a: RuleAnalysis, learned: Learned | null, reasons: string[]): RouteDecision {
  const chosen = new Map<RouteId, string>();
  const suspected: Array<{ route: RouteId; p: number }> = [];
  const hits = new Map<RouteId, Hit>();
  for (const m of a.matched) if (!hits.has(m.route)) hits.set(m.route, m.hit);
  for (const route of ROUTE_IDS) {
    const hit = hits.get(route);
    const p = learned?.probs.routes[route];
    const safety = SAFETY_ROUTES.includes(route);
    if (hit) {
      const matched = `route ${route}: matched ${quote(hit)}`;
      if (p === undefined || !learned) chosen.set(route, matched);
      else if (learned.probs.none < learned.thresholds.dropRuleIfNone) chosen.set(route, `${matched}; model p=${p2(p)}, no route ${p2(learned.probs.none)}`);
      else if (safety) chosen.set(route, `${matched}; safety route, rules decide (model: no route ${p2(learned.probs.none)})`);
      else reasons.push(`route ${route} not used: matched ${quote(hit)} but the model says no route (p=${p2(learned.probs.none)})`);
    } else if (p !== undefined && learned) {
      const add = addThreshold(learned, safety);
      // a safety route the model half-suspects is asked about rather than added
      if (p < (safety ? Math.min(learned.dangerFloor ?? DANGER_CHECK_FLOOR, add) : add)) continue;
      const confident = p >= add;
      // the model alone does not overrule the rules' reading of "no smell of gas any more", nor the
      // resident's own "not urgent" when no rule sees danger, nor damp and mould (a repair), nor asks about it
      if (a.suppressed.includes(route)) {
        // the rules saw the route's words and read them as something else ("how do I pay the penalty
        // notice" is a question, not a dispute): the model may not put it back on those same words
        reasons.push(`route ${route} not added: model p=${p2(p)}, but the rules read its words as a question or a complaint about handling`);
      } else if (safety && (a.setAside.includes(route) || a.playedDown)) {
        reasons.push(`route ${route} not ${confident ? 'added' : 'asked about'}: model p=${p2(p)}, but the rules read the danger as ${a.setAside.includes(route) ? 'negated or over' : 'played down by the resident'}`);
      } else if (safety && a.disrepair) {
        reasons.push(`route ${route} not ${confident ? 'added' : 'asked about'}: model p=${p2(p)}, but no danger cue matched and ${quote(a.disrepair)} is a repair (for a landlord a housing hazard), not a 999 or police matter`);
      } else if (confident) chosen.set(route, `route ${route}: decided by the model (p=${p2(p)}), no rule matched`);
      else suspected.push({ route, p });
    }
  }
  for (const f of a.fixed) if (!chosen.has(f.route)) chosen.set(f.route, f.reason);
  // a councillor or MP writing for a constituent is a representative, not the subject of a
  // conduct complaint, unless they name another member's behaviour
  if (chosen.has('councillor_conduct') && REPRESENTATIVE_MEMBER.test(a.text) && !OTHER_MEMBER.test(a.text)) {
    chosen.delete('councillor_conduct');
    reasons.push('councillor_conduct not used: the writer is a councillor or MP acting for someone');
  }
  return { chosen, dangerCheck: learned ? dangerQuestion(suspected, addThreshold(learned, true), reasons) : [] };
}

/**
 * The half-suspected safety routes, asked about even beside another safety route the rules found:
 * "yes" then adds its signpost (a fire beside the crime), "no" leaves the rules' one alone.
 */
function dangerQuestion(suspected: Array<{ route: RouteId; p: number }>, needed: number, reasons: string[]): RouteId[] {
  if (suspected.length === 0) return [];
  const list = suspected.map((s) => `${s.route} p=${p2(s.p)}`).join(', ');
  reasons.push(`danger question: the model half-suspects ${list}, below the ${p2(needed)} needed to add it and no rule matched; the resident is asked`);
  return suspected.map((s) => s.route);
}

interface KindDecision {
  kind: FeedbackKind;
  confidence: number;
  reason: string;
}

function decideKind(a: RuleAnalysis, learned: Learned | null): KindDecision {
  const rules = a.kind;
  if (!learned) return { kind: rules.kind, confidence: rules.confidence, reason: rules.reason };
  // "I want to make a complaint" is the resident's own choice (the triage still confirms it with them)
  if (rules.asked) return { kind: rules.kind, confidence: rules.confidence, reason: `${rules.reason}; the model is not asked` };
  const bonus = learned.thresholds.ruleKindBonus[rules.basis] ?? 0;
  const kinds = Object.keys(learned.probs.kind) as FeedbackKind[];
  const scores = kinds.map((k) => Math.log(Math.max(learned.probs.kind[k], 1e-9)) + (k === rules.kind ? bonus : 0));
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((x, y) => x + y, 0);
  let best = 0;
  for (let i = 1; i < kinds.length; i++) if (scores[i] > scores[best]) best = i;
  const kind = kinds[best];
  const confidence = exp[best] / sum;
  const modelTop = kinds.reduce((x, y) => (learned.probs.kind[y] > learned.probs.kind[x] ? y : x));
  if (kind !== rules.kind) {
    return { kind, confidence, reason: `kind ${kind}: decided by the model (p=${p2(learned.probs.kind[kind])}) over the rules' ${rules.kind}` };
  }
  const note = modelTop === kind ? `model agrees (p=${p2(learned.probs.kind[kind])})` : `rules outweigh the model's ${modelTop} (p=${p2(learned.probs.kind[modelTop])})`;
  return { kind, confidence, reason: `${rules.reason}; ${note}` };
}

export function decide(a: RuleAnalysis, learned: Learned | null): Classification {
  const reasons = [...a.reasons];
  const { chosen: routes, dangerCheck } = decideRoutes(a, learned, reasons);
  reasons.push(...routes.values());
  const kind = decideKind(a, learned);
  // a grievance route (a disputed decision, a claim, …) with nothing asking for a service is a complaint
  const grievance = [...routes.keys()].find((r) => GRIEVANCE_ROUTES.includes(r) || (r === 'social_care' && a.socialCareCue));
  if (grievance && kind.kind === a.kind.kind && OVERRIDABLE.includes(a.kind.basis)) {
    kind.kind = 'complaint';
    kind.reason = `kind complaint: ${grievance} is a grievance and nothing asks for a service`;
  }
  reasons.push(kind.reason);
  // report routes in the vocabulary's order so output is stable
  const exclusions = ROUTE_IDS.filter((id) => routes.has(id));
  const confidence = exclusions.length > 0 ? Math.max(kind.confidence, 0.7) : kind.confidence;
  return {
    kind: kind.kind,
    exclusions,
    dissatisfied: a.kind.dissatisfied || kind.kind === 'complaint',
    serviceAreas: a.areas.map((x) => x.area),
    safeguarding: a.safeguarding,
    confidence: Number(Math.min(1, confidence).toFixed(2)),
    reasons,
    ...(dangerCheck.length ? { dangerCheck } : {}),
  };
}
