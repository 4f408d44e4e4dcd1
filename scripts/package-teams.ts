/**
 * `npm run package:teams`: writes dist/teams-app.zip, the Microsoft Teams app package, from
 * manifest/manifest.template.json filled in with MicrosoftAppId, PUBLIC_URL and the council's
 * name from its policy pack (COUNCIL). The manifest is checked against the official schema first.
 * MicrosoftAppPassword is not needed: the package holds no secret and nothing here signs in.
 * `--icons` redraws manifest/color.png and manifest/outline.png; `--out <file>` writes elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../services/config';
import { loadPack } from '../services/policy';
import { AppPackageError, buildAppPackage, buildManifest, MANIFEST_DIR, manifestValuesFrom } from '../services/teams/appPackage';
import { colorIcon, outlineIcon } from '../services/teams/icons';
import { validateManifest } from '../services/teams/manifestSchema';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<number> {
  const config = loadConfig(process.env, { purpose: 'teams-package' });
  const pack = loadPack(config.COUNCIL);
  if (process.argv.includes('--icons')) {
    fs.writeFileSync(path.join(MANIFEST_DIR, 'color.png'), colorIcon(config.WEBCHAT_PRIMARY_COLOUR));
    fs.writeFileSync(path.join(MANIFEST_DIR, 'outline.png'), outlineIcon());
    process.stdout.write('Icons written to manifest/.\n');
  }
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const manifest = buildManifest(manifestValuesFrom(config, pack, version));
  const problems = validateManifest(manifest);
  if (problems.length) {
    process.stderr.write(`The manifest does not match the Teams schema:\n${problems.map((p) => ` - ${p}`).join('\n')}\n`);
    return 1;
  }
  const outArg = process.argv.indexOf('--out');
  const out = outArg > 0 && process.argv[outArg + 1] ? path.resolve(process.argv[outArg + 1]) : path.join(ROOT, 'dist', 'teams-app.zip');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, await buildAppPackage(manifest));
  process.stdout.write(`Wrote ${path.relative(ROOT, out)} for ${pack.councilName} (manifest ${String(manifest.manifestVersion)}). Upload it in Teams: Apps > Manage your apps > Upload an app.\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    if (err instanceof ConfigError || err instanceof AppPackageError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
