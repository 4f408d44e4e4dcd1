/**
 * Text shown to staff in Teams (card text, markdown thread notices) is rendered as markdown, so a
 * resident who writes `[Reset your password](https://evil.example)` would put a disguised link on
 * a case card. A zero-width space breaks the syntax of links, autolinks and HTML tags in any
 * markdown renderer, whichever escapes it honours, while the words (and any address, in full)
 * read exactly as written. Our own wording uses none of these, so every card string goes through it.
 */
const ZWSP = '\u200B';

export function inertText(text: string): string {
  return text
    .replace(/\]\s*\(/g, (m) => `]${ZWSP}${m.slice(1)}`)
    .replace(/\]\s*\[/g, (m) => `]${ZWSP}${m.slice(1)}`)
    .replace(/</g, `<${ZWSP}`);
}
