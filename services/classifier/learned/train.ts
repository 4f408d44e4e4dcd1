/**
 * Training: messages -> features -> one softmax for the kind and one logistic model per route ->
 * weights pruned and quantised for the model file. Deterministic for a given config (seeded).
 */
import { FEEDBACK_KINDS, type FeedbackKind, type RouteId } from '../../policy/vocabulary';
import { normalise } from '../normalise';
import type { LabelledMessage } from '../scoring';
import { featuresOf } from './features';
import { trainBinary, trainSoftmax, type SparseExample } from './logistic';
import { MODEL_ROUTES, type ModelWeights } from './model';

export interface TrainConfig {
  /** A feature is kept when at least this many training messages have it. */
  minDf: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Weight of a route's positive examples in its logistic model. */
  positiveWeight: number;
  /** Weights are stored as round(w * scale); |w| below prune is dropped. */
  scale: number;
  prune: number;
}

export const DEFAULT_CONFIG: TrainConfig = {
  minDf: 2,
  epochs: 15,
  learningRate: 0.5,
  l2: 1e-5,
  seed: 20261202,
  positiveWeight: 3,
  scale: 100,
  prune: 0.05,
};

/** A message with its features extracted once (cross-validation reuses them for every fold). */
export interface Prepared {
  feats: string[];
  kind: FeedbackKind;
  exclusions: RouteId[];
}

export function prepare(messages: LabelledMessage[]): Prepared[] {
  return messages.map((m) => ({ feats: featuresOf(normalise(m.text)), kind: m.kind, exclusions: m.exclusions }));
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
  const routes = [...MODEL_ROUTES];
  const routeModels = routes.map((r, i) =>
    trainBinary(xs, data.map((d) => d.exclusions.includes(r)), vocab.length, { ...opts, seed: config.seed + 1 + i, positiveWeight: config.positiveWeight }),
  );

  const q = (w: number) => Math.round(w * config.scale);
  const features: string[] = [];
  const weights: number[][] = [];
  vocab.forEach((f, j) => {
    const row: number[] = [];
    for (let k = 0; k < kinds.length; k++) {
      const w = kindModel.weights[j * kinds.length + k];
      if (Math.abs(w) >= config.prune) row.push(k, q(w));
    }
    routeModels.forEach((m, i) => {
      if (Math.abs(m.weights[j]) >= config.prune) row.push(kinds.length + i, q(m.weights[j]));
    });
    if (row.length > 0) {
      features.push(f);
      weights.push(row);
    }
  });
  const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    kinds,
    routes,
    scale: config.scale,
    bias: [...kindModel.bias, ...routeModels.map((m) => m.bias)].map(round4),
    features,
    weights,
  };
}
