/**
 * Logistic regression over sparse binary features, trained by AdaGrad SGD with L2 regularisation.
 * Everything that could vary between runs is fixed: the example order comes from a seeded PRNG and
 * arithmetic is plain float64, so the same data and options give the same weights on every machine.
 */

/** One message: the indices of its features; every present feature has the same value (L2-normalised). */
export interface SparseExample {
  idx: Int32Array;
  value: number;
}

export interface SgdOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

/** mulberry32: a small, well-known 32-bit PRNG; enough for shuffling deterministically. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: number, rand: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

const EPS = 1e-8;

/** Multinomial model: `weights[f * classes + k]`, `bias[k]`. */
export interface SoftmaxWeights {
  classes: number;
  weights: Float64Array;
  bias: Float64Array;
}

export function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp(scores[k] - max);
    sum += scores[k];
  }
  for (let k = 0; k < scores.length; k++) scores[k] /= sum;
  return scores;
}

export function trainSoftmax(xs: SparseExample[], ys: number[], classes: number, featureCount: number, opts: SgdOptions, sampleWeight?: number[]): SoftmaxWeights {
  const weights = new Float64Array(featureCount * classes);
  const gradSq = new Float64Array(featureCount * classes);
  const bias = new Float64Array(classes);
  const biasSq = new Float64Array(classes);
  const rand = prng(opts.seed);
  const p = new Float64Array(classes);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (const i of shuffled(xs.length, rand)) {
      const { idx, value } = xs[i];
      for (let k = 0; k < classes; k++) p[k] = bias[k];
      for (const f of idx) for (let k = 0; k < classes; k++) p[k] += weights[f * classes + k] * value;
      softmaxInPlace(p);
      const sw = sampleWeight ? sampleWeight[i] : 1;
      for (let k = 0; k < classes; k++) {
        const g = sw * (p[k] - (ys[i] === k ? 1 : 0));
        // a class already far from this example learns nothing from it: skip (most of the work)
        if (Math.abs(g) < 1e-4) continue;
        biasSq[k] += g * g;
        bias[k] -= (opts.learningRate * g) / (Math.sqrt(biasSq[k]) + EPS);
        for (const f of idx) {
          const j = f * classes + k;
          const gj = g * value + opts.l2 * weights[j];
          gradSq[j] += gj * gj;
          weights[j] -= (opts.learningRate * gj) / (Math.sqrt(gradSq[j]) + EPS);
        }
      }
    }
  }
  return { classes, weights, bias };
}
