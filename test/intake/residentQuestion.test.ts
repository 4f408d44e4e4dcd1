/**
 * The reader of a resident's question back about the process (services/intake/residentQuestion.ts):
 * everyday words and spellings name the topic; descriptions, answers and long messages are not one.
 */
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
  'The bin men never come on time and nobody will tell me why, how long do I have to wait for a new bin to be delivered after ordering it three times',
])('"%s" is not a question about the process', (text) => {
  expect(residentQuestionIn(text)).toBeUndefined();
});
