/**
 * The Teams app package: manifest/manifest.template.json filled in from the config and the
 * council's policy pack, zipped with the icons (dist/teams-app.zip, by scripts/package-teams.ts).
 * Placeholders are replaced inside parsed JSON strings, so no value can break the JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Config } from '../config';
import type { PolicyPack } from '../policy/packSchema';

export const MANIFEST_DIR = path.resolve(__dirname, '..', '..', 'manifest');
const TEMPLATE = path.join(MANIFEST_DIR, 'manifest.template.json');
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export class AppPackageError extends Error {}

/** The app's names in Teams: the council's name (short name when it is longer than Teams allows). */
export function appNames(pack: Pick<PolicyPack, 'councilName' | 'shortName'>): { short: string; full: string } {
  const short = pack.councilName.length <= 30 ? pack.councilName : pack.shortName.length <= 30 ? pack.shortName : `${pack.shortName.slice(0, 29)}…`;
  const full = `${pack.councilName} feedback`.slice(0, 100);
  return { short, full };
}

export interface ManifestValues {
  appId: string;
  botId: string;
  publicUrl: string;
  version: string;
  accentColour: string;
  pack: Pick<PolicyPack, 'councilName' | 'shortName' | 'caseRefPrefix' | 'privacyNotice' | 'contacts'>;
  privacyUrl?: string;
}

export function manifestValuesFrom(config: Config, pack: ManifestValues['pack'], version: string): ManifestValues {
  const botId = config.MicrosoftAppId;
  const appId = config.TEAMS_APP_ID ?? botId;
  const problems: string[] = [];
  if (!botId || !GUID.test(botId)) problems.push('MicrosoftAppId must be set to the bot\'s Entra app (client) id, a GUID');
  if (!config.PUBLIC_URL || !config.PUBLIC_URL.startsWith('https://')) problems.push('PUBLIC_URL must be set to the bot\'s public https:// address');
  if (problems.length) throw new AppPackageError(`The Teams app package needs:\n${problems.map((p) => ` - ${p}`).join('\n')}`);
  return { appId: appId!, botId: botId!, publicUrl: config.PUBLIC_URL!, version, accentColour: config.WEBCHAT_PRIMARY_COLOUR, pack, privacyUrl: config.PRIVACY_NOTICE_URL };
}

export function buildManifest(v: ManifestValues): Record<string, unknown> {
  const base = v.publicUrl.replace(/\/+$/, '');
  const names = appNames(v.pack);
  const values: Record<string, string> = {
    VERSION: v.version,
    APP_ID: v.appId,
    BOT_ID: v.botId,
    PUBLIC_URL: base,
    HOST: new URL(base).host,
    SHORT_NAME: names.short,
    FULL_NAME: names.full,
    COUNCIL_NAME: v.pack.councilName,
    DEVELOPER_NAME: v.pack.councilName.length <= 32 ? v.pack.councilName : v.pack.shortName.slice(0, 32),
    WEBSITE_URL: v.pack.contacts.website ?? base,
    PRIVACY_URL: v.pack.privacyNotice.url ?? v.privacyUrl ?? base,
    TERMS_URL: v.pack.contacts.website ?? base,
    ACCENT_COLOUR: v.accentColour,
    REF_PREFIX: v.pack.caseRefPrefix,
  };
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') return node.replace(/\{\{([A-Z_]+)\}\}/g, (m, k: string) => values[k] ?? m);
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, val]) => [k, fill(val)]));
    return node;
  };
  return fill(JSON.parse(fs.readFileSync(TEMPLATE, 'utf8'))) as Record<string, unknown>;
}

/** manifest.json, color.png and outline.png at the root of a zip, as Teams expects. */
export async function buildAppPackage(manifest: Record<string, unknown>, iconsDir = MANIFEST_DIR): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  for (const icon of ['color.png', 'outline.png']) zip.file(icon, fs.readFileSync(path.join(iconsDir, icon)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
