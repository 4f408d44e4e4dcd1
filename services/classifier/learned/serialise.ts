/** The model file's text: JSON with one feature per line, so a retrained model diffs readably. */
import type { ModelFile } from './model';

export function serialiseModel(file: ModelFile): string {
  const { features, weights, ...head } = file;
  const headJson = JSON.stringify(head, null, 1).replace(/\n}$/, '');
  const feats = features.map((f) => JSON.stringify(f)).join(',\n');
  const rows = weights.map((r) => JSON.stringify(r)).join(',\n');
  return `${headJson},\n "features": [\n${feats}\n ],\n "weights": [\n${rows}\n ]\n}\n`;
}
