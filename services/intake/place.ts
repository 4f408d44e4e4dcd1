/**
 * The place in a message, from the words that name one: a street ("14 Elm Road", "Hilton Road"),
 * a postcode, a landmark ("by the Co-op", "outside no. 12", "behind Wigston Library"), never the
 * words that merely start a sentence ("My green bin" is not a street called Green).
 * Pure functions: no botbuilder, no database.
 */

export const POSTCODE = /\b((?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?) ?[0-9][ABD-HJLNP-UW-Z]{2})\b/i;

const SUFFIXES = [
  'road', 'rd', 'street', 'st', 'lane', 'ln', 'avenue', 'ave', 'close', 'drive', 'dr', 'way', 'crescent', 'cres', 'court', 'ct', 'place', 'pl', 'gardens', 'gdns',
  'grove', 'hill', 'park', 'square', 'sq', 'terrace', 'walk', 'row', 'green', 'rise', 'mews', 'parade', 'boulevard', 'estate', 'view', 'vale', 'wharf', 'yard',
  'circus', 'approach', 'hey', 'fold', 'brow', 'croft', 'chase', 'meadow', 'meadows', 'bank', 'end', 'gate', 'side', 'walk', 'passage', 'alley', 'bypass', 'by-pass',
];
const SUFFIX = `(?:${SUFFIXES.join('|')})`;

/** Words that start sentences or phrases and are never part of a street's own name. */
const NOT_NAME = new Set(
  ('i im i\'m my our your their his her its it it\'s its the a an this that these those there here we they he she you me us them on in at by near to from of for and or but ' +
    'so as is was were are be been has have had not no yes outside opposite behind beside next along down up across round around off into onto over past top bottom end ' +
    'corner junction just still also only very really again today yesterday tonight last monday tuesday wednesday thursday friday saturday sunday ' +
    // A day is never a place: "on Thursdays", "by Weds".
    'mondays tuesdays wednesdays thursdays fridays saturdays sundays mon tue tues wed weds thu thur thurs fri sat weekend weekends weekday weekdays ' +
    'january february march april may june july august september october november december when where which who what why how please thanks hi hello dear ' +
    'bin bins green blue black brown grey recycling garden rubbish litter every each all some any council christmas easter facebook twitter whatsapp instagram google english').split(/\s+/),
);

const WORD = "[A-Za-z][A-Za-z'’-]*";
const LANDMARK_NOUNS =
  'car park|park|playground|play area|school|primary school|academy|college|library|station|bus station|train station|railway station|bus stop|church|chapel|mosque|temple|gurdwara|shops|shop|parade|centre|center|leisure centre|community centre|health centre|estate|flats|tower|house|court|surgery|pub|hospital|post office|cemetery|graveyard|recreation ground|rec|field|fields|allotments|roundabout|bridge|underpass|subway|canal|river|green|common|market|precinct|supermarket|garage|petrol station|industrial estate|retail park|bus shelter|alleyway|alley|footpath|cycle path|towpath|car wash|takeaway|chippy|cafe|hall|village hall|town hall|museum|woods|wood|lake|pond|lido|pool|swimming pool|gym|stadium|clinic|care home|nursery';
const CHAINS = "co-op|coop|tesco|tesco express|sainsbury'?s|asda|aldi|lidl|morrisons|iceland|spar|boots|greggs|mcdonald'?s|b&m|home bargains|poundland|costa|wetherspoons?|londis|nisa|one stop|premier|post office";

export interface PlacePart {
  text: string;
  start: number;
  end: number;
  kind: 'street' | 'postcode' | 'landmark' | 'number' | 'town';
}

function isNameWord(w: string): boolean {
  const bare = w.toLowerCase().replace(/[’']s$/, '');
  return /^[A-Z]/.test(w) && !NOT_NAME.has(bare) && !NOT_NAME.has(w.toLowerCase());
}

const PREP_BEFORE_STREET = new Set(['on', 'in', 'at', 'along', 'down', 'up', 'off', 'near', 'outside', 'opposite', 'behind', 'by', 'from', 'to', 'of', 'onto', 'into', 'round', 'around', 'past']);

// Built once (each message is read for places more than once a turn); the global ones are reset before each use.
const STREET = new RegExp(`\\b((?:(?:flat|unit|apartment|apt)\\s+\\d{1,4}[a-z]?,?\\s+)?(?:\\d{1,4}[a-z]?,?\\s+)?)((?:${WORD}\\s+){1,3})(${SUFFIX})\\b`, 'gi');
const NEAR = new RegExp(
  `\\b(outside|opposite|near|nearby|next to|behind|beside|by|at|in|on|in front of|across from|round the corner from|around the corner from|the back of|along|alongside)\\s+(the\\s+)?((?:(?:${CHAINS})\\b)|(?:(?:[A-Z][A-Za-z'’-]*\\s+){0,4}(?:${LANDMARK_NOUNS})s?\\b)|(?:[A-Z][A-Za-z'’-]*(?:\\s+[A-Z][A-Za-z'’-]*){0,3}))`,
  'g',
);
const LOWER_NEAR = new RegExp(`\\b(outside|opposite|near|next to|behind|beside|by|in front of|across from)\\s+(the\\s+)((?:[a-z]+\\s+)?(?:(?:${LANDMARK_NOUNS})s?|${CHAINS}))\\b`, 'gi');
const IS_CHAIN = new RegExp(`^(?:${CHAINS})$`, 'i');
const IS_GENERIC_LANDMARK = new RegExp(`^(?:[a-z]+\\s+)?(?:${LANDMARK_NOUNS})s?$`);
const IS_SUFFIX = new RegExp(`^${SUFFIX}$`, 'i');
/** One or two capitalised words straight after a street ("Church Street Melbourne"): its town or village. */
const TOWN_AFTER = /^(,?\s+)([A-Z][a-z][A-Za-z'’-]*)(?:\s+([A-Z][a-z][A-Za-z'’-]*))?(?:\s+(\S+))?/;
const POSTCODES = new RegExp(POSTCODE.source, 'gi');

/** Streets: one to three name words and a street word, with a house or flat number if given. */
function streets(text: string): PlacePart[] {
  const out: PlacePart[] = [];
  const re = STREET;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [whole, numberRaw, wordsRaw, suffix] = m;
    const all = wordsRaw.trim().split(/\s+/);
    // The name is the run of words just before the street word that are not ordinary words
    // ("It's on Hilton Road" -> "Hilton"; "My green" -> nothing).
    let i = all.length;
    while (i > 0 && !NOT_NAME.has(all[i - 1].toLowerCase().replace(/[’']s$/, ''))) i -= 1;
    let words = all.slice(i);
    const firstCap = words.findIndex((w) => /^[A-Z]/.test(w));
    const number = numberRaw.trim();
    const before = i > 0 ? all[i - 1].toLowerCase() : '';
    if (firstCap >= 0) words = words.slice(firstCap);
    else if (!(words.length && (number || PREP_BEFORE_STREET.has(before)))) words = [];
    // "st", "dr" and the like are street words only with a capital or a house number ("the park st" is not one).
    if (words.length && /^[a-z]/.test(suffix) && firstCap >= 0 && ['st', 'dr', 'pl', 'ct', 'way', 'end', 'side', 'bank', 'view', 'green', 'park', 'hill', 'gate', 'walk', 'row', 'rise', 'hey', 'fold', 'brow', 'chase'].includes(suffix)) words = [];
    if (!words.length) {
      re.lastIndex = m.index + 1;
      continue;
    }
    const keepNumber = number.length > 0 && words.length === all.length;
    const nameStart = m.index + numberRaw.length + wordsRaw.lastIndexOf(words[0], wordsRaw.length - 1 - words.slice(1).join(' ').length);
    const name = `${words.join(' ')} ${suffix}`;
    const end = m.index + whole.length;
    out.push({ text: keepNumber ? `${number} ${name}` : name, start: keepNumber ? m.index : nameStart, end, kind: 'street' });
    const town = townAfter(text, end);
    if (town) out.push(town);
  }
  return out;
}

/** The town or village named right after a street, unless those words start another street or are ordinary words. */
function townAfter(text: string, end: number): PlacePart | undefined {
  const t = TOWN_AFTER.exec(text.slice(end));
  if (!t) return undefined;
  const [, gap, first, second, next] = t;
  const isTown = (w: string | undefined) => !!w && isNameWord(w) && !IS_SUFFIX.test(w);
  if (!isTown(first)) return undefined;
  const both = isTown(second);
  // "Church Street Mill Lane": the words are a second street's name, not a town.
  const after = both ? next : second;
  if (after && IS_SUFFIX.test(after.replace(/[^A-Za-z]/g, ''))) return undefined;
  if (!both && second && IS_SUFFIX.test(second)) return undefined;
  const name = both ? `${first} ${second}` : first;
  const start = end + gap.length;
  return { text: name, start, end: start + name.length, kind: 'town' };
}

function landmarks(text: string): PlacePart[] {
  const out: PlacePart[] = [];
  // "outside no. 12", "opposite number 4"
  const num = /\b(outside|opposite|near|next to|in front of|at|by)\s+((?:no\.?|number|house number|flat)\s*\d{1,4}[a-z]?)\b/gi;
  for (let m = num.exec(text); m; m = num.exec(text)) out.push({ text: `${m[1].toLowerCase()} ${m[2]}`, start: m.index, end: m.index + m[0].length, kind: 'number' });
  // "by the Co-op", "outside the library", "behind Wigston Library", "in Brocks Hill park", "near the bus stop"
  for (const re of [NEAR, LOWER_NEAR]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const prep = m[1];
      const article = m[2] ?? '';
      const object = m[3].trim();
      const words = object.split(/\s+/);
      const chain = IS_CHAIN.test(object);
      const named = words.some((w) => isNameWord(w));
      const generic = IS_GENERIC_LANDMARK.test(object);
      if (!chain && !named && !generic) continue;
      if (!chain && named && words.every((w) => !isNameWord(w) || /^(?:I|Council)$/.test(w))) continue;
      if (/^(?:on|in|at|along)$/i.test(prep) && !chain && !named) continue; // "in the park" says little; "by the park" is kept
      const shown = chain || !named || /^(?:the )?[a-z]/.test(object) ? `${/^(?:at|in|on)$/i.test(prep) ? '' : `${prep.toLowerCase()} `}${article}${object}` : `${article}${object}`;
      out.push({ text: shown.trim(), start: m.index, end: m.index + m[0].length, kind: 'landmark' });
    }
  }
  return out;
}

/** The postcode as written, tidied to "LE2 5AB". */
export function tidyPostcode(raw: string): string {
  return raw.toUpperCase().replace(/\s+/g, '').replace(/^(.+?)(\d[A-Z]{2})$/, '$1 $2');
}

/** Every place part found, in the order written; streets, postcodes and house numbers win over landmarks they overlap. */
export function placeParts(text: string): PlacePart[] {
  const near = landmarks(text);
  const firm: PlacePart[] = [...streets(text), ...near.filter((p) => p.kind === 'number')];
  const pc = POSTCODES;
  pc.lastIndex = 0;
  for (let m = pc.exec(text); m; m = pc.exec(text)) firm.push({ text: tidyPostcode(m[1]), start: m.index, end: m.index + m[0].length, kind: 'postcode' });
  const overlaps = (p: PlacePart, list: PlacePart[]) => list.some((k) => p.start < k.end && k.start < p.end);
  const kept: PlacePart[] = [];
  for (const p of firm.sort((a, b) => b.end - b.start - (a.end - a.start))) if (!overlaps(p, kept)) kept.push(p);
  for (const p of near.filter((l) => l.kind === 'landmark')) if (!overlaps(p, kept)) kept.push(p);
  return kept.sort((a, b) => a.start - b.start);
}

/** A place named in the text, as the resident wrote it; undefined when none is found. */
export function extractLocation(text: string): string | undefined {
  const parts = placeParts(text);
  if (!parts.length) return undefined;
  // Keep the first street and what sits next to it; a second, far-off street is another place.
  // A part said twice ("27 Beech Avenue ... on Beech Avenue") is shown once, in its fuller form.
  const out: string[] = [];
  const within = (a: string, b: string) => new RegExp(`(?:^|\\W)${b.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).test(a.toLowerCase());
  for (const p of parts) {
    if (out.some((o) => within(o, p.text))) continue;
    const shorter = out.findIndex((o) => within(p.text, o));
    if (shorter >= 0) {
      out[shorter] = p.text;
      continue;
    }
    out.push(p.text);
    if (out.length === 3) break;
  }
  return out.join(', ').slice(0, 300);
}
