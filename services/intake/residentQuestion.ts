/**
 * A question back about the process, asked mid-intake instead of an answer: "hw long will it take",
 * "when will i get a reply??", "why do you need my email?", "can I stay anonymous?". Only questions
 * about the process count (time, reply, next steps, data use, anonymity, evidence, the kind), so
 * "why hasn't my bin been emptied for 3 weeks?" or "who is going to fix this pothole?" is not one.
 * The intake reads this only once the matter is described: a first message or a description that
 * is a question is the matter itself.
 */

export const RESIDENT_QUESTIONS = ['timescale', 'reply', 'next', 'whyContact', 'privacy', 'anonymous', 'evidence', 'kind'] as const;
export type ResidentQuestion = (typeof RESIDENT_QUESTIONS)[number];

/** Chat spellings, word for word, to the words the patterns use. */
const SPELLINGS: Record<string, string> = {
  hw: 'how', hows: 'how is', wen: 'when', wn: 'when', whn: 'when', wat: 'what', wot: 'what', wht: 'what', whats: 'what is', wots: 'what is',
  u: 'you', ya: 'you', yu: 'you', ur: 'your', yr: 'your', r: 'are', wil: 'will', wl: 'will', cn: 'can', cud: 'could', wud: 'would',
  tk: 'take', tak: 'take', tke: 'take', takes: 'take', lng: 'long', gonna: 'going to', wanna: 'want to', im: "i'm", dont: "don't", wont: "won't",
  doesnt: "doesn't", cant: "can't", pls: 'please', plz: 'please', ppl: 'people', sum1: 'someone', some1: 'someone', any1: 'anyone',
  pic: 'photo', pics: 'photo', piccy: 'photo', piccies: 'photo', picture: 'photo', pictures: 'photo', photos: 'photo', image: 'photo', images: 'photo', foto: 'photo', fotos: 'photo', pix: 'photo', vid: 'video', videos: 'video',
  fone: 'phone', ph: 'phone', mob: 'mobile', num: 'number', nr: 'number', 'e-mail': 'email', emails: 'email', addy: 'address', adress: 'address',
  anon: 'anonymous', anonymously: 'anonymous', anonymus: 'anonymous', annonymous: 'anonymous', anonomous: 'anonymous', anonimous: 'anonymous', anonymos: 'anonymous', annonymously: 'anonymous',
  complant: 'complaint', complait: 'complaint', compliant: 'complaint', complaints: 'complaint', repley: 'reply', reponse: 'response', respons: 'response',
  nxt: 'next', tho: 'though', thx: 'thanks', ta: 'thanks', wk: 'week', wks: 'weeks', dys: 'days', deets: 'details', info: 'information',
};

/** Lower case, chat spellings undone, only letters, digits, apostrophes and spaces. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\be[\s-]mail\b/g, 'email')
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => SPELLINGS[w] ?? w)
    .join(' ');
}

const SOMEONE = String.raw`(?:some ?one|some ?body|any ?one|any ?body|you|they|the council|a person|an officer|staff|the team|anybody)`;
const DETAILS = String.raw`(?:email|phone|number|mobile|name|address|details|contact details|contact|postcode|information|personal information|data)`;
const EVIDENCE = String.raw`(?:photo|video|document|documents|file|files|evidence|screenshot|screenshots|proof|letter|letters|scan|attachment|attachments)`;

/** In order: "when will I get a reply" is about time before it is about a reply. */
const TOPICS: Array<[ResidentQuestion, RegExp]> = [
  [
    'anonymous',
    new RegExp(
      String.raw`\banonymous\b|\bwithout (?:giving |leaving |saying )?(?:my|a|any) (?:name|details)\b|\bdo i (?:have|need|got) to (?:give|say|tell you|leave|put|share) (?:you )?my (?:name|details)\b|\bmust i (?:give|say|leave) my name\b|\b(?:need|have) to know (?:who i am|my name)\b`,
    ),
  ],
  [
    'privacy',
    new RegExp(
      String.raw`\bwho (?:will|would|can|could|gets? to|is going to|are going to|else will|else can) (?:see|read|look at|know about|have access to|get|be told|find out)\b|\b(?:will|would|does|do|can) (?:my |the )?(?:neighbours?|landlord|employer|person|people|they|he|she|anyone|any one|the council) (?:know|find out|see|be told)\b|\b(?:is|are|will|would) (?:this|it|my [a-z]+) (?:be )?(?:kept )?(?:confidential|private|secret|shared|passed on|given out|given to)\b|\bwhat (?:do|will|are|would) you (?:do|doing|going to do|use) (?:with )?my ${DETAILS}\b|\b(?:how|where) (?:is|will|are|do you) (?:you )?(?:use|keep|store|be used|be kept|be stored|my)\b.*\b${DETAILS}\b|\bwill (?:they|he|she|the [a-z]+(?: [a-z']+){0,4}|my [a-z]+) (?:know|find out|be told) (?:it was|it's|its|who)\b|\b(?:is|will) my (?:name|details|information) (?:going to )?(?:be )?(?:passed on|shared|given)\b|\bprivacy\b|\bgdpr\b|\bdata protection\b`,
    ),
  ],
  [
    'whyContact',
    new RegExp(
      String.raw`\bwhy (?:(?:do|does|would|are|is|should|must) )?(?:(?:you|the council|it|i) )?(?:need|want|ask(?:ing)?(?: me)? for|require|have to (?:give|have)|need to (?:know|have|give)|give you) (?:you )?(?:my |your |an? |the |me )?${DETAILS}\b|\bdo you (?:need|want|have to have) (?:my |an? )?${DETAILS}\b|\bwhat (?:do|will|would) you (?:need|want) my ${DETAILS} for\b|\bdo (?:i|you) (?:have|need|got) to (?:give|have|know) (?:you )?(?:my |an? )?(?:email|phone|number|mobile|address|contact)\b|\bwhy ${DETAILS}\b`,
    ),
  ],
  [
    'timescale',
    new RegExp(
      String.raw`\bhow long (?:(?:will|does|would|is|do|did|should|might|can|could|has|have|are|usually|normally) )*(?:it|this|that|you|they|i|we|someone|anyone|the council|the team|my (?:complaint|report|case|request)|(?:till|until|before|for|to wait|to wait for|to)\b)(?! ago\b| been\b| lived\b| had\b| waited\b| got to (?:complain|make)| have to (?:complain|make))|\bhow long\s*$|\bhow soon\b|\bhow quick(?:ly)?\b|\bhow many (?:days|weeks|months)\b|\b(?:time ?scales?|time ?frame|wait(?:ing)? time)\b|\bwhen (?:will|would|do|should|can|might|am|are|is|shall) (?:i|we|you|they|someone|somebody|anyone|it|this|that|the council|my [a-z]+)\b.*\b(?:hear|reply|replied|response|respond|answer|back|fixed|sorted|done|dealt|resolved|happen|know|contact|contacted|sort|fix|look|looked|come|expect|get)\b`,
    ),
  ],
  [
    'reply',
    new RegExp(
      String.raw`\b(?:will|would|does|do|can|could|is) ${SOMEONE} (?:going to )?(?:ring|call|phone|email|text|contact|get back to|write to|reply to|respond to|come (?:out|round|to see)|visit|keep|update) (?:me|us)\b|\b(?:will|would) (?:you|someone|somebody|they|the council) (?:let me know|tell me (?:what happens|the outcome|when|how it goes))\b|\bwill (?:i|we) be (?:told|contacted|kept (?:informed|updated|in the loop)|updated|notified|rung|called)\b|\b(?:will|do|would|can) (?:i|we) (?:get|receive|have|hear)\b.*\b(?:reply|response|answer|call|phone call|email|letter|back|update|updates|anything)\b|\bhow (?:will|would) (?:i|we) (?:hear|know|find out)\b|\bhow do (?:i|we) (?:hear back|find out what happens)\b`,
    ),
  ],
  [
    'next',
    new RegExp(
      String.raw`\bwhat (?:is |will |would )?(?:happens?|happening|comes?|do i do|do you do|are the (?:next )?steps|is the next step) (?:next|now|after(?: this| that)?|then)\b|\bwhat (?:happens?|will happen|happens now|next|now)$|\bthen what\b|\bwhat (?:will|do|are) you (?:going to )?do (?:with|about) (?:this|it|my (?:complaint|report|comment))\b|\bwhere (?:does|will) (?:this|it|my (?:complaint|report)) go\b|\bwhat is next\b|\bnext steps?\b|\b(?:will|do) (?:i|we) get a reference\b`,
    ),
  ],
  [
    'evidence',
    new RegExp(
      String.raw`\b(?:can|could|may|shall|should|do|how (?:do|can|will|would)|where (?:do|can)) (?:i|we) (?:send|attach|upload|add|share|give|include|show|put|email|text)\b.*\b${EVIDENCE}\b|\b(?:do|will|would) you (?:want|need|like|take|accept) (?:any |a |some )?${EVIDENCE}\b|\b(?:can|could|do|how do|where do) (?:i|we) (?:attach|upload)\b`,
    ),
  ],
  [
    'kind',
    new RegExp(
      String.raw`\b(?:is|will) (?:this|it|that|mine) (?:going to )?(?:be )?(?:a |an |classed as |counted as |treated as |logged as )?(?:formal )?(?:complaint|report|service request|comment)\b|\bdifference between\b|\b(?:does|will|would) (?:this|it) count as (?:a )?complaint\b|\bwhat (?:kind|type|sort) of (?:thing|case|complaint|report|request) is (?:this|it)\b|\bam i (?:making|doing|putting in|filing|raising|lodging) a (?:complaint|report)\b|\bshould (?:this|it|i) be (?:a )?(?:complaint|report)\b|\bwhat is (?:a )?(?:service request|complaint)\b`,
    ),
  ],
];

/** Words that start a question ("how", "can i", "do i"): with no question mark, the message must start with one. */
const QUESTION_START = /^(?:(?:ok|okay|sorry|and|but|so|just|um|erm|hi|hello|quick question|also|wait|hang on|please) )*(?:how|when|what|why|who|where|will|would|can|could|do|does|did|is|are|am|should|shall|may|must|have|has|then)\b/;
/** Filler around a question ("ok.", "sorry,", "just wondering"), which leaves it a question. */
const FILLER = /^(?:ok|okay|sorry|thanks|thank you|hi|hello|just wondering|quick question|please|um|erm|and|also|btw|by the way|wait)$/;

/**
 * Which process question the message asks, or undefined: an answer (an email, a number), a long
 * message or a description is never one.
 */
export function residentQuestionIn(text: string | undefined): ResidentQuestion | undefined {
  const raw = (text ?? '').trim();
  if (!raw || raw.length > 200 || /@|\d{5,}/.test(raw.replace(/\s/g, ''))) return undefined;
  const parts = raw
    .split(/(?<=[.!?])\s+|\n+/)
    .map((p) => ({ text: normalise(p), asked: /\?/.test(p) }))
    .filter((p) => p.text);
  const questions = parts.filter((p) => !FILLER.test(p.text));
  // "My name is Jo. Why do you need my email?" gives a name as well: not only a question.
  if (questions.length !== 1) return undefined;
  const q = questions[0];
  if (q.text.split(' ').length > 14) return undefined;
  if (!q.asked && !QUESTION_START.test(q.text)) return undefined;
  return TOPICS.find(([, re]) => re.test(q.text))?.[0];
}
