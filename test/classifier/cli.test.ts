/**
 * The classify command as a user runs it: JSON lines in, one JSON line out per input line, each
 * answered as it arrives (the first answer is read before stdin is closed).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'services', 'classifier', 'cli.ts');

function start(args: string[] = [], env: NodeJS.ProcessEnv = {}): { child: ChildProcessWithoutNullStreams; lines: AsyncIterator<string>; stderr: () => string } {
  const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env: { ...process.env, OPENAI_API_KEY: '', ...env } });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, lines, stderr: () => err };
}

async function next(lines: AsyncIterator<string>): Promise<Record<string, unknown>> {
  const { value, done } = await lines.next();
  if (done) throw new Error('stdout closed before an answer');
  return JSON.parse(value) as Record<string, unknown>;
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

describe('classify CLI', () => {
  it('answers each line as it arrives, before stdin is closed', async () => {
    const { child, lines } = start();
    child.stdin.write(JSON.stringify({ id: 'first', text: 'there is a strong smell of gas in the hallway' }) + '\n');
    const first = await next(lines);
    expect(first).toMatchObject({ id: 'first', exclusions: ['emergency'] });
    expect(Object.keys(first)).toEqual(['id', 'kind', 'exclusions', 'dissatisfied', 'serviceAreas', 'safeguarding', 'confidence', 'reasons']);

    child.stdin.write(JSON.stringify({ id: 'second', text: 'the lamp post outside number 3 is out' }) + '\n');
    expect(await next(lines)).toMatchObject({ id: 'second', kind: 'service_request', exclusions: [] });
    child.stdin.end();
    expect(await exitCode(child)).toBe(0);
  });

  it('writes exactly one line per input line, with an error line for each bad one', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'my neighbours dog barks all night' }),
      'this is not json',
      JSON.stringify({ id: 'b' }),
      '',
      JSON.stringify({ id: 'c', text: 'two years ago the housing officer swore at me', receivedAt: '2025-01-31' }),
      JSON.stringify({ id: 'd', text: 'some text', receivedAt: '31/01/2025' }),
      JSON.stringify({ text: 'no id here' }),
      JSON.stringify({ id: 42, text: 'thank you to the library staff, brilliant as always' }),
    ];
    const { child, lines, stderr } = start();
    child.stdin.end(input.join('\n') + '\n');
    const out: Array<Record<string, unknown>> = [];
    for (let r = await lines.next(); !r.done; r = await lines.next()) out.push(JSON.parse(r.value) as Record<string, unknown>);
    expect(await exitCode(child)).toBe(0);
    expect(stderr()).toBe('');

    expect(out).toHaveLength(input.length);
    expect(out.map((o) => o.id)).toEqual(['a', null, 'b', null, 'c', 'd', null, 42]);
    expect(out[0]).toMatchObject({ exclusions: ['antisocial_behaviour'] });
    expect(out[1].error).toMatch(/not valid JSON/);
    expect(out[2].error).toMatch(/text/);
    expect(out[3].error).toMatch(/empty/);
    expect(out[4]).toMatchObject({ kind: 'complaint', exclusions: ['out_of_time'] });
    expect(out[5].error).toMatch(/receivedAt/);
    expect(out[6].error).toMatch(/id/);
    expect(out[7]).toMatchObject({ kind: 'compliment', exclusions: [] });
  });

  it('uses the chosen council pack: a district signposts highways elsewhere', async () => {
    const { child, lines } = start(['--council', 'south-derbyshire']);
    child.stdin.end(JSON.stringify({ id: 'p', text: 'massive pothole on Swadlincote high street' }) + '\n');
    expect(await next(lines)).toMatchObject({ id: 'p', exclusions: ['other_organisation'] });
    expect(await exitCode(child)).toBe(0);
  });

  it('refuses the OpenAI engine without an API key, on stderr only', async () => {
    const { child, lines, stderr } = start(['--engine', 'openai']);
    child.stdin.end();
    expect(await lines.next()).toMatchObject({ done: true });
    expect(await exitCode(child)).toBe(2);
    expect(stderr()).toMatch(/OPENAI_API_KEY/);
  });
});
