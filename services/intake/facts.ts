/**
 * Everything a single message says that the intake would otherwise ask: reported before (and how
 * often), for whom, where, when, the outcome wanted, the resident's name and contact details.
 * Run on every message, so nothing said once is asked again. Pure functions.
 */
import { extractContact, extractDate, ExtractedDate, normaliseEmail, normalisePhone } from './extract';
import { extractLocation } from './place';
import { representationIn, Representation } from './relationship';

export interface ReportedBefore {
  before: boolean;
  /** How many times they say they told us, when they say it. */
  times?: number;
}

export interface Facts {
  reportedBefore?: ReportedBefore;
  representation?: Representation;
  place?: string;
  when?: ExtractedDate;
  outcome?: string;
  name?: string;
  email?: string;
  phone?: string;
}

const NUMBER_WORDS: Record<string, number> = { once: 1, one: 1, twice: 2, two: 2, three: 3, thrice: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, a: 1, an: 1 };
const ORDINALS: Record<string, number> = { second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, '2nd': 2, '3rd': 3, '4th': 4, '5th': 5, '6th': 6 };

const CONTACTED =
  "(?:reported|report(?:ed)? it|told|rang|phoned|phone[d]?|called|emailed|e-mailed|messaged|contacted|chased|complained|raised|logged|written|wrote|been in touch|got in touch|informed|notified|let you know|filled in|submitted|sent|asked|requested|flagged|mentioned|spoke|spoken|been on (?:to|the phone)|been onto)";
const TIMES = '((?:\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|multiple|numerous|countless|a few|a couple of|a number of|loads of|lots of|so many|how many)\\s*(?:times|x)|once|twice|thrice)';

function countFrom(word: string | undefined): number | undefined {
  if (!word) return undefined;
  const w = word.toLowerCase().replace(/\s*(?:times|x)$/, '').trim();
  if (/^\d+$/.test(w)) return Number(w);
  if (/a couple of/.test(w)) return 2;
  return NUMBER_WORDS[w];
}

const NEVER = new RegExp(
  [
    `\\b(?:first time|1st time)\\b(?!\\s+(?:you|they|the council)\\b)(?:[^.?!]{0,40})?\\b(?:report|told|contact|rais|been in touch|got in touch|mention)`,
    `\\b(?:this is|it'?s|its)\\s+(?:the|my)\\s+(?:first|1st)\\s+(?:time|report)\\b`,
    `\\b(?:never|not|haven'?t|have not|hadn'?t|didn'?t|did not)\\s+(?:yet\\s+|ever\\s+|actually\\s+|already\\s+)?(?:been\\s+)?(?:reported|told|contacted|raised|been in touch|mentioned|report|tell|contact)\\b(?:[^.?!]{0,30})?\\b(?:before|yet|until now|till now)\\b`,
    `\\b(?:never|haven'?t ever|have never)\\s+(?:reported|told|contacted|raised)\\b`,
    `\\b(?:just|only just)\\s+(?:noticed|happened|seen|found)\\b`,
  ].join('|'),
  'i',
);

// Built once, not per message: every message of a turn is read with them.
const CONTACTED_TIMES = new RegExp(`\\b${CONTACTED}\\b[^.?!]{0,40}?\\b${TIMES}\\b`, 'i');
const TIMES_CONTACTED = new RegExp(`\\b${TIMES}\\s+(?:i'?ve|i have|we'?ve|we have)\\s+(?:\\w+\\s+)?${CONTACTED}`, 'i');
const SAID_BEFORE: readonly RegExp[] = [
  // "I reported it", "we've told you", "I have phoned", "I rang the office", "my mum reported her boiler"
  new RegExp(`\\b(?:i|we|i'?ve|we'?ve|i have|we have|i had|we had|i'd|she|he|they|she'?s|he'?s|they'?ve|she has|he has|they have|my \\w+|have|had)\\s+(?:already\\s+|previously\\s+|also\\s+|now\\s+|even\\s+|repeatedly\\s+|been\\s+|kept\\s+|keep\\s+|tried\\s+)?(?:${CONTACTED}|reporting|chasing|calling|phoning|ringing|emailing|complaining|contacting)\\b`,
    'i'),
  /\b(?:already|previously)\s+(?:been\s+)?(?:reported|told|raised|logged|contacted)\b/i,
  /\b(?:reported|told you|raised|logged|complained)\b[^.?!]{0,30}\b(?:before|already|previously|last (?:week|month|year)|weeks ago|months ago|days ago|ages ago|again)\b/i,
  /\b(?:appointments?|visits?|engineers?|workmen|contractors?|repairs? team)\b[^.?!]{0,40}\b(?:cancell?ed|missed|never (?:came|turned up|showed)|didn'?t (?:come|turn up|show)|no[- ]show)\b/i,
  /\b(?:cancell?ed|missed)\b[^.?!]{0,30}\b(?:appointments?|visits?)\b/i,
  /\b(?:reference|ref|case|job|ticket)\s*(?:number|no\.?)\b/i,
  /\b(?:still|yet again|again and again|once again|keeps? (?:happening|being))\b[^.?!]{0,40}\b(?:not|no one|nobody|nothing|never|hasn'?t|haven'?t|isn'?t|wasn'?t)\b/i,
  /\b(?:nobody|no one|nothing|never)\b[^.?!]{0,30}\b(?:got back|replied|answered|came back|responded|called back|rang back|been done|happened since)\b/i,
  /\bchased\b|\bfollow(?:ed|ing)? up\b|\bno (?:reply|response|answer)\b|\bstill waiting\b|\bheard nothing\b|\bignored\b/i,
];

/** Whether they say they told the council before, and how many times. */
export function reportedBeforeIn(text: string): ReportedBefore | undefined {
  const t = text.replace(/[’`]/g, "'");
  if (NEVER.test(t)) return { before: false };
  const times = CONTACTED_TIMES.exec(t) ?? TIMES_CONTACTED.exec(t);
  const ordinal = /\b(?:for|is|it'?s)\s+the\s+(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|2nd|3rd|4th|5th|6th)\s+time\b/i.exec(t);
  if (ordinal) return { before: true, times: ORDINALS[ordinal[1].toLowerCase()] - 1 };
  if (times && !/^(?:how many)$/i.test(times[1])) return { before: true, times: countFrom(times[1]) };
  if (SAID_BEFORE.some((re) => re.test(t))) return { before: true };
  return undefined;
}

const OUTCOME_START =
  /(?:^|[.!?;]\s*|,\s*(?:and|but)?\s*|\b(?:and|so)\s+)((?:all\s+)?(?:(?:i|we)(?:'d|\s+would)\s+(?:really\s+)?like|id like|(?:i|we)\s+(?:just\s+|really\s+)?(?:want|expect|need|am asking for|are asking for|ask that|hope))\b(?!\s+to\s+(?:complain|make a complaint|report|know if|tell|say|speak|talk|let you|ask you|raise|log|start|check|find out if|know whether))[^.!?\n]{3,200}|(?:please|can you please|could you please|can someone please|could someone)\s+(?:fix|repair|replace|remove|collect|empty|clear|sort|send|come|arrange|refund|apologi[sz]e|explain|look|check|investigate|call|ring|contact|get)[^.!?\n]{0,200}|(?:what i want is|what we want is|i'?m (?:looking|hoping) for|i am (?:looking|hoping) for|i want it)\s*[^.!?\n]{3,200})/i;

/** What they want done ("I want an apology and the fence fixed"), as they wrote it. */
export function outcomeIn(text: string): string | undefined {
  const m = OUTCOME_START.exec(text.replace(/[’`]/g, "'"));
  if (!m) return undefined;
  const said = m[1].trim().replace(/[\s,;]+$/, '');
  // "I want to know why" is an outcome; "I need help" or "I want it" alone is not.
  if (said.split(/\s+/).length < 3) return undefined;
  if (/^(?:i|we)\s+(?:need|want)\s+(?:help|some help|advice|to)\s*$/i.test(said)) return undefined;
  return said.slice(0, 300);
}

const NAME_WORD = "[A-Z][a-zA-Z'’-]+";
const NOT_A_NAME = new Set(
  'Fed Very Really So Not Writing Contacting Emailing Reporting Complaining Calling Messaging Here Just Still Disabled Unhappy Angry Upset Sorry Sick Tired Worried Concerned Disgusted Disappointed Furious Livid Annoyed Fine Ok Okay Good Afraid Scared Elderly Pregnant Blind Deaf Council A An The Her His Their Your My In At On From With Living Trying Having Getting Looking Going Waiting Ringing Phoning'.split(' '),
);

const EXCLAMATIONS = /^(?:absolutely|ridiculous|unacceptable|disgusting|terrible|outrageous|appalling|shocking|rubbish|awful|madness|crazy|insane|joke|unbelievable|pathetic|useless|typical|again|urgent|important|serious|dangerous)$/i;

const NAME_PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b(?:[Mm]y name is|[Mm]y name's|^[Nn]ame:|[Mm]y name:|[Tt]his is|[Cc]all me)\\s+(${NAME_WORD}(?:\\s+${NAME_WORD}){0,3})`),
  new RegExp(`\\b(?:I am|I'm|Im)\\s+((?:Councill?or|Cllr\\.?|Dr\\.?|Mrs\\.?|Mr\\.?|Ms\\.?|Miss)?\\s*${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})`),
  new RegExp(`(?:^|[.!?]\\s+)(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})\\s+here\\b`),
  new RegExp(`(?:[Rr]egards|[Tt]hanks|[Tt]hank you|[Cc]heers|[Ss]incerely|[Bb]est wishes|[Mm]any thanks|[Kk]ind regards),?\\s*\\n?\\s*(?:-\\s*)?(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})\\s*[.!]?\\s*$`),
];

/** Their own name when they say it: "my name is Jane Smith", "I'm Jane Smith", "Jane Smith here", "Regards, Jane". */
export function nameIn(text: string): string | undefined {
  const t = text.replace(/[’`]/g, "'");
  for (const re of NAME_PATTERNS) {
    const m = re.exec(t);
    if (!m) continue;
    const words = m[1].trim().split(/\s+/);
    if (words.some((w) => NOT_A_NAME.has(w.replace(/\.$/, '')) || EXCLAMATIONS.test(w))) continue;
    // A single word after "I'm" is too often not a name ("I'm Fed"); it needs two, or a title.
    if (re === NAME_PATTERNS[1] && words.length < 2) continue;
    if (re === NAME_PATTERNS[0] && /^this is/i.test(m[0].trim()) && words.length < 2) continue;
    if (re === NAME_PATTERNS[3] && words.length < 2) continue;
    if (words.some((w) => /^(?:Road|Street|Lane|Avenue|Close|Drive|Way|Court|Park|Council|Team|Office|Department)$/.test(w))) continue;
    return words.join(' ').slice(0, 120);
  }
  return undefined;
}

/** "for four months" is how long it has gone on: its start was four months ago. */
function howLongToWhen(text: string): string {
  return text
    .replace(/\b(?:for|over)\s+(?:the\s+(?:last|past)\s+)?((?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)\s+(?:day|week|month|year)s?)\b/gi, ', $1 ago')
    .replace(/\b(?:the\s+)?(?:last|past)\s+((?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:day|week|month|year)s?)\b/gi, ', $1 ago')
    .replace(/\b(?:for|over)\s+the\s+(?:last|past)\s+(day|week|month|year)\b/gi, ', a $1 ago')
    .replace(/\ba fortnight\b/gi, 'two weeks')
    .replace(/\b(a couple of|a few|several)\s+(day|week|month|year)s?\s+ago/gi, (_m, q: string, u: string) => `${q === 'a couple of' ? 2 : 3} ${u}s ago`);
}

/** A date from plain words, "for four months" counted back to when it started. */
export function whenIn(text: string, now: Date): ExtractedDate | undefined {
  // The date parser is slow on long text (a third of a second at 4,000 characters); when something
  // happened is said early, so only the start is read.
  const start = text.slice(0, 1200);
  const direct = extractDate(start, now);
  const rewritten = howLongToWhen(start);
  const counted = rewritten === start ? undefined : extractDate(rewritten, now);
  if (!direct) return counted;
  if (!counted) return direct;
  // Prefer the earlier start: "since Monday... for four months" means it started four months ago.
  return counted.date < direct.date ? counted : direct;
}

/** Everything one message says, each fact left out when it is not there. */
export function factsIn(text: string, now: Date): Facts {
  const facts: Facts = {};
  const t = (text ?? '').slice(0, 4000);
  if (!t.trim()) return facts;
  const reported = reportedBeforeIn(t);
  if (reported) facts.reportedBefore = reported;
  const rep = representationIn(t);
  if (rep) facts.representation = rep;
  const place = extractLocation(t);
  if (place) facts.place = place;
  const when = whenIn(t, now);
  if (when) facts.when = when;
  const outcome = outcomeIn(t);
  if (outcome) facts.outcome = outcome;
  const name = nameIn(t);
  if (name) facts.name = name;
  const contact = extractContact(t);
  const email = contact.email ?? (/[^\s@]+@[^\s@]+\.[a-z]{2,}/i.exec(t)?.[0] ? normaliseEmail(/[^\s@,;]+@[^\s@,;]+\.[a-z]{2,}/i.exec(t)![0]) : undefined);
  if (email) facts.email = email;
  const phone = contact.phone ?? (/(?:\+?44\s?|0)(?:\d[\s-]?){9,10}\d?/.exec(t) ? normalisePhone(/(?:\+?44\s?|0)(?:\d[\s-]?){9,10}\d?/.exec(t)![0]) : undefined);
  if (phone) facts.phone = phone;
  return facts;
}
