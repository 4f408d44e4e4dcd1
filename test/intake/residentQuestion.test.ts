/**
 * The reader of a resident's question back about the process (services/intake/residentQuestion.ts):
 * everyday words and spellings name the topic; descriptions, answers and long messages are not one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { residentQuestionIn, type ResidentQuestion } from '../../services/intake/residentQuestion';

const ASKED: Array<[string, ResidentQuestion]> = [
  ['how long will this take?', 'timescale'],
  ['hw long will it take', 'timescale'],
  ['when will i get a reply??', 'timescale'],
  ['When will I hear back?', 'timescale'],
  ['wen will u get back to me', 'timescale'],
  ['sorry, when will it be fixed?', 'timescale'],
  ['ok. how long does it usually take', 'timescale'],
  ['what happens next?', 'next'],
  ['whats next', 'next'],
  ['will someone ring me?', 'reply'],
  ['will I get a reply?', 'reply'],
  ['will you keep me updated?', 'reply'],
  ['will i be told the outcome?', 'reply'],
  ['why do you need my email?', 'whyContact'],
  ['why u need my number', 'whyContact'],
  ['do you need my phone number?', 'whyContact'],
  ['who will see this?', 'privacy'],
  ['who can see my details?', 'privacy'],
  ['will my neighbour find out it was me?', 'privacy'],
  ['is this confidential?', 'privacy'],
  ['what will you do with my information?', 'privacy'],
  ['can I stay anonymous?', 'anonymous'],
  ['can i do this anonymously', 'anonymous'],
  ['do I have to give my name?', 'anonymous'],
  ['can I send a photo?', 'evidence'],
  ['can I send you a picture of it?', 'evidence'],
  ['how do I attach pics?', 'evidence'],
  ['is this a complaint or what?', 'kind'],
  ["what's the difference between a complaint and a report?", 'kind'],
  ['is this going to be a formal complaint?', 'kind'],
  ['how long till i hear back', 'timescale'],
  ['how long have you got to reply?', 'timescale'],
  ['wen will sum1 come out', 'timescale'],
  ['will i hear anything?', 'reply'],
  ['how will i know when its done', 'reply'],
  ['what happens after i send it?', 'next'],
  ['will i get a reference?', 'next'],
  ['what do you need my address for?', 'whyContact'],
  ['will the person im complaining about know it was me?', 'privacy'],
  ['is my name going to be passed on?', 'privacy'],
  ['can i email you the photos?', 'evidence'],
  ['will you need photos?', 'evidence'],
];

test.each(ASKED)('"%s" asks about %s', (text, topic) => {
  expect(residentQuestionIn(text)).toBe(topic);
});

test.each([
  "why hasn't my bin been emptied for 3 weeks?",
  'who is going to fix this pothole?',
  'why is nobody answering the phone?',
  'what is going on with my bins?',
  'how long ago do you mean?',
  'I want to know when you will fix it',
  'Jane Smith jane@example.org',
  'My name is Jo. Why do you need my email?',
  'Mill Lane by the bus stop',
  '3 weeks ago',
  'Skip',
  'yes',
  'how long have i got to complain?',
  'how long does a blue badge application take',
  'can you tell me where the tip is?',
  'Please can you send me the complaints procedure so I know how long you have to answer me',
  'The bin men never come on time and nobody will tell me why, how long do I have to wait for a new bin to be delivered after ordering it three times',
])('"%s" is not a question about the process', (text) => {
  expect(residentQuestionIn(text)).toBeUndefined();
});

/** The first messages the classifier is trained and measured on: descriptions, over a thousand of them questions. */
test('no description in the classifier\'s data is read as a question about the process', () => {
  const files = ['services/classifier/training/kinds.jsonl', 'services/classifier/training/kinds-varied.jsonl', 'services/classifier/training/routes.jsonl', 'services/classifier/training/routes-varied.jsonl', 'test/fixtures/labelled.jsonl', 'test/fixtures/unseen.jsonl'];
  const texts = files.flatMap((f) => readFileSync(join(__dirname, '../..', f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text));
  expect(texts.filter((t) => t.includes('?')).length).toBeGreaterThan(1000);
  expect(texts.filter((t) => residentQuestionIn(t))).toEqual([]);
});
