/**
 * `npm run eval [-- --engine offline|openai] [--unseen <file>] [--no-cv] [--show-failures train|holdout|all|cv]`
 *
 * Measures a classifier engine on (a) the project's labelled set, (b) the training corpus by k-fold
 * cross-validation (offline engine; the OpenAI engine is simply run over it), (c) the unseen holdout
 * (test/fixtures/unseen.jsonl, written from the route definitions only and never trained or tuned
 * on): route accuracy, per-route precision/recall, kind and route confusion, safety routes missed
 * (with and without the danger question), how often that question is asked and how often needlessly.
 * Then offline latency over every message. Exits non-zero when unseen accuracy is below 0.95, a
 * safety route is neither signposted nor asked about on it, or it is absent. Failures of the unseen set are never printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createClassifier } from './index';
import { loadTrainingSet } from './learned/corpus';
import { crossValidate, score, type OutOfFold } from './learned/crossval';
import { shippedModel, type Thresholds } from './learned/model';
import { DEFAULT_CONFIG, type TrainConfig } from './learned/train';
import { classifyOffline } from './offline';
import { accuracy, dangerQuestions, printFailures, printSection, safetyMissed, type Result } from './report';
import { DANGER_CHECK_FLOOR } from './learned/combine';
import { defaultContext } from './context';
import { isCorrect, loadLabelled, parseDay, type LabelledMessage } from './scoring';
import type { Classifier } from './types';

const UNSEEN_TARGET = 0.95;
const LABELLED_TARGET = 0.95;
const UNSEEN_PATH = path.join(__dirname, '..', '..', 'test', 'fixtures', 'unseen.jsonl');

interface Args {
  engine: 'offline' | 'openai';
  unseen: string;
  cv: boolean;
  show: 'train' | 'holdout' | 'all' | 'cv' | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { engine: 'offline', unseen: UNSEEN_PATH, cv: true, show: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--engine' && (value === 'offline' || value === 'openai')) (args.engine = value), i++;
    else if (flag === '--unseen' && value) (args.unseen = path.resolve(value)), i++;
    else if (flag === '--no-cv') args.cv = false;
    else if (flag === '--show-failures') {
      const set = value && !value.startsWith('--') ? value : 'train';
      if (set === 'unseen') throw new Error('--show-failures unseen is refused: the unseen set stays unseen (aggregate figures only)');
      if (set !== 'train' && set !== 'holdout' && set !== 'all' && set !== 'cv') throw new Error(`--show-failures takes train, holdout, all or cv (not ${set})`);
      args.show = set;
      if (value === set) i++;
    } else throw new Error(`usage: eval [--engine offline|openai] [--unseen <file>] [--no-cv] [--show-failures train|holdout|all|cv] (bad argument: ${flag})`);
  }
  return args;
}

function buildClassifier(engine: Args['engine']): Classifier {
  if (engine === 'offline') return createClassifier();
  const apiKey = process.env.OPENAI_API_KEY;
  if (!apiKey) throw new Error('--engine openai needs OPENAI_API_KEY');
  return createClassifier({ apiKey, baseURL: process.env.OPENAI_BASE_URL || undefined, model: process.env.OPENAI_MODEL || undefined });
}

async function run(classifier: Classifier, messages: LabelledMessage[]): Promise<Result[]> {
  const out: Result[] = [];
  for (const message of messages) {
    const got = await classifier.classify({ text: message.text, receivedAt: message.receivedAt ? parseDay(message.receivedAt) : undefined, context: defaultContext });
    out.push({ message, got, ok: isCorrect(message, got) });
  }
  return out;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** How DANGER_CHECK_FLOOR was chosen: questions asked and safety routes still missed at each floor, on the folds. */
function printDangerSweep(oof: OutOfFold[], thresholds: Thresholds): void {
  console.log(`danger question floor on the same folds (in use: ${DANGER_CHECK_FLOOR}):`);
  for (const floor of [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]) {
    const rs = score(oof, thresholds, floor);
    const q = dangerQuestions(rs);
    console.log(`  ${floor.toFixed(2)}: asked ${q.asked}, needlessly ${q.needless}, safety missed counting it ${safetyMissed(rs, true).length}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const classifier = buildClassifier(args.engine);
  const loaded = shippedModel();
  console.log(`engine ${args.engine}; offline model ${loaded ? `loaded in ${loaded.loadMs.toFixed(0)} ms (${loaded.file.features.length} features, trained on ${loaded.file.trainedFrom.messages} messages)` : 'absent: rules only'}`);

  // (a) the project's labelled set
  const labelled = loadLabelled();
  const a = await run(classifier, labelled);
  printSection(`(a) labelled set (test/fixtures/labelled.jsonl, ${labelled.length} messages)`, a);
  console.log(`train split ${pct(accuracy(a.filter((r) => r.message.split === 'train')))}, holdout split ${pct(accuracy(a.filter((r) => r.message.split === 'holdout')))} (held out of training)`);
  if (args.show && args.show !== 'cv') printFailures(a.filter((r) => args.show === 'all' || r.message.split === args.show));

  // (b) the training corpus
  const all: string[] = labelled.map((m) => m.text);
  let corpus: LabelledMessage[] = [];
  try {
    const set = loadTrainingSet();
    corpus = set.messages;
    if (loaded && loaded.file.trainedFrom.sha256 !== set.sha256) console.log('\nwarning: the model was trained from different data than is on disk now; run `npm run train`');
  } catch (err) {
    console.log(`\n(b) skipped: ${err instanceof Error ? err.message : err}`);
  }
  for (const m of corpus) all.push(m.text);
  if (corpus.length > 0 && args.cv) {
    if (args.engine === 'offline' && loaded) {
      const config = { ...DEFAULT_CONFIG, ...(loaded.file.config as Partial<TrainConfig>) };
      const folds = Number(loaded.file.config.folds ?? 5);
      const oof = crossValidate(corpus, config, folds);
      const b = score(oof, loaded.thresholds);
      printSection(`(b) ${folds}-fold cross-validation on the training data (${corpus.length} messages; each scored by a model that never saw it; thresholds were tuned on these folds)`, b);
      console.log(`rules alone on the same folds: ${pct(accuracy(score(oof, null)))}`);
      printDangerSweep(oof, loaded.thresholds);
      if (args.show === 'cv') printFailures(b);
    } else {
      const b = await run(classifier, corpus);
      printSection(`(b) training corpus (${corpus.length} messages; this engine was not trained on it)`, b);
      if (args.show === 'cv') printFailures(b);
    }
  }

  // (c) the unseen holdout: figures only
  let unseenOk = false;
  if (fs.existsSync(args.unseen)) {
    const unseen = loadLabelled(args.unseen);
    const c = await run(classifier, unseen);
    printSection(`(c) unseen holdout (${path.basename(args.unseen)}, ${unseen.length} messages; never trained or tuned on; texts not shown)`, c);
    for (const m of unseen) all.push(m.text);
    // a safety message is caught when it is signposted, or when the resident is asked whether anyone is in danger
    const missed = safetyMissed(c, true).length;
    unseenOk = accuracy(c) >= UNSEEN_TARGET && missed === 0;
    if (!unseenOk) console.error(`unseen: accuracy ${pct(accuracy(c))} (target ${pct(UNSEEN_TARGET)}), safety routes missed counting the danger question ${missed} (target 0)`);
  } else {
    console.error(`\n(c) unseen holdout not found at ${path.relative(process.cwd(), args.unseen)}`);
  }

  // offline latency over every message
  for (const text of all) classifyOffline({ text, context: defaultContext }); // warm-up
  const samples = all.map((text) => {
    const t0 = process.hrtime.bigint();
    classifyOffline({ text, context: defaultContext });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  });
  samples.sort((x, y) => x - y);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))].toFixed(3);
  console.log(`\noffline latency over ${samples.length} messages: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`);

  if (accuracy(a) < LABELLED_TARGET) console.error(`labelled accuracy ${pct(accuracy(a))} is below ${pct(LABELLED_TARGET)}`);
  if (!unseenOk || accuracy(a) < LABELLED_TARGET) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
