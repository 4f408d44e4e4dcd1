/**
 * The learned model as it ships: a JSON file of quantised, pruned linear weights (model.json, built
 * by `npm run train`), loaded once and used synchronously. Kind: one softmax over the four kinds.
 * Routes: one softmax over "no route" and every route except out_of_time, which is decided from
 * dates (time.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FEEDBACK_KINDS, ROUTE_IDS, type FeedbackKind, type RouteId } from '../../../models/vocabulary';
import { featuresOf } from './features';
import { softmaxInPlace } from './logistic';

export const MODEL_PATH = path.join(__dirname, 'model.json');
export const MODEL_ROUTES: readonly RouteId[] = ROUTE_IDS.filter((r) => r !== 'out_of_time');

/** The weights part of the model file: what training produces. */
export interface ModelWeights {
  kinds: FeedbackKind[];
  routes: RouteId[];
  /** Columns: kinds first, then "no route", then routes. */
  bias: number[];
  /** weight = stored signed byte * scale[column] */
  scale: number[];
  features: string[];
  /** per feature: its weights for every column as signed bytes, base64 */
  weights: string[];
}

/** How the rules and the model are combined; tuned by cross-validation (crossval.ts). */
export interface Thresholds {
  /**
   * A route the rules matched is dropped when the model gives "no route at all" at least this
   * (a route softmax spreads over routes, so a low score for one route alone proves nothing when
   * the model sees another: the message may have two).
   */
  dropRuleIfNone: number;
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
  /** The model's probability that no route applies. */
  none: number;
}

export class LinearModel {
  private readonly table = new Map<string, Int8Array>();
  private readonly width: number;

  constructor(readonly file: ModelWeights) {
    if (file.kinds.join() !== FEEDBACK_KINDS.join()) throw new Error('model kinds do not match the vocabulary');
    for (const r of file.routes) if (!ROUTE_IDS.includes(r)) throw new Error(`model route ${r} is not in the vocabulary`);
    this.width = file.kinds.length + 1 + file.routes.length;
    if (file.bias.length !== this.width || file.scale.length !== this.width || file.weights.length !== file.features.length) throw new Error('model file is inconsistent');
    file.features.forEach((f, i) => {
      const bytes = Buffer.from(file.weights[i], 'base64');
      if (bytes.length !== this.width) throw new Error(`model row for ${f} has the wrong width`);
      this.table.set(f, new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    });
  }

  /** Probabilities for normalised text, plus what the rules found (ruleFeatures). */
  predict(normalised: string, extra: readonly string[] = []): Probabilities {
    const feats = [...featuresOf(normalised), ...extra];
    const value = 1 / Math.sqrt(feats.length);
    const z = new Float64Array(this.width);
    for (let c = 0; c < this.width; c++) z[c] = this.file.bias[c];
    const sum = new Int32Array(this.width);
    for (const f of feats) {
      const row = this.table.get(f);
      if (row) for (let c = 0; c < this.width; c++) sum[c] += row[c];
    }
    for (let c = 0; c < this.width; c++) z[c] += sum[c] * this.file.scale[c] * value;
    const nk = this.file.kinds.length;
    const kp = softmaxInPlace(z.slice(0, nk));
    const kind = {} as Record<FeedbackKind, number>;
    this.file.kinds.forEach((k, i) => (kind[k] = kp[i]));
    const rp = softmaxInPlace(z.slice(nk));
    const routes: Partial<Record<RouteId, number>> = {};
    this.file.routes.forEach((r, i) => (routes[r] = rp[1 + i]));
    return { kind, routes, none: rp[0] };
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
