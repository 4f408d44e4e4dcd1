/** `npm run packs:check -- --sources DIR [--council ID]`: prints each rule whose source is missing; exits 1 if any. */
import { listPacks, loadPack } from '../services/policy/loadPack';
import { externalSources, sourceProblems } from '../services/policy/sourceCheck';

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
let external = 0;
for (const id of ids) {
  external += externalSources(loadPack(id)).length;
  for (const problem of sourceProblems(loadPack(id), dir)) {
    process.stdout.write(`${id}: ${problem}\n`);
    count++;
  }
}
// The Codes and the law are not council documents: say how many rules cite them, to be checked at their source.
if (external) process.stdout.write(`${external} rule(s) cite an Ombudsman Code or the law (e.g. regulations on legislation.gov.uk), not checked here\n`);
process.stdout.write(count ? `${count} rule(s) with a missing document or quote\n` : `every rule in ${ids.length} pack(s) is found in ${dir}\n`);
process.exit(count ? 1 : 0);
