/**
 * The learned model as it ships: a JSON file of quantised, pruned linear weights (model.json, built
 * by `npm run train`), loaded once and used synchronously. Kind: one softmax over the four kinds.
 * Routes: one logistic model per route, except out_of_time, which is decided from dates (time.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FEEDBACK_KINDS, ROUTE_IDS, type FeedbackKind, type RouteId } from '../../policy/vocabulary';
import { featuresOf } from './features';
import { sigmoid, softmaxInPlace } from './logistic';

export const MODEL_PATH = path.join(__dirname, 'model.json');
export const MODEL_ROUTES: readonly RouteId[] = ROUTE_IDS.filter((r) => r !== 'out_of_time');

/** The weights part of the model file: what training produces. */
export interface ModelWeights {
  kinds: FeedbackKind[];
  routes: RouteId[];
  /** weight = stored integer / scale */
  scale: number;
  /** kinds first, then routes */
  bias: number[];
  features: string[];
  /** per feature: [column, weight, column, weight, …], columns as in bias */
  weights: number[][];
}

/** How the rules and the model are combined; tuned by cross-validation (crossval.ts). */
export interface Thresholds {
  /** A route the rules matched stands only when the model gives it at least this. */
  keepRule: number;
  /** A route the rules did not match is added when the model gives it at least this. */
  addRoute: number;
  /** The same for emergency and police (the rules' own hit always stands). */
  addSafety: number;
  /** Log-odds bonus for the rules' kind, by what the rules decided it on (offline.ts KindBasis). */
  ruleKindBonus: Record<string, number>;
}

export interface ModelFile extends ModelWeights {
  format: 1;
  trainedFrom: { sha256: string; messages: number; files: Array<{ path: string; sha256: string; used: number }> };
  config: Record<string, number>;
  thresholds: Thresholds;
  crossValidation: Record<string, unknown>;
}

export interface Probabilities {
  kind: Record<FeedbackKind, number>;
  routes: Partial<Record<RouteId, number>>;
}

export class LinearModel {
  private readonly table = new Map<string, number[]>();
  private readonly width: number;

  constructor(readonly file: ModelWeights) {
    if (file.kinds.join() !== FEEDBACK_KINDS.join()) throw new Error('model kinds do not match the vocabulary');
    for (const r of file.routes) if (!ROUTE_IDS.includes(r)) throw new Error(`model route ${r} is not in the vocabulary`);
    this.width = file.kinds.length + file.routes.length;
    if (file.bias.length !== this.width || file.weights.length !== file.features.length) throw new Error('model file is inconsistent');
    file.features.forEach((f, i) => this.table.set(f, file.weights[i]));
  }

  /** Probabilities for normalised text. */
  predict(normalised: string): Probabilities {
    const feats = featuresOf(normalised);
    const value = 1 / Math.sqrt(feats.length);
    const z = new Float64Array(this.width);
    for (let c = 0; c < this.width; c++) z[c] = this.file.bias[c];
    for (const f of feats) {
      const row = this.table.get(f);
      if (!row) continue;
      for (let i = 0; i < row.length; i += 2) z[row[i]] += (row[i + 1] / this.file.scale) * value;
    }
    const nk = this.file.kinds.length;
    const kp = softmaxInPlace(z.slice(0, nk));
    const kind = {} as Record<FeedbackKind, number>;
    this.file.kinds.forEach((k, i) => (kind[k] = kp[i]));
    const routes: Partial<Record<RouteId, number>> = {};
    this.file.routes.forEach((r, i) => (routes[r] = sigmoid(z[nk + i])));
    return { kind, routes };
  }
}

export interface LoadedModel {
  model: LinearModel;
  thresholds: Thresholds;
  file: ModelFile;
  loadMs: number;
}

let cached: LoadedModel | null | undefined;

/** The committed model, loaded on first use; null (rules only) when the file is absent. */
export function shippedModel(): LoadedModel | null {
  if (cached !== undefined) return cached;
  if (!fs.existsSync(MODEL_PATH)) return (cached = null);
  const t0 = process.hrtime.bigint();
  const file = JSON.parse(fs.readFileSync(MODEL_PATH, 'utf8')) as ModelFile;
  const model = new LinearModel(file);
  cached = { model, thresholds: file.thresholds, file, loadMs: Number(process.hrtime.bigint() - t0) / 1e6 };
  return cached;
}
