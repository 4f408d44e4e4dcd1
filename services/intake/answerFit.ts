/**
 * Whether a free-text answer answers the question asked, or only says something the intake asks
 * about elsewhere: "on Mill Lane" to "when did it happen?", a phone number to "where is this?",
 * "I reported it twice already" to "what would put it right?". Such an answer is read for those
 * facts (dialogs/absorbFacts) and must not also be stored as the answer to the question. Pure.
 */
import { extractContact } from './extract';
import { factsIn } from './facts';

/** What the question asked for; `file` (the evidence question) takes no words as its answer. */
export type AskedFor = 'place' | 'when' | 'outcome' | 'file';
export type OtherFact = 'place' | 'when' | 'contact' | 'reportedBefore';

const EMAIL = /[^\s@,;]+@[^\s@,;]+\.[a-z]{2,}/gi;
const PHONE = /(?:\+?44\s?|0)(?:\d[\s-]?){9,10}\d?/g;
/**
 * Words that carry no answer of their own once the facts are taken out: glue, and the words people
 * put around a fact ("it was at", "my number is", "I've already rung you twice about it").
 */
const FILLER = new Set(
  (
    "a an the it its it's its is was were be been being i i'm im i've ive we we've our my me you your you've they them their he she his her " +
    'at on in of to for by from near outside opposite behind next off just about around round and or but so also too then ' +
    'has have had having did do does done already before previously again times time once twice thrice several few many couple ' +
    'one two three four five six seven eight nine ten number phone mobile tel telephone email e-mail address contact details name ' +
    'call ring text reach me on is are reported report told tell rang phoned called emailed e-mailed contacted chased raised logged ' +
    'complained mentioned wrote written sent messaged about this that there here street road lane happened started ago last week ' +
    'month year yes ok okay sorry thanks thank please well um erm oh'
  ).split(' '),
);

/** The other facts an answer holds, when it holds nothing else; undefined when it answers what was asked (or says something new). */
export function otherFactsOnly(answer: string, asked: AskedFor, now: Date): OtherFact[] | undefined {
  const text = answer.trim().slice(0, 600);
  if (!text) return undefined;
  const facts = factsIn(text, now);
  if (asked === 'place' && facts.place) return undefined;
  if (asked === 'when' && facts.when) return undefined;
  if (asked === 'outcome' && facts.outcome) return undefined;
  const found: OtherFact[] = [];
  if (asked !== 'place' && facts.place) found.push('place');
  if (asked !== 'when' && facts.when) found.push('when');
  if (facts.email || facts.phone || facts.name) found.push('contact');
  if (facts.reportedBefore?.before) found.push('reportedBefore');
  if (!found.length) return undefined;
  let rest = text.replace(EMAIL, ' ').replace(PHONE, ' ');
  if (facts.when) rest = rest.replace(facts.when.text, ' ');
  const spoken = new Set(
    // a name beside an email or phone ("Jane Smith, 07911 123456") is theirs, as the contact question reads it
    [facts.place, facts.name, facts.email || facts.phone ? extractContact(text).name : undefined]
      .filter((s): s is string => !!s)
      .join(' ')
      .toLowerCase()
      .split(/[^a-z0-9']+/),
  );
  const left = rest
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .split(/[^a-z0-9'-]+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => /[a-z]/.test(w) && !FILLER.has(w) && !spoken.has(w) && !/^[a-z]{1,2}\d/.test(w));
  return left.length === 0 ? found : undefined;
}
