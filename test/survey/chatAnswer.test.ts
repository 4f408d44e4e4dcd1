/** How a chat message is read as a survey answer, or left for the rest of the bot. */
import { heardAnswer, saysNothingMore } from '../../services/survey/chatAnswer';

test.each([
  ['Yes', 'yes'], ['yes thanks', 'yes'], ['Yeah.', 'yes'], ['very satisfied', 'yes'], ['1', 'yes'],
  ['Partly', 'partly'], ['sort of', 'partly'], ['mostly', 'partly'], ['Not entirely!', 'partly'], ['2', 'partly'],
  ['No', 'no'], ['not really', 'no'], ['Not at all.', 'no'], ['nope', 'no'], ['3', 'no'],
])('%s answers %s', (text, answer) => {
  expect(heardAnswer(text)).toEqual({ kind: 'answer', answer });
});

test('an answer followed by why keeps the why', () => {
  expect(heardAnswer('No, it took three calls to get anyone.')).toEqual({ kind: 'answer', answer: 'no', rest: 'it took three calls to get anyone.' });
  expect(heardAnswer('Partly - the bin came back but late')).toEqual({ kind: 'answer', answer: 'partly', rest: 'the bin came back but late' });
  expect(heardAnswer('Yes. The officer phoned me back the same day.')).toEqual({ kind: 'answer', answer: 'yes', rest: 'The officer phoned me back the same day.' });
});

test.each(['skip', 'Skip this question', 'not sure', "don't know", '4'])('%s skips', (text) => expect(heardAnswer(text)).toEqual({ kind: 'skip' }));
test.each(['No thanks', 'no thank you', 'stop', 'not interested'])('%s declines the survey', (text) => expect(heardAnswer(text)).toEqual({ kind: 'decline' }));
test.each(['ok', 'OK thanks', 'thank you', 'hmm'])('%s answers nothing and is asked again', (text) => expect(heardAnswer(text)).toEqual({ kind: 'unclear' }));

test.each([
  'No one came to fix the street light on Elm Road',
  'There is a pothole outside number 14 that has been there for weeks',
  'Yes I would like to report a missed bin collection for the third week in a row please because nobody has come and the street is full of rubbish again',
  'My council tax bill is wrong',
  'I want to complain about the planning officer',
  '5',
  '',
])('"%s" is about something else', (text) => expect(heardAnswer(text)).toBeUndefined());

test('a long "no, ..." is something else, not an answer with a comment', () => {
  expect(heardAnswer(`No, ${'and another thing '.repeat(12)}`)).toBeUndefined();
});

test.each(['Nothing else', 'no', 'nothing', "that's all", 'No thanks', '1'])('%s to "anything else?" is nothing more', (text) => expect(saysNothingMore(text)).toBe(true));
test.each(['The crew were kind', 'no one called me back'])('%s to "anything else?" is a comment', (text) => expect(saysNothingMore(text)).toBe(false));
