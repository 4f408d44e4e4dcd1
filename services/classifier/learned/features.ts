/**
 * Features for the learned model, from text already passed through normalise(): word unigrams and
 * bigrams, words under a negation marked as such ("not happy" gives `n:happy` besides `w:happy`),
 * and character 3–5-grams inside each word (they carry misspellings and word forms the rules never
 * listed). Digits collapse to '0' so house numbers and dates do not become vocabulary.
 */

const NEGATOR = new Set([
  'not', 'no', 'never', 'nobody', 'nothing', 'without', 'nor', "isn't", "wasn't", "aren't", "weren't", "don't",
  "doesn't", "didn't", "can't", 'cannot', "won't", "haven't", "hasn't", "hadn't", "couldn't", "shouldn't", "wouldn't",
]);
/** How many words after a negator count as negated (a clause break ends it sooner). */
const NEGATION_SPAN = 3;
const CHAR_MIN = 3;
const CHAR_MAX = 5;

/** Words and clause breaks, in order; a clause break is the empty string. */
function tokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.replace(/[0-9]/g, '0').matchAll(/[a-z0-9']+|[.!?;,:\n]/g)) {
    const t = m[0];
    if (/^[.!?;,:\n]$/.test(t)) out.push('');
    else {
      const w = t.replace(/^'+|'+$/g, '');
      if (w) out.push(w);
    }
  }
  return out;
}

/** The distinct features of one normalised message, in first-seen order. */
export function featuresOf(normalised: string): string[] {
  const seen = new Set<string>();
  const toks = tokens(normalised);
  let negLeft = 0;
  let prev = '';
  for (const t of toks) {
    if (t === '') {
      negLeft = 0;
      prev = '';
      continue;
    }
    seen.add(`w:${t}`);
    if (prev) seen.add(`b:${prev}_${t}`);
    if (negLeft > 0) {
      seen.add(`n:${t}`);
      negLeft--;
    }
    if (NEGATOR.has(t)) negLeft = NEGATION_SPAN;
    const padded = `<${t}>`;
    for (let n = CHAR_MIN; n <= CHAR_MAX; n++) {
      for (let i = 0; i + n <= padded.length; i++) seen.add(`c:${padded.slice(i, i + n)}`);
    }
    prev = t;
  }
  if (seen.size === 0) seen.add('w:<empty>');
  return [...seen];
}
