/**
 * "Yes", "yeah, ...", "yep I reported it", "correct", "that's right": an answer that agrees, and
 * whatever the resident added after agreeing, which is information to keep, not a new question.
 */

const AGREE =
  /^(?:yes(?:\s+(?:please|it is|i do|i am|i have|that'?s (?:it|right|correct)|definitely|absolutely|indeed))?|yeah|yea|yeh|yah|yep|yup|ya|aye|y|ok(?:ay)?|sure|correct|exactly|indeed|absolutely|definitely|of course|that'?s (?:right|it|correct|true)|that is (?:right|it|correct|true)|you'?re right|you are right|it is|spot on|right|affirmative|yes indeed)(?=$|[\s,.!;:—–-])/i;

/** Words after "yes" that take it back ("yes but...", "yeah no"): not a plain yes. */
const BUT = /^(?:but|although|though|however|except|no\b|not\b|kind of|sort of|partly|well,?\s+not)/i;

export interface Affirmation {
  /** What they added after agreeing, trimmed; empty when they only agreed. */
  rest: string;
}

/** The agreement at the start of an answer, and what came after it; undefined when it does not agree. */
export function affirmationIn(text: string): Affirmation | undefined {
  const t = (text ?? '').trim().replace(/[’`]/g, "'");
  const m = AGREE.exec(t);
  if (!m) return undefined;
  const rest = t.slice(m[0].length).replace(/^[\s,.!;:—–-]+/, '').trim();
  // "right, so the bins..." or "ok so" starts a sentence rather than agreeing, unless it says no more.
  if (/^(?:right|ok(?:ay)?|sure)$/i.test(m[0]) && rest && !/^(?:yes|that'?s|it is|i )/i.test(rest)) {
    if (/^(?:so|well|um|erm|then|and|look)\b/i.test(rest)) return undefined;
  }
  if (BUT.test(rest)) return undefined;
  return { rest };
}
