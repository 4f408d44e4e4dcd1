/** `npx tsx bench/hazards.ts`: the hazard detector's time per message (p50/p95/p99), typical and 10,000-character messages. */
import { detectHazard } from '../services/hazards/detect';

const typical = [
  "There's black mould all over my daughter's bedroom wall. She's 3 and has asthma and she coughs all night.",
  'My green bin was not emptied on Monday. It is on Hilton Road, DE65 5FL.',
  'I can smell gas in the kitchen',
  'I reported the broken streetlight outside 14 Elm Road three weeks ago and nobody has come to fix it. I am fed up.',
  'The boiler has broken down and we have no heating',
  'thank you for fixing the mould in my bathroom so quickly',
];
const long = `${'The repairs team came round and looked at the kitchen, said they would come back, and did not. '.repeat(100)}Now there is mould on the ceiling.`.slice(0, 10_000);
const at = new Date('2026-12-02T10:00:00Z');

function measure(label: string, messages: string[], rounds: number): void {
  for (let i = 0; i < 200; i++) detectHazard(messages[i % messages.length], { at }); // warm up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    detectHazard(messages[i % messages.length], { at });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(3);
  process.stdout.write(`${label}: ${rounds} calls, p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${times[times.length - 1].toFixed(3)} ms\n`);
}

measure('typical messages', typical, 20_000);
measure('10,000-character message', [long], 500);
