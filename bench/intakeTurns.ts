/**
 * How many turns a resident needs from a first message to a case reference, over journeys of
 * every kind: first reports with place and day, complaints with what, where and when, people
 * writing for a relative, compliments, anonymous comments. A scripted resident answers each
 * question the bot asks; the real dialogs, classifier, state storage and case service run on an
 * embedded FerretDB. Each opened case is checked for what it needs (consent for representatives,
 * a way to reply, the place). Target: median <= 6 resident turns, none over 9.
 *
 *   npx tsx bench/intakeTurns.ts            (add --transcripts to print every conversation)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, TestAdapter, UserState, Activity } from 'botbuilder';
import { SnapshotConversationState } from '../services/state/snapshotState';
import { caseOpenerFrom, createResidentBot } from '../bot/residentComposition';
import { CaseService } from '../services/cases';
import { OfflineClassifier } from '../services/classifier/offline';
import { Database } from '../services/database/database';
import { EmbeddedFerretDb } from '../services/database/embeddedFerretDb';
import { loadPack } from '../services/policy';
import { MongoStorage } from '../services/state/mongoStorage';

type Script = [RegExp, string][];

interface Journey {
  name: string;
  council?: string;
  first: string;
  /** Answers tried before the default ones. */
  answers?: Script;
  kind: 'complaint' | 'service_request' | 'comment' | 'compliment';
  /** What the opened case must hold (checked against the stored case). */
  check?: (c: Record<string, any>) => string | undefined;
}

/** The resident's answers when the journey has none of its own: short, as people type them. */
const DEFAULT: Script = [
  [/Here's what you've told us/, 'Send it'],
  [/Is that right\? Choose/, 'Yes'],
  [/first time you have told us/, "No, I've told you before"],
  [/As this is the first time you've told us/, 'Report it so it gets fixed'],
  [/for yourself, or for someone else/, 'For myself'],
  [/Where is this/, '10 High Street'],
  [/When did this happen/, 'last week'],
  [/Why are you raising it now/, 'I was unwell'],
  [/put things right/, 'Fix it and apologise'],
  [/photos or documents/, 'Skip'],
  [/email address or phone number can we contact you on/, 'jane@example.org'],
  [/name and an email address or phone number/, 'Jane Smith jane@example.org'],
  [/How would you prefer/, 'By email'],
  [/make it easier for you/, 'No, nothing needed'],
  [/how the council itself acted/, 'Yes, carry on'],
  [/agreed to you acting for them/, 'Yes, they have agreed'],
  [/in writing, signed by them/, "I'll send it later"],
  [/pass your thanks to/, 'Skip'],
  [/Would you like a reply/, 'No reply needed'],
  [/No reply needed/, 'no thanks'],
];

const hasRep = (c: Record<string, any>) => (c.representative?.consentConfirmed ? undefined : 'no confirmed consent for the representative');
const canReply = (c: Record<string, any>) => (c.anonymous || c.resident?.email || c.resident?.phone || c.representative?.email || c.representative?.phone ? undefined : 'no way to reply');
const placeIs = (re: RegExp) => (c: Record<string, any>) => (re.test(c.location ?? '') ? undefined : `place ${JSON.stringify(c.location)} is not ${re}`);
const both = (...checks: ((c: Record<string, any>) => string | undefined)[]) => (c: Record<string, any>) => checks.map((f) => f(c)).find(Boolean);

const JOURNEYS: Journey[] = [
  // First reports that give the place and the day.
  { name: 'missed bin, place and day', first: "My green bin wasn't emptied on Monday. It's on Hilton Road, DE65 5FL.", kind: 'service_request', check: both(placeIs(/Hilton Road, DE65 5FL/), canReply) },
  { name: 'streetlight out', first: 'The streetlight outside 22 Beech Avenue has been out since Friday night.', kind: 'service_request', check: placeIs(/22 Beech Avenue/) },
  { name: 'pothole by a shop', first: 'There is a deep pothole by the Co-op on Station Road, it appeared yesterday.', kind: 'service_request', check: placeIs(/Station Road/) },
  { name: 'fly-tipping, landmark', first: 'Someone dumped a mattress and bags of rubbish behind Wigston Library last night.', kind: 'service_request', check: placeIs(/Wigston Library/) },
  { name: 'graffiti, lower case', first: 'graffiti all over the bus shelter on mill lane since tuesday', kind: 'service_request', check: placeIs(/mill lane/i) },
  { name: 'dog fouling, postcode only', first: 'Dog mess all along the footpath near LE2 5AB, been like it for a week', kind: 'service_request', check: placeIs(/LE2 5AB/) },
  { name: 'report with contact in it', first: "Hi, I'm Sam Lee (sam.lee@example.org). The recycling at 4 Oak Close wasn't collected this morning.", kind: 'service_request', check: both(placeIs(/4 Oak Close/), canReply) },
  { name: 'broken swing, park', first: 'One of the swings in Victoria Park is broken, noticed it on Saturday.', kind: 'service_request', check: placeIs(/Victoria Park/) },
  // Complaints with what, where and when.
  { name: 'damp and mould, reported twice', first: 'My kitchen has had damp and mould for four months, I reported it twice and the repairs team cancelled both appointments. I want it fixed properly.', kind: 'complaint', answers: [[/Where is this/, '3 Park Court, LE2 1AB']] },
  { name: 'streetlight, reported before', first: 'I reported the broken streetlight outside 14 Elm Road three weeks ago and nobody has fixed it.', kind: 'complaint', check: placeIs(/14 Elm Road/) },
  { name: 'missed bins three times', first: 'The bins on Station Road have been missed three times since last Monday and nobody answers when I ring. I want a collection and an explanation.', kind: 'complaint' },
  { name: 'rude member of staff', first: 'Last Friday a member of staff at the Kings Road office was very rude to me and refused to help with my council tax.', kind: 'complaint' },
  { name: 'parking permit ignored', first: 'I applied for a parking permit for Church Street six weeks ago and I have chased it three times with no reply at all. I would like the permit issued and an apology.', kind: 'complaint' },
  { name: 'complaint, yes with more', first: 'The council promised on 10 October to repair the play area on Victoria Park and it has still not been done, very disappointed.', answers: [[/Is that right\? Choose/, 'Yes, I reported it three times already']], kind: 'complaint' },
  { name: 'complaint, name typed first', first: 'Your contractor left a hole in the pavement on Mill Lane two weeks ago and it still is not fenced off, I complained then and heard nothing.', answers: [[/name and an email address or phone number/, 'Jane Smith']], kind: 'complaint', check: canReply },
  // Writing for someone else.
  { name: 'writing for father', first: "I'm writing for my father, his bins at 12 Rose Street have been missed for three weeks and I have reported it twice.", answers: [[/your father's name/, 'Tom Ward']], kind: 'complaint', check: hasRep },
  { name: 'helping grandmother', first: "I'm helping my grandmother, Margaret Morgan. Her boiler in her council flat at 5 Hill View broke on Monday and nobody came to the appointment.", kind: 'complaint', check: hasRep },
  { name: 'relative said later', first: 'The heating in the flat at 7 Tower Court has not worked since last week, we reported it on Monday.', answers: [[/name and an email address or phone number/, 'Ann Jones ann@example.org, I am writing for my mum Mary Jones']], kind: 'complaint', check: hasRep },
  // Only mentioned at first (someone mentioned is not presumed represented): who it is for is said at the contact question.
  { name: 'relationship the other way round', first: 'My nan reported a leaking roof at 9 Church Lane a month ago and nothing has happened.', answers: [[/contacting us for your grandmother/, 'Yes, Margaret Morgan'], [/name and an email address or phone number/, "Ann Jones ann@example.org, it's for my nan Margaret Morgan"]], kind: 'complaint', check: hasRep },
  // Compliments and comments.
  { name: 'compliment to a team', first: 'I just wanted to say a huge thank you to the bin crew on Elm Road, they are always so helpful.', kind: 'compliment' },
  { name: 'compliment, named person', first: 'Maria in the housing office was brilliant when I called yesterday, please pass on my thanks.', answers: [[/pass your thanks to/, 'Maria in housing']], kind: 'compliment' },
  { name: 'anonymous comment', first: 'It would be good if the library opened on Sunday afternoons.', answers: [[/Would you like a reply/, 'No reply needed']], kind: 'comment' },
  { name: 'anonymous comment, Oadby', council: 'oadby-wigston', first: 'I think the council should put more benches in Brocks Hill park.', answers: [[/Would you like a reply/, 'No reply needed']], kind: 'comment' },
  { name: 'comment wanting a reply', first: 'Suggestion: more recycling bins in the town centre would really help.', answers: [[/Would you like a reply/, 'Yes, please reply']], kind: 'comment', check: canReply },
];

function text(a: Partial<Activity>): string {
  return [a.text ?? '', ...(a.suggestedActions?.actions ?? []).map((x) => x.title)].join(' ');
}

async function main(): Promise<void> {
  const showTranscripts = process.argv.includes('--transcripts');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-intake-'));
  const embedded = new EmbeddedFerretDb({ dataDir, supervise: false });
  const db = new Database({ uri: `${await embedded.start()}bench_intake` });
  await db.connect();
  const failures: string[] = [];
  try {
    const turns: number[] = [];
    for (const [i, j] of JOURNEYS.entries()) {
      const pack = loadPack(j.council ?? 'default');
      const cases = new CaseService({ connection: db.connection, council: pack.id, reminders: false });
      const storage = new MongoStorage(db.connection);
      const conversationState = new SnapshotConversationState(storage);
      const { bot } = createResidentBot({ connection: db.connection, conversationState, userState: new UserState(storage), pack, classifier: new OfflineClassifier(), cases: caseOpenerFrom(cases) });
      const adapter = new TestAdapter(async (ctx) => bot.run(ctx), { conversation: { id: `bench-${Date.now()}-${i}` }, channelId: 'directline' } as never);
      const script = [...(j.answers ?? []), ...DEFAULT];
      const transcript: string[] = [];
      let said = j.first;
      let count = 0;
      let reference: string | undefined;
      while (count < 30 && !reference) {
        const before = adapter.activeQueue.length;
        await adapter.receiveActivity({ type: ActivityTypes.Message, text: said });
        count += 1;
        const replies = adapter.activeQueue.splice(before).map(text).join('\n');
        transcript.push(`> ${said}`, replies);
        reference = /Your reference is (\S+)\./.exec(replies)?.[1];
        if (reference) break;
        const next = script.find(([re]) => re.test(replies));
        if (!next) throw new Error(`the scripted resident has no answer for:\n${replies}\n\n${transcript.join('\n')}`);
        said = next[1];
      }
      if (!reference) throw new Error(`no case after ${count} turns: ${j.first}`);
      const saved = JSON.parse(JSON.stringify(await cases.getByReference(reference))) as Record<string, any>;
      const problem = saved.kind !== j.kind ? `kind ${saved.kind}, expected ${j.kind}` : j.check?.(saved);
      if (problem) failures.push(`${j.name}: ${problem}`);
      turns.push(count);
      console.log(`${String(count).padStart(2)} turns  ${reference.padEnd(16)} ${j.name.padEnd(36)} ${problem ? `PROBLEM: ${problem}` : 'ok'}`);
      if (showTranscripts) console.log(`${transcript.join('\n')}\n`);
    }
    const sorted = [...turns].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    console.log(`\nresident turns from first message to reference: median ${median}, min ${sorted[0]}, max ${sorted.at(-1)} over ${turns.length} journeys (target: median <= 6, none over 9)`);
    if (failures.length) {
      console.log(`\n${failures.length} journeys lost something a case needs:\n${failures.join('\n')}`);
      process.exitCode = 1;
    }
    if (median > 6 || (sorted.at(-1) ?? 0) > 9) process.exitCode = 1;
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
