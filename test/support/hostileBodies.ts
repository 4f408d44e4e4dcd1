/**
 * Hostile request bodies, built from a template of what a route expects: every string field in
 * turn replaced by a MongoDB operator object or a wrong type, keys with `$`, `.` and prototype
 * names added at every object, and the shapes that break parsers (deep nesting, huge arrays,
 * invalid UTF-8, empty bodies, wrong content types). Deterministic, so a failure repeats.
 */

export interface HostileBody {
  /** What it is, for the failure message. */
  label: string;
  body: string | Buffer;
  contentType?: string;
}

/** A value no legitimate field holds: it marks anything of ours that reached the database. */
export const MARK = 'fuzzmark';

export const OPERATORS: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: `sleep(5000) || '${MARK}'` },
  { $regex: `.*${MARK}` },
  { $expr: { $eq: [1, 1] }, [`a.${MARK}`]: 1 },
];

const WRONG_TYPES: unknown[] = [12345, true, null, [], {}, [MARK, { $gt: '' }], -1e308];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = Array<string | number>;

function leaves(value: Json, path: Path = []): Array<{ path: Path; value: Json }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [{ path, value }];
}

function objectPaths(value: Json, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, [...path, i]));
  if (value !== null && typeof value === 'object') return [path, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...path, k]))];
  return [];
}

function setAt(template: Json, path: Path, value: unknown): Json {
  const copy = JSON.parse(JSON.stringify(template)) as Json;
  if (path.length === 0) return value as Json;
  let at = copy as Record<string | number, Json>;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, Json>;
  at[path[path.length - 1]] = value as Json;
  return copy;
}

/** JSON text with raw keys spliced in (JSON.stringify would drop or rename `__proto__`). */
function withRawKeys(template: Json, path: Path, raw: string): string {
  const marker = '"__fuzz_splice__":0';
  const target = setAt(template, [...path, '__fuzz_splice__'], 0);
  return JSON.stringify(target).replace(marker, raw);
}

const KEY_INJECTIONS: Array<{ raw: string; label: string }> = [
  { raw: `"$where":"${MARK}"`, label: '$where key' },
  { raw: `"$set":{"roles":["manager"]}`, label: '$set key' },
  { raw: `"a.b":"${MARK}"`, label: 'dotted key' },
  { raw: `"__proto__":{"polluted":"${MARK}"}`, label: '__proto__ key' },
  { raw: `"constructor":{"prototype":{"polluted":"${MARK}"}}`, label: 'constructor.prototype key' },
];

/** Mutations of one template: operators and wrong types in every field, hostile keys at every object. */
export function templateMutations(template: Json): HostileBody[] {
  const out: HostileBody[] = [];
  for (const leaf of leaves(template)) {
    const where = leaf.path.join('.') || 'body';
    if (typeof leaf.value === 'string') {
      OPERATORS.forEach((op, i) => out.push({ label: `operator ${i} in ${where}`, body: JSON.stringify(setAt(template, leaf.path, op)) }));
    }
    // Wrong types field by field would multiply quickly: two per field, chosen by position.
    const wrong = [WRONG_TYPES[leaf.path.length % WRONG_TYPES.length], WRONG_TYPES[(where.length + 3) % WRONG_TYPES.length]];
    wrong.forEach((w) => out.push({ label: `${JSON.stringify(w)} in ${where}`, body: JSON.stringify(setAt(template, leaf.path, w)) }));
  }
  for (const path of objectPaths(template)) {
    for (const k of KEY_INJECTIONS) out.push({ label: `${k.label} at ${path.join('.') || 'top'}`, body: withRawKeys(template, path, k.raw) });
  }
  return out;
}

/** Shapes that break parsers, whatever the route. */
export function shapeMutations(template: Json): HostileBody[] {
  const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
  const json = JSON.stringify(template);
  const asValue = (fragment: string) => json.replace(/^\{/, `{"fuzz":${fragment},`);
  return [
    { label: 'object nested 10,000 deep', body: deepObject },
    { label: 'array nested 10,000 deep', body: deepArray },
    { label: 'template with a 10,000-deep value', body: asValue(deepArray) },
    { label: 'object with 12,000 keys', body: asValue(JSON.stringify(Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`k${i}`, i])))) },
    { label: 'array of 50,000 numbers', body: `[${Array(50_000).fill(0).join(',')}]` },
    { label: 'template with a 20,000-element array', body: asValue(JSON.stringify(Array(20_000).fill(MARK))) },
    { label: 'invalid UTF-8 in a string', body: Buffer.concat([Buffer.from(json.slice(0, -1) + ',"fuzz":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}')]) },
    { label: 'lone surrogates', body: json.replace(/"([^"]*)"(?=\s*[,}])/, '"\\ud800\\udfff\\udc00$1"') },
    { label: 'NUL bytes', body: json.replace(/"([^"]*)"(?=\s*[,}])/, '"\\u0000$1\\u0000"') },
    { label: 'empty body', body: '' },
    { label: 'whitespace only', body: '   \n' },
    { label: 'truncated JSON', body: json.slice(0, Math.max(1, json.length - 3)) },
    { label: 'a bare string', body: '"hello"' },
    { label: 'null', body: 'null' },
    { label: 'a number', body: '1e999' },
    { label: 'JSON sent as text/plain', body: json, contentType: 'text/plain' },
    { label: 'a form', body: `type=message&text[$gt]=&__proto__[polluted]=${MARK}`, contentType: 'application/x-www-form-urlencoded' },
    { label: 'multipart without a boundary', body: json, contentType: 'multipart/form-data' },
    { label: 'XML', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', contentType: 'application/xml' },
    { label: 'no content type', body: json, contentType: '' },
    { label: 'a charset nobody uses', body: json, contentType: 'application/json; charset=utf-7' },
    { label: 'over the size limit', body: asValue(JSON.stringify('x'.repeat(300 * 1024))) },
  ];
}
