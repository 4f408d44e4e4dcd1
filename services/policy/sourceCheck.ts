/**
 * For pack authors: checks that every rule in a pack cites a document that exists in a folder of
 * the council's own policy documents (or an Ombudsman Code), and that every quote is in it.
 * Documents were converted from Word/PDF, so quotes are compared ignoring case, spacing and
 * curly punctuation. Run as `npm run packs:check -- --sources DIR`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXTERNAL_DOCS, SourceRef } from './packSchema';

export const normaliseQuote = (s: string) =>
  s.toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-').replace(/\s+/g, ' ').trim();

/** Every `source` object anywhere in a pack, with where it sits. */
export function sourcesIn(value: unknown, at = ''): Array<{ at: string; source: SourceRef }> {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = at ? `${at}.${key}` : key;
    return key === 'source' ? [{ at: here, source: child as SourceRef }, ...sourcesIn(child, here)] : sourcesIn(child, here);
  });
}

/** Rules citing the Ombudsman Codes or the law (not council documents, so not looked for in the folder). */
export function externalSources(pack: unknown): Array<{ at: string; source: SourceRef }> {
  return sourcesIn(pack).filter(({ source }) => EXTERNAL_DOCS.includes(source.doc));
}

/** One line per rule whose document is missing from `sourcesDir` or whose quote is not in it. */
export function sourceProblems(pack: unknown, sourcesDir: string): string[] {
  const texts = new Map<string, string>();
  const problems: string[] = [];
  for (const { at, source } of sourcesIn(pack)) {
    if (EXTERNAL_DOCS.includes(source.doc)) continue;
    const file = path.join(sourcesDir, source.doc);
    if (!existsSync(file)) {
      problems.push(`${at}: document ${source.doc} is not in ${sourcesDir}`);
      continue;
    }
    if (!texts.has(file)) texts.set(file, normaliseQuote(readFileSync(file, 'utf8')));
    if (source.quote && !texts.get(file)!.includes(normaliseQuote(source.quote))) {
      problems.push(`${at}: quote not found in ${source.doc}: "${source.quote}"`);
    }
  }
  return problems;
}
