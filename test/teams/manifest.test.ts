/**
 * The Teams app package: the manifest filled in from config and the policy pack is valid against
 * the official schema shipped in @microsoft/app-manifest (its newest released version), and
 * `npm run package:teams` (scripts/package-teams.ts) writes a zip Teams accepts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import { loadConfig } from '../../services/config';
import { loadPack } from '../../services/policy';
import { AppPackageError, buildManifest, MANIFEST_DIR, manifestValuesFrom } from '../../services/teams/appPackage';
import { newestSchemaVersion, validateManifest } from '../../services/teams/manifestSchema';
import { pngInfo } from '../../services/teams/png';

const ROOT = path.resolve(__dirname, '..', '..');
// What packaging needs: the bot's app id and public address (and which council); never the password.
const ENV = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', PUBLIC_URL: 'https://feedback.oadby-wigston.example', COUNCIL: 'oadby-wigston' };

/** The pixels of a PNG written by services/teams/png.ts (RGBA, filter 0 on every row). */
function rgbaOf(png: Buffer, width: number, height: number): Buffer {
  const idat: Buffer[] = [];
  for (let o = 8; o < png.length; ) {
    const length = png.readUInt32BE(o);
    if (png.toString('ascii', o + 4, o + 8) === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + length));
    o += 12 + length;
  }
  const rows = zlib.inflateSync(Buffer.concat(idat));
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(rows[y * (width * 4 + 1)]).toBe(0);
    rows.copy(out, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return out;
}

function manifestFor(env: Record<string, string>, council = env.COUNCIL) {
  const config = loadConfig(env, { purpose: 'teams-package' });
  return buildManifest(manifestValuesFrom(config, loadPack(council), '1.2.3'));
}

describe('the Teams app package', () => {
  test('the manifest is valid against the newest released Teams schema shipped in @microsoft/app-manifest', async () => {
    const manifest = manifestFor(ENV);
    expect(newestSchemaVersion()).not.toMatch(/devPreview/i);
    expect(manifest.manifestVersion).toBe(newestSchemaVersion());
    expect(Number(String(manifest.manifestVersion).split('.')[1])).toBeGreaterThanOrEqual(19);
    expect(await validateManifest(manifest)).toEqual([]);

    // The check is real: a broken manifest is reported.
    const broken = { ...manifest, bots: [{ botId: 'not-a-guid', scopes: ['everywhere'] }], colour: 'red' };
    const problems = validateManifest(broken);
    expect(problems.join('\n')).toMatch(/\/bots\/0\/botId/);
    expect(problems.join('\n')).toMatch(/additional properties/);
  });

  test('the manifest declares the bot, its commands, the tab, the search extension and SSO for this deployment', () => {
    const m = manifestFor(ENV) as Record<string, any>;
    expect(m).toMatchObject({ id: ENV.MicrosoftAppId, version: '1.2.3', name: { short: 'Oadby & Wigston', full: 'Oadby & Wigston Borough Council feedback' } });
    expect(m.bots[0]).toMatchObject({ botId: ENV.MicrosoftAppId, scopes: ['personal', 'team', 'groupChat'] });
    expect(m.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['case', 'my cases', 'overdue', 'help']);
    expect(m.bots[0].commandLists[0].commands[0].description).toContain('OWBC-2026-000123');
    expect(m.staticTabs[0]).toMatchObject({ contentUrl: 'https://feedback.oadby-wigston.example/tab', scopes: ['personal'] });
    expect(m.composeExtensions[0].commands[0]).toMatchObject({ id: 'searchCases', type: 'query', parameters: [{ name: 'searchText' }] });
    expect(m.webApplicationInfo).toEqual({ id: ENV.MicrosoftAppId, resource: `api://feedback.oadby-wigston.example/${ENV.MicrosoftAppId}` });
    expect(m.validDomains).toEqual(['feedback.oadby-wigston.example']);
    expect(JSON.stringify(m)).not.toMatch(/\{\{[A-Z_]+\}\}/);
  });

  test('every council\'s manifest is valid (long names are shortened to what Teams allows)', async () => {
    for (const council of ['default', 'leicester', 'south-cambs-housing', 'south-derbyshire', 'ig-team']) {
      expect({ council, problems: await validateManifest(manifestFor({ ...ENV, COUNCIL: council })) }).toEqual({ council, problems: [] });
    }
  });

  test('packaging refuses to run without the bot\'s app id or a public https address', () => {
    expect(() => manifestFor({ COUNCIL: 'default' })).toThrow(AppPackageError);
    expect(() => manifestFor({ ...ENV, PUBLIC_URL: 'http://localhost:3978' })).toThrow(/PUBLIC_URL must be set to the bot's public https:\/\/ address/);
  });

  test('the icons are PNGs of the sizes Teams requires, the outline white on transparent', () => {
    const color = fs.readFileSync(path.join(MANIFEST_DIR, 'color.png'));
    const outline = fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png'));
    expect(pngInfo(color)).toEqual({ width: 192, height: 192, colourType: 6 });
    expect(pngInfo(outline)).toEqual({ width: 32, height: 32, colourType: 6 });
    const pixels = rgbaOf(outline, 32, 32);
    let drawn = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) continue;
      drawn++;
      expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(drawn).toBeGreaterThan(50);
    expect(rgbaOf(color, 192, 192)[3]).toBe(255); // the colour icon is opaque
  });

  test('npm run package:teams writes a zip with the manifest and icons at its root, with no MicrosoftAppPassword', async () => {
    expect(ENV).not.toHaveProperty('MicrosoftAppPassword');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfb-teams-pkg-')), 'teams-app.zip');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', '--out', out], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...ENV },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Wrote .*teams-app\.zip for Oadby & Wigston Borough Council/);
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest).toMatchObject({ id: ENV.MicrosoftAppId, version: JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version, validDomains: ['feedback.oadby-wigston.example'] });
    expect(manifest.bots[0].botId).toBe(ENV.MicrosoftAppId);
    expect(manifest.staticTabs[0].contentUrl).toBe('https://feedback.oadby-wigston.example/tab');
    fs.rmSync(path.dirname(out), { recursive: true, force: true });

    // Only the app id and the public URL set (the default council): still packaged.
    const minimal = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', '--out', out], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', MicrosoftAppId: ENV.MicrosoftAppId, PUBLIC_URL: 'https://bot.example.gov.uk' },
      encoding: 'utf8',
    });
    expect(minimal.stderr).toBe('');
    expect(minimal.status).toBe(0);
    const minimalManifest = JSON.parse(await (await JSZip.loadAsync(fs.readFileSync(out))).file('manifest.json')!.async('string'));
    expect(minimalManifest).toMatchObject({ id: ENV.MicrosoftAppId, validDomains: ['bot.example.gov.uk'] });
    expect(await validateManifest(minimalManifest)).toEqual([]);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });

    const refused = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', '--out', out], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(refused.status).toBe(78);
    expect(refused.stderr).toMatch(/MicrosoftAppId must be set/);
  });
});
