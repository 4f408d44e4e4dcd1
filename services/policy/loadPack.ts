/**
 * Loads a council's policy pack from /policies/<id>.json, validates it once with the PolicyPack
 * schema and caches it. A bad pack is refused with one message listing every problem, so a
 * council's data can be fixed in one pass rather than error by error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { PolicyPack } from './packSchema';

export const DEFAULT_PACKS_DIR = path.resolve(__dirname, '../../policies');

export class PolicyPackError extends Error {
  constructor(
    readonly packId: string,
    readonly problems: readonly string[],
  ) {
    super(`Policy pack "${packId}" is invalid:\n${problems.map((p) => ` - ${p}`).join('\n')}`);
    this.name = 'PolicyPackError';
  }
}

/** `timescales.stage1.respond.days`, `feedbackKinds[2].kind`; '(pack)' for the whole object. */
function formatPath(issuePath: readonly PropertyKey[]): string {
  let out = '';
  for (const key of issuePath) {
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  }
  return out || '(pack)';
}

// A missing field reads better as "is missing" than zod's "expected X, received undefined".
const missingFieldMessage: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : undefined;

function packLabel(raw: unknown): string {
  return typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : '(unnamed)';
}

/** Parses raw pack data; throws PolicyPackError listing every problem. */
export function validatePack(raw: unknown, expectedId?: string): PolicyPack {
  const label = expectedId ?? packLabel(raw);
  const result = PolicyPack.safeParse(raw, { error: missingFieldMessage });
  const problems = result.success ? [] : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  if (result.success && expectedId !== undefined && result.data.id !== expectedId) {
    problems.push(`id: is "${result.data.id}" but the file is named "${expectedId}.json"`);
  }
  if (!result.success || problems.length > 0) throw new PolicyPackError(label, problems);
  return result.data;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export interface PackLoader {
  loadPack(id: string): PolicyPack;
  listPacks(): string[];
}

/** A loader over a folder of <id>.json packs (tests point it at a temporary folder). */
export function createPackLoader(dir: string = DEFAULT_PACKS_DIR): PackLoader {
  const cache = new Map<string, PolicyPack>();
  let ids: string[] | undefined;

  function listPacks(): string[] {
    ids ??= readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -'.json'.length))
      .sort();
    return [...ids];
  }

  function loadPack(id: string): PolicyPack {
    const cached = cache.get(id);
    if (cached) return cached;
    // Checking against the folder listing also keeps ids like "../x" away from the file system.
    if (!listPacks().includes(id)) {
      throw new Error(`Policy pack "${id}" is unknown; available packs: ${listPacks().join(', ')}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.join(dir, `${id}.json`), 'utf8'));
    } catch (err) {
      throw new PolicyPackError(id, [`(file): not readable JSON: ${(err as Error).message}`]);
    }
    // Packs are shared by every conversation: freeze them so no caller can change the rules.
    const pack = deepFreeze(validatePack(raw, id));
    cache.set(id, pack);
    return pack;
  }

  return { loadPack, listPacks };
}

const defaultLoader = createPackLoader();

/** The validated, cached pack with this id (e.g. "leicester"); throws on an unknown or invalid pack. */
export function loadPack(id: string): PolicyPack {
  return defaultLoader.loadPack(id);
}

/** Ids of the packs shipped in /policies. */
export function listPacks(): string[] {
  return defaultLoader.listPacks();
}
