/**
 * The labelled set and how a classifier is scored against it. A message with expected exclusions is
 * right when every expected exclusion is returned; one without is right when the kind matches and
 * no exclusion is returned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FEEDBACK_KINDS, FeedbackKind, ROUTE_IDS, RouteId } from '../../models/vocabulary';
import { defaultContext } from './context';
import type { Classification, Classifier, ClassifierContext } from './types';

export const LabelledMessage = z.strictObject({
  id: z.string().min(1),
  text: z.string().min(1),
  receivedAt: z.iso.date().optional(),
  kind: FeedbackKind,
  exclusions: z.array(RouteId),
  split: z.enum(['train', 'holdout']),
});
export type LabelledMessage = z.infer<typeof LabelledMessage>;

export const LABELLED_PATH = path.join(__dirname, '..', '..', 'test', 'fixtures', 'labelled.jsonl');

export function loadLabelled(file = LABELLED_PATH): LabelledMessage[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    const parsed = LabelledMessage.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return parsed.data;
  });
}

export function isCorrect(expected: Pick<LabelledMessage, 'kind' | 'exclusions'>, got: Pick<Classification, 'kind' | 'exclusions'>): boolean {
  if (expected.exclusions.length > 0) return expected.exclusions.every((e) => got.exclusions.includes(e));
  return got.kind === expected.kind && got.exclusions.length === 0;
}

export interface LabelStats {
  label: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface EvalReport {
  total: number;
  accuracy: number;
  trainAccuracy: number;
  holdoutAccuracy: number;
  holdoutCount: number;
  perLabel: LabelStats[];
  failures: Array<{ message: LabelledMessage; got: Classification }>;
}

function stats(label: string, tp: number, fp: number, fn: number): LabelStats {
  return { label, tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

/** Midday UTC on the given date, so time zones never move it across a day. */
export function parseDay(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

export async function evaluate(classifier: Classifier, messages: LabelledMessage[], context: ClassifierContext = defaultContext): Promise<EvalReport> {
  const results: Array<{ message: LabelledMessage; got: Classification; ok: boolean }> = [];
  for (const message of messages) {
    const got = await classifier.classify({ text: message.text, receivedAt: message.receivedAt ? parseDay(message.receivedAt) : undefined, context });
    results.push({ message, got, ok: isCorrect(message, got) });
  }
  const acc = (rs: typeof results) => (rs.length === 0 ? 1 : rs.filter((r) => r.ok).length / rs.length);
  const perLabel: LabelStats[] = [];
  for (const route of ROUTE_IDS) {
    const tp = results.filter((r) => r.message.exclusions.includes(route) && r.got.exclusions.includes(route)).length;
    const fp = results.filter((r) => !r.message.exclusions.includes(route) && r.got.exclusions.includes(route)).length;
    const fn = results.filter((r) => r.message.exclusions.includes(route) && !r.got.exclusions.includes(route)).length;
    perLabel.push(stats(route, tp, fp, fn));
  }
  for (const kind of FEEDBACK_KINDS) {
    const tp = results.filter((r) => r.message.kind === kind && r.got.kind === kind).length;
    const fp = results.filter((r) => r.message.kind !== kind && r.got.kind === kind).length;
    const fn = results.filter((r) => r.message.kind === kind && r.got.kind !== kind).length;
    perLabel.push(stats(kind, tp, fp, fn));
  }
  const holdout = results.filter((r) => r.message.split === 'holdout');
  return {
    total: results.length,
    accuracy: acc(results),
    trainAccuracy: acc(results.filter((r) => r.message.split === 'train')),
    holdoutAccuracy: acc(holdout),
    holdoutCount: holdout.length,
    perLabel,
    failures: results.filter((r) => !r.ok).map(({ message, got }) => ({ message, got })),
  };
}
