/**
 * k-fold cross-validation on the training data: each message is scored by a model that never saw
 * it, combined with the rules exactly as in production. The out-of-fold results tune the
 * combination thresholds (so they are never tuned on any held-out or unseen set) and give the
 * cross-validated figures `npm run train` and `npm run eval` print.
 */
import { SAFETY_ROUTES } from '../../../models/vocabulary';
import { ruleFeatures, type KindBasis, type RuleAnalysis } from '../ruleEngine';
import { isCorrect, type LabelledMessage } from '../scoring';
import type { Classification } from '../types';
import { decide } from './combine';
import { prng } from './logistic';
import { LinearModel, type Probabilities, type Thresholds } from './model';
import { prepare, train, type TrainConfig } from './train';

export interface OutOfFold {
  message: LabelledMessage;
  fold: number;
  analysis: RuleAnalysis;
  probs: Probabilities;
}

/** Fold of each message: a seeded shuffle dealt round-robin. */
export function foldsOf(n: number, k: number, seed: number): number[] {
  const rand = prng(seed);
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const fold = new Array<number>(n);
  order.forEach((m, pos) => (fold[m] = pos % k));
  return fold;
}

export function crossValidate(messages: LabelledMessage[], config: TrainConfig, k: number): OutOfFold[] {
  const prepared = prepare(messages);
  const fold = foldsOf(messages.length, k, config.seed);
  const out: OutOfFold[] = new Array(messages.length);
  for (let f = 0; f < k; f++) {
    const model = new LinearModel(train(prepared.filter((_, i) => fold[i] !== f), config));
    messages.forEach((message, i) => {
      if (fold[i] !== f) return;
      const { analysis } = prepared[i];
      out[i] = { message, fold: f, analysis, probs: model.predict(analysis.text, ruleFeatures(analysis)) };
    });
  }
  return out;
}

export interface Scored {
  message: LabelledMessage;
  got: Classification;
  ok: boolean;
}

export function score(oof: OutOfFold[], thresholds: Thresholds | null, dangerFloor?: number): Scored[] {
  return oof.map(({ message, analysis, probs }) => {
    const got = decide(analysis, thresholds ? { probs, thresholds, dangerFloor } : null);
    return { message, got, ok: isCorrect(message, got) };
  });
}

/**
 * What tuning maximises: messages right, less a point for each route given that was not
 * expected (scoring forgives extras, residents would not), and a missed safety route costing three.
 */
function objective(results: Scored[]): number {
  let value = 0;
  for (const r of results) {
    if (r.ok) value++;
    for (const g of r.got.exclusions) if (!r.message.exclusions.includes(g)) value -= 1;
    for (const s of SAFETY_ROUTES) if (r.message.exclusions.includes(s) && !r.got.exclusions.includes(s)) value -= 2;
  }
  return value;
}

const BASES: KindBasis[] = ['complaint', 'praise', 'suggestion', 'praise-weak', 'suggestion-weak', 'request', 'problem', 'none'];
/** 1.01 = never (the model may not drop or add that kind of route at all). */
const PROB_GRID = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98, 1.01];
const BONUS_GRID = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6];

/**
 * Coordinate ascent over the thresholds on the out-of-fold results. On a tie the value nearest the
 * middle of the best run of grid points is kept, so a threshold sits away from the cliff edge.
 */
export function tuneThresholds(oof: OutOfFold[], rounds = 2): Thresholds {
  const t: Thresholds = { dropRuleIfNone: 0.9, addRoute: 0.6, addSafety: 0.6, ruleKindBonus: Object.fromEntries(BASES.map((b) => [b, 1])) };
  const tuneOne = (grid: number[], set: (v: number) => void) => {
    const values = grid.map((v) => {
      set(v);
      return objective(score(oof, t));
    });
    const best = Math.max(...values);
    const at = values.map((v, i) => (v === best ? i : -1)).filter((i) => i >= 0);
    // the longest run of best values; its middle
    let runStart = at[0];
    let bestRun: [number, number] = [at[0], at[0]];
    for (let j = 1; j <= at.length; j++) {
      if (j === at.length || at[j] !== at[j - 1] + 1) {
        if (at[j - 1] - runStart > bestRun[1] - bestRun[0]) bestRun = [runStart, at[j - 1]];
        if (j < at.length) runStart = at[j];
      }
    }
    set(grid[Math.floor((bestRun[0] + bestRun[1]) / 2)]);
  };
  for (let r = 0; r < rounds; r++) {
    tuneOne(PROB_GRID, (v) => (t.dropRuleIfNone = v));
    tuneOne(PROB_GRID, (v) => (t.addRoute = v));
    tuneOne(PROB_GRID, (v) => (t.addSafety = v));
    for (const b of BASES) tuneOne(BONUS_GRID, (v) => (t.ruleKindBonus[b] = v));
  }
  return t;
}
