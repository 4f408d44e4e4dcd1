/**
 * How many turns a resident needs to file a complaint when their first message already says
 * what, where and when. A scripted resident answers each question the bot asks; the real dialogs,
 * classifier, state storage and case service run on an embedded FerretDB. Target: median <= 8.
 *
 *   npx tsx bench/intakeTurns.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, ConversationState, TestAdapter, UserState, Activity } from 'botbuilder';
import { caseOpenerFrom, createResidentBot } from '../bot/residentComposition';
import { CaseService } from '../services/cases';
import { OfflineClassifier } from '../services/classifier/offline';
import { Database } from '../services/database/database';
import { EmbeddedFerretDb } from '../services/database/embeddedFerretDb';
import { loadPack } from '../services/policy';
import { MongoStorage } from '../services/state/mongoStorage';

const FIRST_MESSAGES = [
  'I reported the broken streetlight outside 14 Elm Road three weeks ago and nobody has fixed it.',
  'The bins on Station Road have been missed three times since last Monday and nobody answers when I ring.',
  'Two weeks ago your contractor left a huge hole in the pavement on Mill Lane and it still is not fenced off, I complained then and heard nothing.',
  'Last Friday a member of staff at the Kings Road office was very rude to me and refused to help with my council tax.',
  'On 2 November I asked for the fly tipping on Oak Avenue to be removed and it is still there, this is not good enough.',
  'Since September the damp and mould in my flat at 3 Park Court has been reported four times and nothing has been done.',
  'Yesterday the grass cutting team damaged my fence on Rose Street and when I called the office they hung up on me.',
  'I applied for a parking permit for Church Street six weeks ago and I have chased it three times with no reply at all.',
  'The council promised on 10 October to repair the play area on Victoria Park and it has still not been done, very disappointed.',
  'Last month I wrote to the housing team about the broken lift at Hill View flats and never got a reply.',
];

const SCRIPT: [RegExp, string][] = [
  [/Here's what you've told us/, 'Send it'],
  [/Is that right\? Choose/, 'Make a complaint'],
  [/first time you have told us/, "No, I've told you before"],
  [/for yourself, or for someone else/, 'For myself'],
  [/Where is this/, '10 High Street'],
  [/When did this happen/, 'last week'],
  [/Why are you raising it now/, 'I was unwell'],
  [/put things right/, 'Fix it and apologise'],
  [/photos or documents/, 'Skip'],
  [/name and an email address or phone number/, 'Jane Smith jane@example.org'],
  [/How would you prefer/, 'By email'],
  [/make it easier for you/, 'No, nothing needed'],
  [/how the council itself acted/, 'Yes, carry on'],
];

function text(a: Partial<Activity>): string {
  return [a.text ?? '', ...(a.suggestedActions?.actions ?? []).map((x) => x.title)].join(' ');
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-intake-'));
  const embedded = new EmbeddedFerretDb({ dataDir, supervise: false });
  const db = new Database({ uri: `${await embedded.start()}bench_intake` });
  await db.connect();
  try {
    const pack = loadPack('default');
    const cases = new CaseService({ connection: db.connection, council: pack.id, reminders: false });
    const turns: number[] = [];
    for (const [i, first] of FIRST_MESSAGES.entries()) {
      const storage = new MongoStorage(db.connection);
      const conversationState = new ConversationState(storage);
      const { bot } = createResidentBot({ connection: db.connection, conversationState, userState: new UserState(storage), pack, classifier: new OfflineClassifier(), cases: caseOpenerFrom(cases) });
      const adapter = new TestAdapter(async (ctx) => bot.run(ctx), { conversation: { id: `bench-${i}` }, channelId: 'directline' } as never);
      let said = first;
      let count = 0;
      let reference: string | undefined;
      while (count < 30 && !reference) {
        const before = adapter.activeQueue.length;
        await adapter.receiveActivity({ type: ActivityTypes.Message, text: said });
        count += 1;
        const replies = adapter.activeQueue.splice(before).map(text).join('\n');
        reference = /Your reference is (\S+)\./.exec(replies)?.[1];
        if (reference) break;
        const next = SCRIPT.find(([re]) => re.test(replies));
        if (!next) throw new Error(`the scripted resident has no answer for:\n${replies}`);
        said = next[1];
      }
      if (!reference) throw new Error(`no case after ${count} turns: ${first}`);
      turns.push(count);
      console.log(`${String(count).padStart(2)} turns  ${reference}  ${first.slice(0, 70)}`);
    }
    const sorted = [...turns].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    console.log(`\nresident turns to file a complaint: median ${median}, min ${sorted[0]}, max ${sorted.at(-1)} over ${turns.length} conversations (target: median <= 8)`);
  } finally {
    await db.close();
    await embedded.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
