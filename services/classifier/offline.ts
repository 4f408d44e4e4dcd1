/**
 * The offline engine: rules (ruleEngine.ts) combined with the learned linear model
 * (learned/model.json), no network, well under a millisecond per message. It is the default
 * engine, the fallback for the OpenAI engine, and the source of the safety routes in every case.
 */
import { decide, type Learned } from './learned/combine';
import { shippedModel, type LinearModel, type Thresholds } from './learned/model';
import { analyseRules, ruleFeatures } from './ruleEngine';
import type { Classification, Classifier, ClassifyInput } from './types';

/** Rules plus a given model (cross-validation passes each fold's); null = rules only. */
export function classifyWith(input: ClassifyInput, model: { model: LinearModel; thresholds: Thresholds } | null): Classification {
  const analysis = analyseRules(input);
  const learned: Learned | null = model ? { probs: model.model.predict(analysis.text, ruleFeatures(analysis)), thresholds: model.thresholds } : null;
  return decide(analysis, learned);
}

/** The whole offline analysis, kept synchronous for the benchmark and for merging into the OpenAI engine. */
export function classifyOffline(input: ClassifyInput): Classification {
  return classifyWith(input, shippedModel());
}

export class OfflineClassifier implements Classifier {
  async classify(input: ClassifyInput): Promise<Classification> {
    return classifyOffline(input);
  }
}
