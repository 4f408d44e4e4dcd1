/**
 * The training data: the train split of the project's labelled set plus the two training corpora
 * written from the route definitions. The labelled set's holdout split never enters training, nor
 * does a corpus message whose text is one of those held-out messages.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { normalise } from '../normalise';
import { LABELLED_PATH, loadLabelled, type LabelledMessage } from '../scoring';

const ROOT = path.join(__dirname, '..', '..', '..');
const TRAINING_DIR = path.join(__dirname, '..', 'training');

export const TRAINING_FILES = [
  LABELLED_PATH,
  path.join(TRAINING_DIR, 'kinds.jsonl'),
  path.join(TRAINING_DIR, 'routes.jsonl'),
  path.join(TRAINING_DIR, 'routes-varied.jsonl'),
  path.join(TRAINING_DIR, 'kinds-varied.jsonl'),
] as const;

export interface TrainingSet {
  messages: LabelledMessage[];
  /** sha256 over the files' bytes, in order: what the committed model must have been trained from. */
  sha256: string;
  files: Array<{ path: string; sha256: string; used: number }>;
  /** Corpus messages left out because their text is a held-out labelled message. */
  droppedAsHoldout: number;
}

const sha = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

/** Hash of the training files as they are on disk now (to compare with the model's). */
export function trainingHash(files: readonly string[] = TRAINING_FILES): string {
  const all = crypto.createHash('sha256');
  for (const f of files) all.update(sha(fs.readFileSync(f))).update('\n');
  return all.digest('hex');
}

export function loadTrainingSet(files: readonly string[] = TRAINING_FILES): TrainingSet {
  for (const f of files) if (!fs.existsSync(f)) throw new Error(`training file missing: ${path.relative(ROOT, f)}`);
  const heldOut = new Set(loadLabelled().filter((m) => m.split === 'holdout').map((m) => normalise(m.text)));
  const messages: LabelledMessage[] = [];
  const ids = new Set<string>();
  const info: TrainingSet['files'] = [];
  let droppedAsHoldout = 0;
  for (const f of files) {
    let used = 0;
    for (const m of loadLabelled(f)) {
      if (m.split !== 'train') continue;
      if (f !== LABELLED_PATH && heldOut.has(normalise(m.text))) {
        droppedAsHoldout++;
        continue;
      }
      if (ids.has(m.id)) throw new Error(`${path.relative(ROOT, f)}: duplicate id ${m.id}`);
      ids.add(m.id);
      messages.push(m);
      used++;
    }
    info.push({ path: path.relative(ROOT, f), sha256: sha(fs.readFileSync(f)), used });
  }
  return { messages, sha256: trainingHash(files), files: info, droppedAsHoldout };
}
