/**
 * `npm run -s classify [-- --engine offline|openai] [--council <pack>]` (no pack: a council that runs
 * every service with a 12-month limit, the same as the `default` pack)
 * Reads JSON lines {"id","text","receivedAt"?} on stdin and writes exactly one JSON line per input
 * line on stdout, as each line arrives. Anything else (usage, warnings) goes to stderr.
 */
import readline from 'node:readline';
import { z } from 'zod';
import { defaultContext, loadContext } from './context';
import { createClassifier } from './index';
import type { Classifier, ClassifierContext } from './types';

const InputLine = z.strictObject({
  id: z.union([z.string(), z.number()], 'must be a string or a number'),
  text: z.string().trim().min(1, 'must not be empty'),
  receivedAt: z.iso.date('must be a date as YYYY-MM-DD').optional(),
});

/** Long messages are classified on their first part so one line cannot stall the stream. */
const MAX_TEXT = 20_000;

interface Args {
  engine: 'offline' | 'openai';
  /** Unset: the default context (runs everything, 12 months) without loading the policy module. */
  council?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { engine: 'offline' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--engine' && (value === 'offline' || value === 'openai')) args.engine = value;
    else if (flag === '--council' && value && !value.startsWith('--')) args.council = value;
    else throw new Error(`usage: classify [--engine offline|openai] [--council <pack>] (bad argument: ${flag})`);
    i++;
  }
  return args;
}

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number`);
  return n;
}

function buildClassifier(engine: Args['engine']): Classifier {
  if (engine === 'offline') return createClassifier();
  const apiKey = process.env.OPENAI_API_KEY;
  if (!apiKey) throw new Error('--engine openai needs OPENAI_API_KEY');
  return createClassifier({
    apiKey,
    baseURL: process.env.OPENAI_BASE_URL || undefined,
    model: process.env.OPENAI_MODEL || undefined,
    timeoutMs: envInt('OPENAI_TIMEOUT_MS'),
    maxRetries: envInt('OPENAI_MAX_RETRIES'),
  });
}

/** The id of a line that could be parsed as far as its id, for error lines. */
function idOf(value: unknown): string | number | null {
  if (typeof value === 'object' && value !== null && 'id' in value) {
    const id = value.id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return null;
}

async function answer(line: string, classifier: Classifier, context: ClassifierContext): Promise<string> {
  if (line.trim() === '') return JSON.stringify({ id: null, error: 'empty line' });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return JSON.stringify({ id: null, error: 'line is not valid JSON' });
  }
  const parsed = InputLine.safeParse(value);
  if (!parsed.success) {
    const error = parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
    return JSON.stringify({ id: idOf(value), error });
  }
  const { id, text, receivedAt } = parsed.data;
  try {
    const r = await classifier.classify({
      text: text.slice(0, MAX_TEXT),
      receivedAt: receivedAt ? new Date(`${receivedAt}T12:00:00Z`) : undefined,
      context,
    });
    return JSON.stringify({
      id,
      kind: r.kind,
      exclusions: r.exclusions,
      dissatisfied: r.dissatisfied,
      serviceAreas: r.serviceAreas,
      safeguarding: r.safeguarding,
      confidence: r.confidence,
      reasons: r.reasons,
      ...(r.dangerCheck ? { dangerCheck: r.dangerCheck } : {}),
    });
  } catch (err) {
    return JSON.stringify({ id, error: `classification failed: ${err instanceof Error ? err.message : 'unknown error'}` });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const context = args.council === undefined ? defaultContext : await loadContext(args.council);
  const classifier = buildClassifier(args.engine);

  // a reader that closed its end of the pipe is not an error worth a stack trace
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  // answers go out in input order even when the engine is asynchronous
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      process.stdout.write((await answer(line, classifier, context)) + '\n');
    });
  });
  await new Promise<void>((resolve) => rl.once('close', resolve));
  await queue;
}

main().catch((err: unknown) => {
  process.stderr.write(`classify: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
