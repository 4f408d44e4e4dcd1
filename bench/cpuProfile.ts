/**
 * Summarises a V8 .cpuprofile (from `BOT_NODE_ARGS=--cpu-prof`, see bench/apiMessages.ts): where
 * the main thread's busy time went, by function (self and total) and by file or package (self),
 * idle time left out. Total counts a function once per sample however deep it recurses.
 *
 *   npx tsx bench/cpuProfile.ts CPU.*.cpuprofile [--top 40] [--from ms] [--focus text]
 *
 * --from skips the first ms of the profile (startup and the warm-up round); --focus also prints
 * where the time under the frames whose label contains the text went (the callees' totals).
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** Where a frame's code lives: a package, a project file, or V8/Node internals. */
function placeOf(url: string): string {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  const project = /\/((?:bot|dialogs|services|models|locale|bench)\/.*)$/.exec(url);
  return project ? project[1] : url;
}

function summarise(file: string, top: number, fromMs: number, focus?: string): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${placeOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const byPlace = new Map<string, number>();
  const under = new Map<string, number>();
  let focused = 0;
  let busy = 0;
  let idle = 0;
  let clock = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    clock += dt;
    if (clock / 1000 < fromMs) return;
    const node = byId.get(id)!;
    if (IDLE.has(node.callFrame.functionName)) {
      idle += dt;
      return;
    }
    busy += dt;
    const name = label(node);
    self.set(name, (self.get(name) ?? 0) + dt);
    const place = node.callFrame.functionName === '(garbage collector)' ? '(gc)' : placeOf(node.callFrame.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + dt);
    const stack: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(label(byId.get(at)!));
    for (const f of new Set(stack)) total.set(f, (total.get(f) ?? 0) + dt);
    let outermost = -1;
    if (focus) for (let i = stack.length - 1; i >= 0 && outermost < 0; i--) if (stack[i].includes(focus)) outermost = i;
    if (outermost >= 0) {
      focused += dt;
      for (const f of new Set(stack.slice(0, outermost))) under.set(f, (under.get(f) ?? 0) + dt);
    }
  });

  const pct = (us: number) => `${((100 * us) / Math.max(1, busy)).toFixed(1).padStart(5)}%`;
  const table = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)} ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  };
  console.log(`${file}: busy ${(busy / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms`);
  table('self time by file or package', byPlace);
  table('self time by function', self);
  table('total time by function (project code and packages)', new Map([...total].filter(([k]) => !k.startsWith('(root)'))));
  if (focus) table(`under "${focus}" (${(focused / 1000).toFixed(0)} ms): total time by callee`, under);
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  args.splice(i, 2);
  return value;
};
const top = option('--top', 40);
const from = option('--from', 0);
const focusAt = args.indexOf('--focus');
const focus = focusAt >= 0 ? args.splice(focusAt, 2)[1] : undefined;
for (const file of args) summarise(file, top, from, focus);
