/**
 * Training: messages -> text features and what the rules found -> one softmax for the kind and one over "no route" and the routes ->
 * weights pruned and quantised for the model file. Deterministic for a given config (seeded).
 */
import { FEEDBACK_KINDS, type FeedbackKind, type RouteId } from '../../../models/vocabulary';
import { defaultContext } from '../context';
import { analyseRules, ruleFeatures, type RuleAnalysis } from '../ruleEngine';
import { parseDay, type LabelledMessage } from '../scoring';
import { featuresOf } from './features';
import { trainSoftmax, type SparseExample } from './logistic';
import { MODEL_ROUTES, type ModelWeights } from './model';

export interface TrainConfig {
  /** A feature is kept when at least this many training messages have it. */
  minDf: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Weights are stored as signed bytes (scaled per column); a feature whose weights all round below this many steps is dropped. */
  prune: number;
  /** Weight of a message with a route in the route model (routes are rare next to "no route"). */
  routeWeight: number;
}

export const DEFAULT_CONFIG: TrainConfig = {
  minDf: 2,
  epochs: 15,
  learningRate: 0.8,
  l2: 1e-5,
  seed: 20261202,
  prune: 2,
  routeWeight: 5,
};

/** A message with its features extracted once (cross-validation reuses them for every fold). */
export interface Prepared {
  /** Text features and rule features, as LinearModel.predict sees them. */
  feats: string[];
  analysis: RuleAnalysis;
  kind: FeedbackKind;
  exclusions: RouteId[];
}

/** Relative dates in training messages without a receivedAt are read from this day, so training never depends on today. */
export const TRAINING_DAY = '2026-12-01';

export function analyseTraining(m: LabelledMessage): RuleAnalysis {
  return analyseRules({ text: m.text, receivedAt: parseDay(m.receivedAt ?? TRAINING_DAY), context: defaultContext });
}

export function prepare(messages: LabelledMessage[]): Prepared[] {
  return messages.map((m) => {
    const analysis = analyseTraining(m);
    return { feats: [...featuresOf(analysis.text), ...ruleFeatures(analysis)], kind: m.kind, exclusions: m.exclusions, analysis };
  });
}

export function train(data: Prepared[], config: TrainConfig = DEFAULT_CONFIG): ModelWeights {
  // vocabulary in first-seen order, so it does not depend on hash or sort order
  const df = new Map<string, number>();
  for (const d of data) for (const f of d.feats) df.set(f, (df.get(f) ?? 0) + 1);
  const vocab = [...df].filter(([, n]) => n >= config.minDf).map(([f]) => f);
  const index = new Map(vocab.map((f, i) => [f, i]));
  const xs: SparseExample[] = data.map((d) => ({
    idx: Int32Array.from(d.feats.map((f) => index.get(f)).filter((i): i is number => i !== undefined)),
    // normalised by all of the message's features, so pruning the vocabulary never changes it
    value: 1 / Math.sqrt(d.feats.length),
  }));
  const opts = { epochs: config.epochs, learningRate: config.learningRate, l2: config.l2, seed: config.seed };
  const kinds = [...FEEDBACK_KINDS];
  const kindModel = trainSoftmax(xs, data.map((d) => kinds.indexOf(d.kind)), kinds.length, vocab.length, opts);
  // routes: one softmax over "none" and the routes (a message rarely has two; when it does it is
  // shown once per route), which calibrates rare routes against each other better than one-vs-rest
  const routes = [...MODEL_ROUTES];
  const rx: SparseExample[] = [];
  const ry: number[] = [];
  const rw: number[] = [];
  data.forEach((d, i) => {
    const labels = d.exclusions.filter((e) => routes.includes(e));
    for (const l of labels.length > 0 ? labels : [null]) {
      rx.push(xs[i]);
      ry.push(l === null ? 0 : 1 + routes.indexOf(l));
      rw.push(l === null ? 1 : config.routeWeight);
    }
  });
  const routeModel = trainSoftmax(rx, ry, routes.length + 1, vocab.length, { ...opts, seed: config.seed + 1 }, rw);

  // quantise each column to signed bytes: weight = byte * scale[column]
  const width = kinds.length + routes.length + 1;
  const column = (j: number, c: number) =>
    c < kinds.length ? kindModel.weights[j * kinds.length + c] : routeModel.weights[j * (routes.length + 1) + (c - kinds.length)];
  // the step is set by the 99.9th percentile, so one outlier does not coarsen the whole column
  const scale = new Array<number>(width);
  for (let c = 0; c < width; c++) {
    const abs = Float64Array.from(vocab, (_, j) => Math.abs(column(j, c))).sort();
    scale[c] = Number((abs[Math.floor(0.999 * (abs.length - 1))] / 127 || 1).toPrecision(6));
  }
  const features: string[] = [];
  const weights: string[] = [];
  const row = new Int8Array(width);
  for (let j = 0; j < vocab.length; j++) {
    let biggest = 0;
    for (let c = 0; c < width; c++) {
      row[c] = Math.max(-127, Math.min(127, Math.round(column(j, c) / scale[c])));
      biggest = Math.max(biggest, Math.abs(row[c]));
    }
    if (biggest < config.prune) continue;
    features.push(vocab[j]);
    weights.push(Buffer.from(row.buffer, row.byteOffset, row.length).toString('base64'));
  }
  const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    kinds,
    routes,
    bias: [...kindModel.bias, ...routeModel.bias].map(round4),
    scale,
    features,
    weights,
  };
}
