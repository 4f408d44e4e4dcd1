/**
 * The classifier's public face. `createClassifier` picks the engine: OpenAI-backed when an API key
 * is given, offline otherwise. The OpenAI module is loaded only when needed (it is the heavy one).
 */
import { OfflineClassifier } from './offline';
import type { OpenAIClassifierConfig } from './openaiClassifier';
import type { Classifier } from './types';

export { Classification, type Classifier, type ClassifierContext, type ClassifyInput } from './types';
export { contextFromPack, defaultContext, loadContext } from './context';
export { OfflineClassifier, classifyOffline } from './offline';
export type { OpenAIClassifierConfig } from './openaiClassifier';

export interface CreateClassifierOptions {
  apiKey?: string;
  baseURL?: string;
  model?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

export const OPENAI_DEFAULTS = { model: 'gpt-4o-mini', timeoutMs: 10_000, maxRetries: 2 } as const;

export function createClassifier(opts: CreateClassifierOptions = {}): Classifier {
  if (!opts.apiKey) return new OfflineClassifier();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { OpenAIClassifier } = require('./openaiClassifier') as typeof import('./openaiClassifier');
  const config: OpenAIClassifierConfig = {
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    model: opts.model ?? OPENAI_DEFAULTS.model,
    timeoutMs: opts.timeoutMs ?? OPENAI_DEFAULTS.timeoutMs,
    maxRetries: opts.maxRetries ?? OPENAI_DEFAULTS.maxRetries,
  };
  return new OpenAIClassifier(config);
}
