/**
 * Offline classifier latency (rules + learned model): `npx tsx bench/classifier.ts [rounds]`. Prints
 * the model's load time, then runs the labelled set repeatedly (after a warm-up) and prints
 * per-message p50/p95/p99 and throughput.
 */
import { defaultContext } from '../services/classifier/context';
import { shippedModel } from '../services/classifier/learned/model';
import { classifyOffline } from '../services/classifier/offline';
import { loadLabelled, parseDay } from '../services/classifier/scoring';

const loaded = shippedModel();
console.log(loaded ? `model loaded in ${loaded.loadMs.toFixed(1)} ms (${loaded.file.features.length} features)` : 'no model file: rules only');

const rounds = Number(process.argv[2] ?? 20);
const messages = loadLabelled().map((m) => ({ text: m.text, receivedAt: m.receivedAt ? parseDay(m.receivedAt) : undefined, context: defaultContext }));

for (const input of messages) classifyOffline(input); // warm-up: JIT and regex compilation

const samples: number[] = [];
const started = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) {
  for (const input of messages) {
    const t0 = process.hrtime.bigint();
    classifyOffline(input);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
const totalMs = Number(process.hrtime.bigint() - started) / 1e6;

samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
const ms = (x: number) => `${x.toFixed(3)} ms`;
console.log(`offline classifier: ${samples.length} classifications (${messages.length} messages x ${rounds} rounds)`);
console.log(`p50 ${ms(pct(50))}  p95 ${ms(pct(95))}  p99 ${ms(pct(99))}  max ${ms(samples[samples.length - 1])}`);
console.log(`throughput ${Math.round(samples.length / (totalMs / 1000))} messages/s`);
