import { factsIn } from './services/intake/facts';
import { affirmationIn } from './services/intake/affirm';
const now = new Date('2026-11-23T10:00:00Z');
for (const t of process.argv.slice(2)) console.log(JSON.stringify(t), '=>', JSON.stringify(factsIn(t, now)), JSON.stringify(affirmationIn(t)));
