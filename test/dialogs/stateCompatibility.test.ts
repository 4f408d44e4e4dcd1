/**
 * A resident half-way through when the bot is upgraded loses nothing: conversation state saved by
 * the code before the dialogs took typed options, or before triage did (fixtures captured from a
 * real run on main, one snapshot after each turn) resumes on this code, and every later turn sees
 * exactly what it saw then, the summary included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { Database } from '../../services/database/database';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness } from '../intake/harness';
import { casesFor } from '../intake/cases';

interface Capture {
  conversationId: string;
  turns: { say: string; replies: string[]; state: Record<string, Record<string, unknown>> }[];
}

let db: Database;
beforeAll(async () => {
  db = await openTestDb('dialogs-state-compat');
});
afterAll(() => dropTestDb(db));

const load = (name: string): Capture => JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.state.json`), 'utf8')) as Capture;

/**
 * Replies without what differs between runs by design: the case reference's number, the
 * re-ask's sentence, reworded since the capture (a prompt saved in old state keeps its old words),
 * and a span of weeks read from the words again after resuming, which now names its month, not a made-up day.
 */
const RETRY_WORDS = /Please choose one of the options(, or type its number| above, or type it in your own words)\./g;
const WEEKS_AS_A_DAY = /When: \w+day, \d{1,2} (\w+ \d{4}) \(([\w ]+ weeks? ago)\)/g;
const comparable = (replies: string[]) => replies.map((r) => r.replace(/[A-Z]+-2026-\d{6}/g, 'REF').replace(RETRY_WORDS, 'RETRY').replace(WEEKS_AS_A_DAY, 'When: $1 ($2)'));

// The triage ones stop mid-triage at each of its questions: after a signpost, a first report offered, a description thought about again.
describe.each(['complaintDeferredWho', 'complaintForMum', 'triageSignposted', 'triageFirstReport', 'triageReconsidered'])('state saved mid-intake by the old dialogs (%s)', (name) => {
  const capture = load(name);
  // Resuming after the last turn has nothing left to see; after the first the draft is only triage's.
  const points = capture.turns.slice(0, -1).map((_, i) => i);

  test.each(points)('resumed after turn %i, the rest of the conversation is what it was', async (k) => {
    const storage = new MemoryStorage();
    const saved = capture.turns[k].state;
    await storage.write(Object.fromEntries(Object.entries(saved).map(([key, item]) => [key, { ...item, eTag: '*' }])));
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default'), storage, conversationId: capture.conversationId });
    for (const turn of capture.turns.slice(k + 1)) {
      const replies = await h.say(turn.say);
      expect({ say: turn.say, replies: comparable(replies) }).toEqual({ say: turn.say, replies: comparable(turn.replies) });
    }
  });
});
