/** `npm run packs:check -- --sources DIR [--council ID]`: prints each rule whose source is missing; exits 1 if any. */
import { listPacks, loadPack } from '../services/policy/loadPack';
import { sourceProblems } from '../services/policy/sourceCheck';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = option('--sources');
if (!dir) {
  process.stderr.write('usage: npm run packs:check -- --sources DIR [--council ID]\n');
  process.exit(2);
}
const ids = option('--council') ? [option('--council')!] : listPacks();
let count = 0;
for (const id of ids) {
  for (const problem of sourceProblems(loadPack(id), dir)) {
    process.stdout.write(`${id}: ${problem}\n`);
    count++;
  }
}
process.stdout.write(count ? `${count} rule(s) with a missing document or quote\n` : `every rule in ${ids.length} pack(s) is found in ${dir}\n`);
process.exit(count ? 1 : 0);
