/**
 * `npm run train`: trains the offline classifier's learned component from the training data
 * (services/classifier/learned/corpus.ts), tunes how it is combined with the rules by k-fold
 * cross-validation, and writes services/classifier/learned/model.json. Deterministic: the same
 * data gives the same file. `--check` trains and compares instead of writing (exit 1 if different).
 */
import fs from 'node:fs';
import { loadTrainingSet } from '../services/classifier/learned/corpus';
import { crossValidate, score, tuneThresholds } from '../services/classifier/learned/crossval';
import { MODEL_PATH, type ModelFile } from '../services/classifier/learned/model';
import { serialiseModel } from '../services/classifier/learned/serialise';
import { DEFAULT_CONFIG, prepare, train } from '../services/classifier/learned/train';

const FOLDS = 5;

function main(): void {
  const check = process.argv.includes('--check');
  const t0 = Date.now();
  const set = loadTrainingSet();
  for (const f of set.files) console.log(`${f.path}: ${f.used} messages`);
  if (set.droppedAsHoldout > 0) console.log(`left out ${set.droppedAsHoldout} corpus messages that repeat a held-out labelled message`);

  const oof = crossValidate(set.messages, DEFAULT_CONFIG, FOLDS);
  const thresholds = tuneThresholds(oof);
  const acc = (xs: Array<{ ok: boolean }>) => Number((xs.filter((x) => x.ok).length / xs.length).toFixed(4));
  const rulesOnly = acc(score(oof, null));
  const combined = acc(score(oof, thresholds));
  console.log(`${FOLDS}-fold cross-validated route accuracy: rules alone ${rulesOnly}, rules + model ${combined}`);
  console.log(`thresholds ${JSON.stringify(thresholds)}`);

  const weights = train(prepare(set.messages), DEFAULT_CONFIG);
  const file: ModelFile = {
    format: 1,
    trainedFrom: { sha256: set.sha256, messages: set.messages.length, files: set.files },
    config: { ...DEFAULT_CONFIG, folds: FOLDS },
    thresholds,
    crossValidation: { folds: FOLDS, messages: oof.length, rulesOnlyAccuracy: rulesOnly, combinedAccuracy: combined },
    ...weights,
  };
  const text = serialiseModel(file);
  console.log(`${weights.features.length} features kept, model ${(text.length / 1024).toFixed(0)} KiB, trained in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (check) {
    const same = fs.existsSync(MODEL_PATH) && fs.readFileSync(MODEL_PATH, 'utf8') === text;
    console.log(same ? 'committed model matches the training data' : 'committed model differs from what training produces');
    if (!same) process.exitCode = 1;
    return;
  }
  fs.writeFileSync(MODEL_PATH, text);
  console.log(`wrote ${MODEL_PATH}`);
}

main();
