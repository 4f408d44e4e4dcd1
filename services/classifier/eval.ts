/**
 * `npm run eval`: the offline classifier against the labelled set. Prints per-label precision and
 * recall, overall and held-out accuracy; exits non-zero when overall accuracy is below 0.95.
 * `--show-failures train|all` lists misclassified messages (holdout failures stay hidden by default
 * so the held-out figure keeps meaning something).
 */
import { OfflineClassifier } from './offline';
import { evaluate, loadLabelled } from './scoring';

const THRESHOLD = 0.95;

async function main(): Promise<void> {
  const showIdx = process.argv.indexOf('--show-failures');
  const show = showIdx >= 0 ? (process.argv[showIdx + 1] ?? 'train') : null;
  const report = await evaluate(new OfflineClassifier(), loadLabelled());
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

  console.log(`${'label'.padEnd(22)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}  tp  fp  fn`);
  for (const s of report.perLabel) {
    console.log(`${s.label.padEnd(22)} ${pct(s.precision).padStart(9)} ${pct(s.recall).padStart(7)} ${String(s.tp).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}`);
  }
  console.log('');
  console.log(`overall route accuracy  ${pct(report.accuracy)} (${report.total} messages)`);
  console.log(`train accuracy          ${pct(report.trainAccuracy)}`);
  console.log(`holdout accuracy        ${pct(report.holdoutAccuracy)} (${report.holdoutCount} messages)`);

  if (show) {
    for (const { message, got } of report.failures) {
      if (show !== 'all' && message.split !== show) continue;
      console.log(`\n✗ ${message.id} [${message.split}] expected ${message.kind} [${message.exclusions.join(',')}] got ${got.kind} [${got.exclusions.join(',')}]`);
      console.log(`  ${message.text}`);
      console.log(`  ${got.reasons.join(' | ')}`);
    }
  }
  if (report.accuracy < THRESHOLD) {
    console.error(`overall accuracy ${pct(report.accuracy)} is below ${pct(THRESHOLD)}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
