/**
 * `npx tsx scripts/import-training-data.ts --out services/classifier/training/FILE.jsonl --prefix P IN.jsonl...`
 *
 * Brings messages written by a training-data author into the corpus: each line is checked against
 * the labelled-message schema (with the line number when it is not), `out_of_time` must say when
 * the message was sent, and a message is left out when its text (normalised) is already in the
 * corpus, the labelled set or the unseen holdout — the holdout must never be trained on, so an
 * overlap is counted, never printed. Ids are renumbered `P-0001…` so several authors never collide.
 * Appends to --out (created when absent); prints what was taken and left out, per route and kind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { normalise } from '../services/classifier/normalise';
import { TRAINING_FILES } from '../services/classifier/learned/corpus';
import { LabelledMessage, loadLabelled } from '../services/classifier/scoring';

const UNSEEN = path.join(__dirname, '..', 'test', 'fixtures', 'unseen.jsonl');

interface Args {
  out: string;
  prefix: string;
  inputs: string[];
}

function parseArgs(argv: string[]): Args {
  let out = '';
  let prefix = '';
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i] ?? '';
    else if (argv[i] === '--prefix') prefix = argv[++i] ?? '';
    else inputs.push(argv[i]);
  }
  if (!out || !/^[a-z][a-z0-9]*$/.test(prefix) || inputs.length === 0) {
    throw new Error('usage: import-training-data --out FILE.jsonl --prefix p IN.jsonl [IN.jsonl ...] (prefix: lower-case letters and digits)');
  }
  return { out: path.resolve(out), prefix, inputs };
}

/** Reads an author's file, forcing the train split; lines that do not parse are reported and skipped. */
function readAuthorFile(file: string, problems: string[]): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `${path.basename(file)}:${i + 1}`;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        problems.push(`${where}: not JSON`);
        return;
      }
      const parsed = LabelledMessage.safeParse(json);
      if (!parsed.success) problems.push(`${where}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      else if (parsed.data.exclusions.includes('out_of_time') && !parsed.data.receivedAt) problems.push(`${where}: out_of_time without receivedAt`);
      else out.push({ ...parsed.data, split: 'train' });
    });
  return out;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const known = new Set<string>();
  for (const f of TRAINING_FILES) for (const m of loadLabelled(f)) known.add(normalise(m.text));
  const existing = fs.existsSync(args.out) ? loadLabelled(args.out) : [];
  for (const m of existing) known.add(normalise(m.text));
  const unseen = new Set(fs.existsSync(UNSEEN) ? loadLabelled(UNSEEN).map((m) => normalise(m.text)) : []);

  const problems: string[] = [];
  const taken: LabelledMessage[] = [];
  let duplicates = 0;
  let holdoutOverlap = 0;
  let next = existing.length + 1;
  for (const file of args.inputs) {
    for (const m of readAuthorFile(file, problems)) {
      const key = normalise(m.text);
      if (unseen.has(key)) holdoutOverlap++;
      else if (known.has(key)) duplicates++;
      else {
        known.add(key);
        taken.push({ ...m, id: `${args.prefix}-${String(next++).padStart(4, '0')}` });
      }
    }
  }
  fs.appendFileSync(args.out, taken.map((m) => JSON.stringify(m)).join('\n') + (taken.length ? '\n' : ''));

  const counts = new Map<string, number>();
  for (const m of taken) for (const label of m.exclusions.length ? m.exclusions : [`(${m.kind})`]) counts.set(label, (counts.get(label) ?? 0) + 1);
  console.log(`${path.relative(process.cwd(), args.out)}: took ${taken.length}; left out ${duplicates} already in the corpus, ${holdoutOverlap} matching the unseen holdout (not shown), ${problems.length} invalid`);
  for (const [label, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${label.padEnd(24)} ${n}`);
  for (const p of problems) console.log(`  invalid: ${p}`);
}

main();
