/**
 * Reads a resident's chat message as an answer to a survey question, or as something else. An
 * answer is the whole message naming an option ("partly", "not really", a tapped button, its
 * number), or an option followed by punctuation and more words ("No, it took three calls"), whose
 * words are kept as part of the comment. Anything else (a new problem, a question, "talk to a
 * person") is not an answer: the survey steps aside and the message is dealt with as usual.
 */
import type { SurveyAnswer } from '../../models/surveyResponse';

/** `unclear`: an acknowledgement such as "ok" or "thanks", which answers nothing: the question is asked again. */
export type Heard = { kind: 'answer'; answer: SurveyAnswer; rest?: string } | { kind: 'skip' } | { kind: 'decline' } | { kind: 'unclear' };

/** In button order, so "1" to "4" pick as the numbered list shows them. */
const BY_NUMBER: Array<SurveyAnswer | 'skip'> = ['yes', 'partly', 'no', 'skip'];

const PHRASES: Record<SurveyAnswer | 'skip' | 'decline', string[]> = {
  yes: ['yes', 'y', 'yeah', 'yep', 'yup', 'aye', 'sure', 'definitely', 'absolutely', 'of course', 'very', 'very much', 'satisfied', 'very satisfied', 'happy', 'very happy', 'yes i am', 'yes it was', 'yes very', 'it was', 'i am', 'good', 'very good', 'great', 'excellent'],
  partly: ['partly', 'partially', 'in part', 'part', 'somewhat', 'sort of', 'kind of', 'a bit', 'a little', 'mostly', 'not entirely', 'not completely', 'not fully', 'fairly', 'so so', 'average', 'mixed', 'some of it', 'yes and no'],
  no: ['no', 'n', 'nope', 'nah', 'not really', 'not at all', 'not satisfied', 'dissatisfied', 'unsatisfied', 'unhappy', 'not happy', 'no it was not', "no it wasn't", 'no i am not', "no i'm not", 'not very', 'poor', 'bad', 'very bad', 'terrible', 'awful'],
  skip: ['skip', 'skip this question', 'skip it', 'skip this', 'pass', 'next', "don't know", 'dont know', 'do not know', 'not sure', 'unsure', 'no idea', 'prefer not to say', 'rather not say', "i'd rather not say", 'n a', 'na'],
  decline: ['stop', 'no thanks', 'no thank you', 'not now', 'not interested', 'cancel', 'quit', 'exit', 'stop the survey', 'stop asking', 'leave it', "i don't want to", 'i do not want to', "don't want to", 'no survey'],
};

/** "Nothing else" to the last question, in the words people use. */
const NO_COMMENT = ['skip', 'no', 'n', 'nope', 'nah', 'none', 'nothing', 'nothing else', 'no thanks', 'no thank you', 'no comment', 'no comments', "that's all", 'thats all', 'that is all', 'not really', 'all good', 'no nothing', 'n a', 'na', 'pass', 'nothing to add', 'no more'];

const ACKNOWLEDGEMENTS = ['ok', 'okay', 'k', 'fine', 'alright', 'all right', 'right', 'thanks', 'thank you', 'thankyou', 'cheers', 'ta', 'hi', 'hello', 'hmm', 'um', 'erm'];

const POLITE_TAIL = / (?:thanks|thank you|thankyou|please|cheers|ta)$/;

export function normalise(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[^a-z0-9' ]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function whole(text: string): string {
  let t = normalise(text);
  for (let i = 0; i < 2 && POLITE_TAIL.test(t); i++) t = t.replace(POLITE_TAIL, '').trim();
  return t;
}

function named(t: string): SurveyAnswer | 'skip' | 'decline' | undefined {
  if (/^[1-4]$/.test(t)) return BY_NUMBER[Number(t) - 1];
  // Declining first: "no thanks" to a survey means "don't ask me", not "not satisfied".
  for (const key of ['decline', 'skip', 'yes', 'partly', 'no'] as const) if (PHRASES[key].includes(t)) return key;
  return undefined;
}

/** The most words the part after an answer may have and still be read as saying more about it. */
const MAX_REST_WORDS = 30;

/** An answer to a yes / partly / no question, or undefined when the message is about something else. */
export function heardAnswer(text: string): Heard | undefined {
  const t = whole(text);
  if (!t) return undefined;
  // Before the polite words go: "no thanks" declines, where "no" answers.
  if (PHRASES.decline.includes(normalise(text))) return { kind: 'decline' };
  if (ACKNOWLEDGEMENTS.includes(t) || ACKNOWLEDGEMENTS.includes(normalise(text))) return { kind: 'unclear' };
  const key = named(t);
  if (key === 'decline' || key === 'skip') return { kind: key };
  if (key) return { kind: 'answer', answer: key };
  // "No, it took three calls." / "Partly - the bin came but late": the answer, then why.
  const m = /^\s*([^,.;:!?\u2013\u2014-]{1,30}?)\s*[,.;:!?\u2013\u2014-]+\s*(\S[\s\S]*)$/.exec(text.trim());
  if (!m) return undefined;
  const first = named(whole(m[1]));
  const rest = m[2].trim();
  if (!first || first === 'skip' || first === 'decline' || rest.split(/\s+/).length > MAX_REST_WORDS) return undefined;
  return { kind: 'answer', answer: first, rest };
}

/** True when the answer to "anything else?" is that there is nothing else. */
export function saysNothingMore(text: string): boolean {
  const t = whole(text);
  return t === '1' || NO_COMMENT.includes(t);
}
