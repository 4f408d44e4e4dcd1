/**
 * Validates a Teams manifest against the official JSON schema shipped in @microsoft/app-manifest
 * (read from node_modules, never fetched), with the validator set up exactly as that package's
 * ManifestUtil.validateManifestAgainstSchema does (ajv for draft-04 with uri/email/regex
 * formats). Its own entry point can't be loaded under jest (it pulls in an ES-module-only
 * dependency), so the same validator packages are loaded from beside it: ajv, ajv-draft-04 and
 * ajv-formats are its dependencies, resolved from its own folder, not dependencies of this project.
 * For the packaging script and tests only: @microsoft/app-manifest is a development dependency.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

interface Validator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string; params?: unknown }> | null;
}
interface Ajv {
  compile(schema: unknown): Validator;
}

const MANIFEST_PACKAGE = require.resolve('@microsoft/app-manifest/package.json');
const fromManifestPackage = createRequire(MANIFEST_PACKAGE);

export function schemaPathFor(manifestVersion: string): string {
  return path.join(path.dirname(MANIFEST_PACKAGE), 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** The newest released schema version shipped (devPreview excluded), e.g. "1.30". */
export function newestSchemaVersion(): string {
  const dir = path.dirname(path.dirname(schemaPathFor('0')));
  return fs
    .readdirSync(dir)
    .filter((d) => /^v\d+\.\d+$/.test(d))
    .map((d) => d.slice(1))
    .sort((a, b) => {
      const [am, an] = a.split('.').map(Number);
      const [bm, bn] = b.split('.').map(Number);
      return am - bm || an - bn;
    })
    .pop()!;
}

/** Schema problems, or an empty list. */
export function validateManifest(manifest: Record<string, unknown>): string[] {
  const file = schemaPathFor(String(manifest.manifestVersion));
  // The published schemas use "\a" in one pattern, which JavaScript regexes reject (as @microsoft/app-manifest's fetchSchema works around).
  const schema = JSON.parse(fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\x07'));
  const AjvDraft04 = (fromManifestPackage('ajv-draft-04') as { default: new (o: object) => Ajv }).default;
  const addFormats = (fromManifestPackage('ajv-formats') as { default: (ajv: Ajv, formats: string[]) => void }).default;
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(manifest)'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`.trim());
}
