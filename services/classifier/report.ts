/**
 * Figures for `npm run eval`: per-route precision and recall, the kind confusion matrix, the
 * route-level confusion (each message's main label against what it got), and safety routes missed.
 * Only labels and counts are printed, never message text, so the unseen set can be reported.
 */
import { FEEDBACK_KINDS, ROUTE_IDS, SAFETY_ROUTES, type FeedbackKind, type RouteId } from '../../models/vocabulary';
import type { LabelledMessage } from './scoring';
import type { Classification } from './types';

export interface Result {
  message: LabelledMessage;
  got: Pick<Classification, 'kind' | 'exclusions' | 'reasons' | 'dangerCheck'>;
  ok: boolean;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function accuracy(rs: Result[]): number {
  return rs.length === 0 ? 1 : rs.filter((r) => r.ok).length / rs.length;
}

/**
 * Messages whose expected safety route (emergency, police) was not returned; with `countQuestion`,
 * nor asked about (the danger question: a resident in danger who answers yes is signposted).
 */
export function safetyMissed(rs: Result[], countQuestion = false): Array<{ route: RouteId; id: string }> {
  const out: Array<{ route: RouteId; id: string }> = [];
  for (const r of rs) {
    for (const s of SAFETY_ROUTES) {
      const caught = r.got.exclusions.includes(s) || (countQuestion && (r.got.dangerCheck ?? []).includes(s));
      if (r.message.exclusions.includes(s) && !caught) out.push({ route: s, id: r.message.id });
    }
  }
  return out;
}

/** Why a safety route was neither signposted nor asked about, from the reasons the combination gave. */
export function missedWhy(rs: Result[]): { readDown: number; lowModel: number } {
  const out = { readDown: 0, lowModel: 0 };
  const byId = new Map(rs.map((r) => [r.message.id, r]));
  for (const { route, id } of safetyMissed(rs, true)) {
    const reasons = byId.get(id)?.got.reasons ?? [];
    if (reasons.some((x) => x.startsWith(`route ${route} not asked about`) || x.startsWith(`route ${route} not added`))) out.readDown++;
    else out.lowModel++;
  }
  return out;
}

/** How often the danger question is asked, and how often to someone whose message has no safety route. */
export function dangerQuestions(rs: Result[]): { asked: number; needless: number } {
  const asked = rs.filter((r) => (r.got.dangerCheck ?? []).length > 0);
  return { asked: asked.length, needless: asked.filter((r) => !r.message.exclusions.some((e) => SAFETY_ROUTES.includes(e))).length };
}

function routeTable(rs: Result[]): string[] {
  const lines = [`  ${'route'.padEnd(22)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}  tp  fp  fn`];
  for (const route of ROUTE_IDS) {
    const tp = rs.filter((r) => r.message.exclusions.includes(route) && r.got.exclusions.includes(route)).length;
    const fp = rs.filter((r) => !r.message.exclusions.includes(route) && r.got.exclusions.includes(route)).length;
    const fn = rs.filter((r) => r.message.exclusions.includes(route) && !r.got.exclusions.includes(route)).length;
    if (tp + fp + fn === 0) continue;
    const p = tp + fp === 0 ? 1 : tp / (tp + fp);
    const rc = tp + fn === 0 ? 1 : tp / (tp + fn);
    lines.push(`  ${route.padEnd(22)} ${pct(p).padStart(9)} ${pct(rc).padStart(7)} ${String(tp).padStart(3)} ${String(fp).padStart(3)} ${String(fn).padStart(3)}`);
  }
  return lines;
}

function kindMatrix(rs: Result[]): string[] {
  const short: Record<FeedbackKind, string> = { complaint: 'compl', service_request: 'request', comment: 'comment', compliment: 'praise' };
  const lines = [`  kind (rows expected, columns got; messages without exclusions)`, `  ${''.padEnd(16)}${FEEDBACK_KINDS.map((k) => short[k].padStart(8)).join('')}   recall`];
  const plain = rs.filter((r) => r.message.exclusions.length === 0);
  for (const k of FEEDBACK_KINDS) {
    const row = plain.filter((r) => r.message.kind === k);
    const counts = FEEDBACK_KINDS.map((g) => row.filter((r) => r.got.kind === g).length);
    lines.push(`  ${k.padEnd(16)}${counts.map((c) => String(c).padStart(8)).join('')}   ${row.length ? pct(counts[FEEDBACK_KINDS.indexOf(k)] / row.length) : '-'}`);
  }
  return lines;
}

/** A message's main label: its first expected route, else its kind. */
function expectedLabel(m: LabelledMessage): string {
  return m.exclusions[0] ?? m.kind;
}
function gotLabel(r: Result): string {
  const hit = r.message.exclusions.find((e) => r.got.exclusions.includes(e));
  return hit ?? r.got.exclusions[0] ?? r.got.kind;
}

function routeConfusion(rs: Result[]): string[] {
  const labels = [...ROUTE_IDS, ...FEEDBACK_KINDS].filter((l) => rs.some((r) => expectedLabel(r.message) === l || gotLabel(r) === l));
  const lines = ['  route-level confusion (rows expected main label, columns got; column numbers = row numbers)'];
  lines.push(`  ${''.padEnd(26)}${labels.map((_, i) => String(i + 1).padStart(4)).join('')}`);
  labels.forEach((l, i) => {
    const row = rs.filter((r) => expectedLabel(r.message) === l);
    if (row.length === 0) return;
    const cells = labels.map((g) => {
      const n = row.filter((r) => gotLabel(r) === g).length;
      return (n === 0 ? '.' : String(n)).padStart(4);
    });
    lines.push(`  ${`${String(i + 1).padStart(2)} ${l}`.padEnd(26)}${cells.join('')}`);
  });
  return lines;
}

export function printSection(title: string, rs: Result[]): void {
  console.log(`\n== ${title}`);
  const missed = safetyMissed(rs);
  const questions = dangerQuestions(rs);
  console.log(`route accuracy ${pct(accuracy(rs))} (${rs.filter((r) => r.ok).length}/${rs.length}); safety routes missed: ${missed.length} (${safetyMissed(rs, true).length} counting the danger question)`);
  console.log(`danger question asked ${questions.asked} times, ${questions.needless} of them needlessly`);
  const why = missedWhy(rs);
  if (why.readDown + why.lowModel > 0) console.log(`still missed: ${why.lowModel} with the model below the question's floor, ${why.readDown} read by the rules as over or played down`);
  for (const line of [...routeTable(rs), '', ...kindMatrix(rs), '', ...routeConfusion(rs)]) console.log(line);
}

export function printFailures(rs: Result[]): void {
  for (const { message, got } of rs.filter((r) => !r.ok)) {
    console.log(`\n✗ ${message.id} [${message.split}] expected ${message.kind} [${message.exclusions.join(',')}] got ${got.kind} [${got.exclusions.join(',')}]`);
    console.log(`  ${message.text}`);
    console.log(`  ${got.reasons.join(' | ')}`);
  }
}
