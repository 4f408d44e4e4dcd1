/**
 * Text normalisation before the rules run: lower case, plain quotes, text-speak and common
 * misspellings mapped to the words the rules look for, and a light edit-distance-1 correction
 * for long domain words. Rules then only need to spell each word one way.
 */

/** Text-speak, contractions written without apostrophes, and misspellings seen in resident messages. */
const WORD_MAP: Record<string, string> = {
  u: 'you', ur: 'your', r: 'are', pls: 'please', plz: 'please', plse: 'please', thx: 'thanks', thnx: 'thanks',
  thanx: 'thanks', ty: 'thanks', tysm: 'thanks', cos: 'because', coz: 'because', cuz: 'because', bc: 'because',
  im: "i'm", ive: "i've", dont: "don't", cant: "can't", wont: "won't", didnt: "didn't",
  doesnt: "doesn't", isnt: "isn't", wasnt: "wasn't", werent: "weren't", hasnt: "hasn't", havent: "haven't",
  hadnt: "hadn't", couldnt: "couldn't", shouldnt: "shouldn't", wouldnt: "wouldn't", arent: "aren't",
  aint: "ain't", theres: "there's", thats: "that's", whats: "what's", nothings: "nothing's", noones: "no one's",
  wk: 'week', wks: 'weeks', mth: 'month', mths: 'months', yr: 'year', yrs: 'years', hr: 'hour', hrs: 'hours',
  tho: 'though', nite: 'night', '2day': 'today', tmrw: 'tomorrow', '2moro': 'tomorrow', b4: 'before',
  ppl: 'people', xmas: 'christmas', noone: 'no one', neighbor: 'neighbour', neighbors: 'neighbours',
  nieghbour: 'neighbour', neigbour: 'neighbour', naybour: 'neighbour', neighbhour: 'neighbour', nabour: 'neighbour',
  nieghbours: 'neighbours', neigbours: 'neighbours', binmen: 'bin men', binman: 'bin man', flytipping: 'fly tipping',
  flytipped: 'fly tipped', flytip: 'fly tip', flytippers: 'fly tippers', streetlight: 'street light',
  streetlights: 'street lights', streetlamp: 'street lamp', lampost: 'lamp post', lamppost: 'lamp post',
  recieved: 'received', recieve: 'receive', dissapointed: 'disappointed',
  disapointed: 'disappointed', dissapointing: 'disappointing', appauling: 'appalling', apauling: 'appalling',
  appaling: 'appalling', disgracful: 'disgraceful', rediculous: 'ridiculous', ridiculas: 'ridiculous',
  harrassment: 'harassment', harrasment: 'harassment', harasment: 'harassment', harrassed: 'harassed',
  emergancy: 'emergency', emergeny: 'emergency', councel: 'council', counsil: 'council', councill: 'council',
  counciller: 'councillor', councilor: 'councillor', councilors: 'councillors', untill: 'until',
  definately: 'definitely', becuase: 'because', becasue: 'because', garbage: 'rubbish', trash: 'rubbish',
  mold: 'mould', moldy: 'mouldy', colection: 'collection', collecton: 'collection', collectd: 'collected',
  recyling: 'recycling', recylcing: 'recycling', recycing: 'recycling', rubish: 'rubbish', rubbsih: 'rubbish',
  pavment: 'pavement', solicter: 'solicitor', solisitor: 'solicitor', ombudsmen: 'ombudsman',
  tennant: 'tenant', tennants: 'tenants', enviromental: 'environmental', goverment: 'government',
  compliant: 'complaint', complant: 'complaint', complaine: 'complain', complane: 'complain',
  tires: 'tyres', tire: 'tyre', colected: 'collected', emptyed: 'emptied', rong: 'wrong',
  sombody: 'somebody', some1: 'someone', any1: 'anyone', no1: 'no one', every1: 'everyone', gud: 'good',
  gr8: 'great', tnx: 'thanks', ta: 'thanks', lol: '', omg: '', wtf: 'wtf', fml: 'fed up',
};

/**
 * Long domain words worth correcting by one edit (damerau distance 1, same first letter). Only
 * words of 8+ letters are targets: shorter ones sit one edit from everyday words ("leaving" is not
 * "leaking").
 */
const FUZZY_TARGETS = [
  'complaint', 'complaints', 'complain', 'collected', 'collection', 'recycling', 'rubbish', 'neighbour',
  'neighbours', 'emergency', 'harassment', 'disappointed', 'appalling', 'disgusting', 'disgraceful',
  'ridiculous', 'unacceptable', 'ombudsman', 'solicitor', 'compensation', 'insurance', 'councillor',
  'whistleblowing', 'corruption', 'safeguarding', 'headteacher', 'environmental', 'unprofessional',
  'appointment', 'responded', 'response', 'pothole', 'pavement', 'graffiti', 'interview', 'grievance',
  'disciplinary', 'shortlisted', 'recruitment', 'compliment', 'brilliant', 'fantastic', 'excellent',
  'wonderful', 'grateful', 'suggestion', 'assessment', 'vulnerable', 'neglected', 'monoxide', 'mattress',
  'contractor', 'procurement', 'information', 'application', 'threatening', 'threatened', 'assaulted',
  'domestic', 'violence', 'collapsed', 'collapsing', 'flooding', 'damaged', 'ceiling', 'electrical',
  'benefit', 'benefits', 'planning', 'antisocial', 'overflowing', 'abandoned', 'freedom', 'tribunal',
  'exhausted', 'fraudulent', 'ignored', 'disabled', 'elderly', 'council', 'housing', 'residents',
  'disgrace', 'terrible', 'horrible', 'absolutely', 'promised', 'reported', 'contacted', 'landlord',
  'children', 'teacher', 'bullying', 'repairs', 'leaking', 'blocked', 'overgrown', 'parking', 'penalty',
  'refused',
];
/** Real words one edit away from a target that must stay as they are. */
const PROTECTED = new Set([
  'planting', 'flooring', 'respondent', 'responses', 'complains', 'complained', 'collector', 'collecting',
  'collects', 'benefited', 'counsel', 'teachers', 'teaches', 'workers', 'socials', 'carer', 'caters',
  'repair', 'leaking', 'leaning', 'barking', 'marking', 'parting', 'packing', 'parkin', 'appear', 'appeals',
  'refuses', 'refuse', 'refuted', 'stills', 'waiting', 'waning', 'missed', 'misses', 'messed', 'nobody',
  'ignores', 'ignore', 'housings', 'council', 'councils', 'children', 'domestics', 'damages', 'damaged',
  'dammed', 'ceilings', 'threatens', 'collapses', 'collapse', 'abandon', 'tribunals', 'interviews',
  'informations', 'applications', 'assessments', 'benefits', 'appealed', 'appalled', 'planing',
]);

const TARGETS = FUZZY_TARGETS.filter((t) => t.length >= 8);
const TARGET_SET = new Set(TARGETS);
/** deletion variant -> targets producing it (SymSpell-style index for distance 1). */
const DELETES = new Map<string, string[]>();
for (const t of TARGETS) {
  for (const v of new Set([t, ...deletions(t)])) {
    const list = DELETES.get(v);
    if (list) list.push(t);
    else DELETES.set(v, [t]);
  }
}

function deletions(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

/** True damerau-levenshtein distance <= 1 (substitution, insertion, deletion, adjacent swap). */
function withinOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const fuzzyCache = new Map<string, string>();

function fuzzy(word: string): string {
  if (word.length < 7 || TARGET_SET.has(word) || PROTECTED.has(word)) return word;
  const cached = fuzzyCache.get(word);
  if (cached !== undefined) return cached;
  const candidates = new Set<string>();
  for (const v of [word, ...deletions(word)]) {
    for (const t of DELETES.get(v) ?? []) if (t[0] === word[0] && withinOne(word, t)) candidates.add(t);
  }
  // only an unambiguous correction is applied
  const fixed = candidates.size === 1 ? [...candidates][0] : word;
  if (fuzzyCache.size < 10_000) fuzzyCache.set(word, fixed);
  return fixed;
}

export function normalise(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[\u2018\u2019\u201b\u2032`´]/g, "'")
      .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
      .replace(/[\u2013\u2014]/g, ' - ')
      .replace(/&/g, ' and ')
      // the ombudsman's full name is not a social care matter
      .replace(/local government (?:and|&) social care ombudsman/g, 'local government ombudsman')
      // "fly-tipping", "anti-social", "self-harm": one spelling with a space
      .replace(/([a-z])-(?=[a-z])/g, '$1 ')
      // "sooooo", "pleeease": at most two of a letter
      .replace(/([a-z])\1{2,}/g, '$1$1')
      .replace(/[a-z0-9][a-z0-9']*/g, (w) => {
        const bare = w.replace(/'+$/, '');
        const mapped = WORD_MAP[bare];
        if (mapped !== undefined) return mapped;
        return /^[a-z]+$/.test(bare) ? fuzzy(bare) : w;
      })
      .replace(/\s+/g, ' ')
      .trim()
  );
}
