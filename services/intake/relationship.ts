/**
 * Who a resident is writing for, and how they are related, from their own words, whichever way
 * round they put it: "she is my grandmother", "I am her grandson", "my nan", "for my dad".
 * Pure functions: no botbuilder, no database.
 */

type Gender = 'f' | 'm' | 'n';
/** A kind of connection; `inverse` is the group the other person is in. */
interface Group {
  names: Record<Gender, string>;
  inverse: string;
  family?: boolean;
}

const GROUPS: Record<string, Group> = {
  parent: { names: { f: 'mother', m: 'father', n: 'parent' }, inverse: 'child', family: true },
  child: { names: { f: 'daughter', m: 'son', n: 'child' }, inverse: 'parent', family: true },
  grandparent: { names: { f: 'grandmother', m: 'grandfather', n: 'grandparent' }, inverse: 'grandchild', family: true },
  grandchild: { names: { f: 'granddaughter', m: 'grandson', n: 'grandchild' }, inverse: 'grandparent', family: true },
  spouse: { names: { f: 'wife', m: 'husband', n: 'husband or wife' }, inverse: 'spouse', family: true },
  partner: { names: { f: 'partner', m: 'partner', n: 'partner' }, inverse: 'partner', family: true },
  sibling: { names: { f: 'sister', m: 'brother', n: 'brother or sister' }, inverse: 'sibling', family: true },
  auntuncle: { names: { f: 'aunt', m: 'uncle', n: 'aunt or uncle' }, inverse: 'niecenephew', family: true },
  niecenephew: { names: { f: 'niece', m: 'nephew', n: 'niece or nephew' }, inverse: 'auntuncle', family: true },
  cousin: { names: { f: 'cousin', m: 'cousin', n: 'cousin' }, inverse: 'cousin', family: true },
  inlawparent: { names: { f: 'mother-in-law', m: 'father-in-law', n: 'parent-in-law' }, inverse: 'inlawchild', family: true },
  inlawchild: { names: { f: 'daughter-in-law', m: 'son-in-law', n: 'son- or daughter-in-law' }, inverse: 'inlawparent', family: true },
  stepparent: { names: { f: 'stepmother', m: 'stepfather', n: 'step-parent' }, inverse: 'stepchild', family: true },
  stepchild: { names: { f: 'stepdaughter', m: 'stepson', n: 'stepchild' }, inverse: 'stepparent', family: true },
  friend: { names: { f: 'friend', m: 'friend', n: 'friend' }, inverse: 'friend' },
  neighbour: { names: { f: 'neighbour', m: 'neighbour', n: 'neighbour' }, inverse: 'neighbour' },
  carer: { names: { f: 'carer', m: 'carer', n: 'carer' }, inverse: 'caredfor' },
  caredfor: { names: { f: 'the person you care for', m: 'the person you care for', n: 'the person you care for' }, inverse: 'carer' },
  supportworker: { names: { f: 'support worker', m: 'support worker', n: 'support worker' }, inverse: 'client' },
  socialworker: { names: { f: 'social worker', m: 'social worker', n: 'social worker' }, inverse: 'client' },
  advocate: { names: { f: 'advocate', m: 'advocate', n: 'advocate' }, inverse: 'client' },
  solicitor: { names: { f: 'solicitor', m: 'solicitor', n: 'solicitor' }, inverse: 'client' },
  client: { names: { f: 'client', m: 'client', n: 'client' }, inverse: 'representative' },
  councillor: { names: { f: 'councillor', m: 'councillor', n: 'councillor' }, inverse: 'constituent' },
  ward: { names: { f: 'ward councillor', m: 'ward councillor', n: 'ward councillor' }, inverse: 'constituent' },
  mp: { names: { f: 'MP', m: 'MP', n: 'MP' }, inverse: 'constituent' },
  constituent: { names: { f: 'constituent', m: 'constituent', n: 'constituent' }, inverse: 'elected' },
  elected: { names: { f: 'councillor or MP', m: 'councillor or MP', n: 'councillor or MP' }, inverse: 'constituent' },
  representative: { names: { f: 'representative', m: 'representative', n: 'representative' }, inverse: 'client' },
  landlord: { names: { f: 'landlord', m: 'landlord', n: 'landlord' }, inverse: 'tenant' },
  tenant: { names: { f: 'tenant', m: 'tenant', n: 'tenant' }, inverse: 'landlord' },
  guardian: { names: { f: 'guardian', m: 'guardian', n: 'guardian' }, inverse: 'ward_person' },
  ward_person: { names: { f: 'the person in your care', m: 'the person in your care', n: 'the person in your care' }, inverse: 'guardian' },
};

/** Words people use, to a group and (when the word says it) a gender. */
const WORDS: [RegExp, string, Gender][] = [
  [/^(?:mum|mom|mam|mummy|mommy|mother|ma|mammy)$/, 'parent', 'f'],
  [/^(?:dad|daddy|father|pa|papa|pop)$/, 'parent', 'm'],
  [/^(?:parents?)$/, 'parent', 'n'],
  [/^(?:son)$/, 'child', 'm'],
  [/^(?:daughter)$/, 'child', 'f'],
  [/^(?:child|kid|children|kids)$/, 'child', 'n'],
  [/^(?:grandmother|grandma|granny|gran|nan|nana|nanna|nanny|grandmum|grandmom)$/, 'grandparent', 'f'],
  [/^(?:grandfather|grandad|granddad|grandpa|gramps|grandpop)$/, 'grandparent', 'm'],
  [/^(?:grandparents?)$/, 'grandparent', 'n'],
  [/^(?:grandson)$/, 'grandchild', 'm'],
  [/^(?:granddaughter)$/, 'grandchild', 'f'],
  [/^(?:grandchild|grandkid|grandchildren)$/, 'grandchild', 'n'],
  [/^(?:wife)$/, 'spouse', 'f'],
  [/^(?:husband|hubby)$/, 'spouse', 'm'],
  [/^(?:spouse)$/, 'spouse', 'n'],
  [/^(?:partner|fiancee?|girlfriend|boyfriend)$/, 'partner', 'n'],
  [/^(?:sister)$/, 'sibling', 'f'],
  [/^(?:brother)$/, 'sibling', 'm'],
  [/^(?:sibling)$/, 'sibling', 'n'],
  [/^(?:aunt|auntie|aunty)$/, 'auntuncle', 'f'],
  [/^(?:uncle)$/, 'auntuncle', 'm'],
  [/^(?:niece)$/, 'niecenephew', 'f'],
  [/^(?:nephew)$/, 'niecenephew', 'm'],
  [/^(?:cousin)$/, 'cousin', 'n'],
  [/^(?:mother-in-law)$/, 'inlawparent', 'f'],
  [/^(?:father-in-law)$/, 'inlawparent', 'm'],
  [/^(?:daughter-in-law)$/, 'inlawchild', 'f'],
  [/^(?:son-in-law)$/, 'inlawchild', 'm'],
  [/^(?:stepmother|stepmum|step-mum)$/, 'stepparent', 'f'],
  [/^(?:stepfather|stepdad|step-dad)$/, 'stepparent', 'm'],
  [/^(?:stepson)$/, 'stepchild', 'm'],
  [/^(?:stepdaughter)$/, 'stepchild', 'f'],
  [/^(?:friend|best friend|mate|pal)$/, 'friend', 'n'],
  [/^(?:neighbour|neighbor)$/, 'neighbour', 'n'],
  [/^(?:carer|care worker|caregiver|career)$/, 'carer', 'n'],
  [/^(?:support worker|key worker|keyworker)$/, 'supportworker', 'n'],
  [/^(?:social worker)$/, 'socialworker', 'n'],
  [/^(?:advocate)$/, 'advocate', 'n'],
  [/^(?:solicitor|lawyer)$/, 'solicitor', 'n'],
  [/^(?:client|service user|patient)$/, 'client', 'n'],
  [/^(?:ward councill?or)$/, 'ward', 'n'],
  [/^(?:councill?or|local councill?or)$/, 'councillor', 'n'],
  [/^(?:mp|member of parliament)$/, 'mp', 'n'],
  [/^(?:constituent)$/, 'constituent', 'n'],
  [/^(?:landlord|landlady)$/, 'landlord', 'n'],
  [/^(?:tenant|lodger)$/, 'tenant', 'n'],
  [/^(?:guardian|legal guardian)$/, 'guardian', 'n'],
];

const REL_WORDS = [
  'mother-in-law', 'father-in-law', 'daughter-in-law', 'son-in-law', 'step-mum', 'step-dad', 'best friend', 'care worker', 'support worker', 'key worker', 'social worker',
  'service user', 'ward councillor', 'ward councilor', 'local councillor', 'member of parliament', 'legal guardian',
  'grandmother', 'grandfather', 'granddaughter', 'grandson', 'grandchildren', 'grandchild', 'grandparents', 'grandparent', 'grandma', 'grandpa', 'grandad', 'granddad', 'granny', 'gran', 'nanna', 'nana', 'nanny', 'nan', 'gramps', 'grandmum', 'grandmom', 'grandkid', 'grandpop',
  'stepmother', 'stepfather', 'stepmum', 'stepdad', 'stepson', 'stepdaughter',
  'mummy', 'mommy', 'mammy', 'mother', 'mum', 'mom', 'mam', 'daddy', 'father', 'dad', 'papa', 'parents', 'parent', 'daughter', 'son', 'children', 'child', 'kids', 'kid',
  'wife', 'husband', 'hubby', 'spouse', 'partner', 'fiancee', 'fiance', 'girlfriend', 'boyfriend', 'sister', 'brother', 'sibling', 'auntie', 'aunty', 'aunt', 'uncle', 'niece', 'nephew', 'cousin',
  'friend', 'mate', 'pal', 'neighbour', 'neighbor', 'carer', 'caregiver', 'advocate', 'solicitor', 'lawyer', 'client', 'patient', 'councillor', 'councilor', 'mp', 'constituent', 'landlord', 'landlady', 'tenant', 'lodger', 'guardian',
];
const REL = `(?:${REL_WORDS.map((w) => w.replace(/-/g, '[- ]?')).join('|')})`;

function lookup(word: string): { group: string; gender: Gender } | undefined {
  const w = word.toLowerCase().replace(/\s+/g, ' ').trim().replace(/^step[- ]/, 'step').replace(/[- ]in[- ]law$/, '-in-law');
  for (const [re, group, gender] of WORDS) if (re.test(w)) return { group, gender };
  return undefined;
}

export interface Relationship {
  /** What the resident is to the person they write for ("grandchild", "daughter", "carer"). */
  yours?: string;
  /** What that person is to the resident ("grandmother", "neighbour"). */
  theirs?: string;
  family: boolean;
}

const PRONOUN_GENDER: Record<string, Gender> = { her: 'f', she: 'f', his: 'm', he: 'm', him: 'm', their: 'n', they: 'n', them: 'n' };

function build(group: string, gender: Gender, side: 'yours' | 'theirs', otherGender: Gender = 'n'): Relationship {
  const g = GROUPS[group];
  const inverse = GROUPS[g.inverse];
  const word = g.names[gender];
  const other = inverse ? inverse.names[otherGender] : undefined;
  return side === 'theirs'
    ? { theirs: word, yours: other, family: !!g.family }
    : { yours: word, theirs: other, family: !!g.family };
}

// Built once: each message is read with these (services/intake/facts) several times a turn.
const I_AM_THEIR = new RegExp(`\\b(?:i am|i'm|im|i m|as|being)\\s+(?:(her|his|their|them|the)\\s+|[a-z][a-z'-]*'s?\\s+)?(?:(?:main|only|eldest|oldest|youngest|elder|younger|full[- ]time|unpaid|paid|local|registered|appointed)\\s+)?(${REL})\\b`);
const I_AM_THE_X_OF = new RegExp(`\\b(?:i am|i'm|im)\\s+(?:the|a)\\s+(${REL})\\s+(?:of|for|to)\\b`);
const I_CARE_FOR_MY = new RegExp(`\\b(?:i|we)\\s+(?:care for|look after|support)\\s+(?:my|our)\\s+(${REL})\\b`);
const MY_X = new RegExp(`\\b(?:my|our)\\s+(?:(?:elderly|old|late|poor|disabled|sick|frail|little|young|older|younger|eldest|oldest|youngest|elder|dear|lovely|\\d+[- ]?year[- ]?old)\\s+){0,2}(${REL})\\b`);

/**
 * The relationship in a short answer or a sentence. "I am her X" / "I'm X's son" / a bare "son"
 * (the answer to "how are you connected to them?") say what the resident is; "she is my X",
 * "my X", "for my X" say what the other person is. Either way both sides are worked out.
 */
export function parseRelationship(text: string, bareMeans: 'yours' | 'theirs' = 'yours'): Relationship | undefined {
  const t = ` ${text.toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ')} `;
  // "I am her grandson", "I'm his carer", "I'm their daughter", "as her son", "I am Mary's son"
  let m = I_AM_THEIR.exec(t);
  if (m && lookup(m[2])) {
    const r = lookup(m[2])!;
    return build(r.group, r.gender, 'yours', PRONOUN_GENDER[m[1] ?? ''] ?? 'n');
  }
  // "I am the son of ...", "I'm the carer for ..."
  m = I_AM_THE_X_OF.exec(t);
  if (m && lookup(m[1])) {
    const r = lookup(m[1])!;
    return build(r.group, r.gender, 'yours');
  }
  // "I care for my mum", "I look after my dad": the resident is their carer, and says who they are.
  m = I_CARE_FOR_MY.exec(t);
  if (m && lookup(m[1])) {
    const r = lookup(m[1])!;
    return build(r.group, r.gender, 'theirs');
  }
  // "she is my grandmother", "he's my dad", "they are my parents", "Mary is my mum", "my nan", "for my dad"
  m = MY_X.exec(t);
  if (m && lookup(m[1])) {
    const r = lookup(m[1])!;
    return build(r.group, r.gender, 'theirs');
  }
  // A bare word, the answer to "how are you connected to them?"
  const bare = t.trim().replace(/[.!]+$/, '').replace(/^(?:a|an|the|her|his|their)\s+/, '');
  const r = lookup(bare);
  if (r) return build(r.group, r.gender, bareMeans);
  return undefined;
}

const STRONG_CUE = new RegExp(
  [
    `\\bon behalf of\\b`,
    `\\b(?:writing|contacting(?: you)?|messaging|emailing|getting in touch|complaining|reporting|asking|enquiring|inquiring|calling|acting|speaking|here|typing|doing this)\\s+(?:this\\s+)?(?:for|on behalf of)\\s+(?:my|our|a|her|his)\\s+`,
    `\\b(?:i'?m|i am|im)\\s+(?:helping|supporting|assisting)\\s+(?:my|our|a|an)\\s+`,
    `\\bhelping\\s+(?:my|our)\\s+${REL}\\b`,
    `\\bfor\\s+my\\s+(?:(?:elderly|old|disabled|sick|frail|little|young|older|younger|dear)\\s+)?${REL}\\b`,
    `\\b(?:she|he|they)(?: is|'s| are|'re)\\s+my\\s+(?:\\w+\\s+)?${REL}\\b`,
    `\\b(?:i am|i'm|im)\\s+(?:her|his|their)\\s+(?:\\w+\\s+)?${REL}\\b`,
    `\\bmy\\s+${REL}\\s+(?:has\\s+)?(?:asked|wants?|wanted)\\s+me\\s+to\\b`,
    `\\b(?:i|we)\\s+(?:care for|look after)\\s+(?:my|our)\\s+${REL}\\b`,
    `\\b(?:for|about)\\s+(?:someone else|another person|a relative|a family member|a resident|a constituent|my constituent|a client|my client)\\b`,
  ].join('|'),
  'i',
);

const SELF_CUE = /\b(?:for myself|it'?s for me|it is for me|just for me|my own (?:home|house|flat|property|bin|car|account|behalf)|on my own behalf)\b/i;

export interface Representation {
  /** 'strong': they said they are writing for someone; 'weak': they mention a relative, no more. */
  cue: 'strong' | 'weak' | 'self';
  relationship?: Relationship;
  /** The represented person's name, when written next to the relationship. */
  name?: string;
}

const TITLE = '(?:Mrs|Mr|Ms|Miss|Mx|Dr|Dr\\.|Mrs\\.|Mr\\.|Ms\\.)';
const NAME_WORD = "[A-Z][a-zA-Z'’-]+";
const NOT_NAMES = new Set(['I', 'The', 'She', 'He', 'They', 'It', 'And', 'But', 'Her', 'His', 'Their', 'My', 'We', 'Who', 'Has', 'Is', 'Was', 'Because', 'Since', 'Please', 'Council', 'Councillor', 'Road', 'Street', 'Lane', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'Yes', 'No', 'Thanks', 'Thank', 'Hi', 'Hello']);

const NAMED_PATTERNS: readonly RegExp[] = [
  /\b(?:[Hh]er|[Hh]is|[Tt]heir) name(?:'s| is)\s+(.{2,80})/,
  new RegExp(`\\b(?:[Mm]y|[Oo]ur)\\s+(?:[a-z]+\\s+){0,2}${REL}\\b,?\\s+(?:called\\s+|named\\s+)?(.{2,80})`, 'i'),
  new RegExp(`(?:^|[.!?,;]\\s*|\\b(?:for|helping|behalf of)\\s+)((?:${TITLE}\\s+)?${NAME_WORD}(?:\\s+${NAME_WORD}){0,2}),?\\s+(?:is|who is|who's)\\s+my\\b`),
];

/** A person's name written next to a relationship: "my nan, Margaret Morgan", "my neighbour Mrs Patel", "her name is Jo Lee". */
export function representedName(text: string): string | undefined {
  for (const re of NAMED_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    // Keep the leading run of capitalised words (a title may end in a full stop).
    const words: string[] = [];
    for (const w of m[1].trim().split(/\s+/)) {
      const bare = w.replace(/[.,;:!?]+$/, '');
      if (!/^[A-Z][a-zA-Z'’-]*$/.test(bare) || NOT_NAMES.has(bare)) break;
      words.push(bare);
      if (bare !== w && !/^(?:Mrs|Mr|Ms|Dr)\.$/.test(w)) break;
      if (words.length === 4) break;
    }
    const name = words.join(' ');
    if (name.length >= 2 && !/^(?:Mrs|Mr|Ms|Miss|Mx|Dr)$/.test(name)) return name;
  }
  return undefined;
}

/** Whether, and for whom, a message says the resident is writing for someone else. */
export function representationIn(text: string): Representation | undefined {
  if (SELF_CUE.test(text) && !STRONG_CUE.test(text)) return { cue: 'self' };
  const relationship = parseRelationship(text, 'yours');
  const strong = STRONG_CUE.test(text.replace(/[’`]/g, "'"));
  const name = representedName(text);
  if (strong) return { cue: 'strong', relationship, name };
  if (relationship) return { cue: 'weak', relationship, name };
  return undefined;
}

const TAIL = "[^,;.@\\d\\n]*";
const CHILD_WORDS = new Set(['son', 'daughter', 'child', 'grandson', 'granddaughter', 'grandchild', 'stepson', 'stepdaughter', 'stepchild', 'niece', 'nephew', 'niece or nephew']);
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15 };
const NUM = `(\\d{1,2}|${Object.keys(NUMBER_WORDS).join('|')})`;
const AGE_IN_YEARS = new RegExp(`\\b(?:(?:he|she|they|who|(?:he|she) has just turned)(?:'s| is| are| turned)?|aged?|age of)\\s+${NUM}\\b(?!\\s*(?:%|of|pounds|quid|times|weeks|months|days|hours|minutes|am|pm|o'clock))|\\b${NUM}[- ]?(?:years?|yrs?)[- ]?old\\b|\\b${NUM}\\s?yo\\b`, 'gi');
const VERY_YOUNG = /\b(?:baby|babies|newborn|new born|infant|toddler|\d{1,2}[- ]?(?:months?|weeks?)[- ]?old)\b/i;

/**
 * A child under 16 is who they write for (their son, granddaughter, ...; "she's 6", "my 10 year
 * old", "a baby"): a parent or carer acts for them, so the child's agreement is not asked.
 */
export function childUnder16(theirs: string | undefined, texts: readonly string[]): boolean {
  if (!theirs || !CHILD_WORDS.has(theirs)) return false;
  const text = texts.join('\n').toLowerCase().replace(/[’`]/g, "'");
  if (VERY_YOUNG.test(text)) return true;
  for (const m of text.matchAll(AGE_IN_YEARS)) {
    const raw = m[1] ?? m[2] ?? m[3];
    const age = /^\d+$/.test(raw) ? Number(raw) : NUMBER_WORDS[raw];
    if (age !== undefined && age < 16) return true;
  }
  return false;
}

/** What says the answer is for someone else, taken out by withoutRepresentation (global: replace starts each from 0). */
const REPRESENTATION_PHRASES: readonly RegExp[] = [
  new RegExp(`\\b(?:(?:i'?m|i am|im|it'?s|it is|this is)\\s+)?(?:(?:writing|contacting(?: you)?|messaging|emailing|getting in touch|asking|acting|doing this|here)\\s+)?(?:for|on behalf of|helping)\\s+(?:my|our|her|his|a|an|someone)\\b${TAIL}`, 'gi'),
  new RegExp(`\\b(?:she|he|they)(?: is|'s| are|'re)\\s+my\\b${TAIL}`, 'gi'),
  new RegExp(`\\b(?:i'?m|i am|im)\\s+(?:her|his|their)\\b${TAIL}`, 'gi'),
  new RegExp(`\\b(?:my|our)\\s+${REL}\\b${TAIL}`, 'gi'),
];

/** The answer with what it says about someone else taken out, so "Jo Bloggs, for my mum Mary" leaves "Jo Bloggs". */
export function withoutRepresentation(text: string): string {
  return REPRESENTATION_PHRASES.reduce((t, re) => t.replace(re, ' '), text)
    .replace(/\s+/g, ' ')
    .trim();
}

/** A name typed on its own, without "her name is" or "she's called" around it. */
export function cleanName(answer: string): string {
  return answer
    .trim()
    .replace(/^(?:(?:her|his|their)\s+name(?:'s|\s+is)|(?:she|he)(?:'s|\s+is)\s+called|(?:they|we)(?:'re|\s+are)\s+called|it'?s|name:?)\s+/i, '')
    .replace(/[\s,;:.!]+$/, '')
    .slice(0, 200)
    .trim();
}
