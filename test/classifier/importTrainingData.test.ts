/**
 * Bringing an author's messages into the corpus (scripts/import-training-data.ts): only valid lines
 * are taken, renumbered; a text already in the corpus is left out, and one in the unseen holdout is
 * left out and counted without ever being printed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = path.join(ROOT, 'scripts', 'import-training-data.ts');
const firstText = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')[0]).text as string;

test('takes the valid new lines, never an unseen or known text, and says why each other was left out', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-'));
  const input = path.join(dir, 'author.jsonl');
  const out = path.join(dir, 'out.jsonl');
  const unseenText = firstText('test/fixtures/unseen.jsonl');
  const line = (o: object) => JSON.stringify({ id: 'a-1', kind: 'complaint', exclusions: [], split: 'train', ...o });
  fs.writeFileSync(
    input,
    [
      line({ text: 'The grass verge outside 14 Quarry Lane has not been cut since May, I have asked three times' }),
      line({ text: 'Can someone empty the overflowing litter bin by the bus stop on Kestrel Way', kind: 'service_request', split: 'holdout' }),
      line({ text: unseenText }),
      line({ text: firstText('services/classifier/training/kinds.jsonl') }),
      line({ text: 'a bad kind', kind: 'grumble' }),
      line({ text: 'they closed my complaint in 2019', exclusions: ['out_of_time'] }),
      '{not json',
    ].join('\n'),
  );
  const printed = execFileSync(TSX, [SCRIPT, '--out', out, '--prefix', 'zz', input], { cwd: ROOT, encoding: 'utf8' });
  expect(printed).toMatch(/took 2; left out 1 already in the corpus, 1 matching the unseen holdout \(not shown\), 3 invalid/);
  expect(printed).toMatch(/author\.jsonl:5: kind/);
  expect(printed).toMatch(/author\.jsonl:6: out_of_time without receivedAt/);
  expect(printed).toMatch(/author\.jsonl:7: not JSON/);
  // asserted without the text, so a failure never prints it
  expect(printed.includes(unseenText)).toBe(false);
  const taken = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(taken.map((m) => [m.id, m.split])).toEqual([['zz-0001', 'train'], ['zz-0002', 'train']]);
  expect(taken.some((m) => m.text === unseenText)).toBe(false);
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);
