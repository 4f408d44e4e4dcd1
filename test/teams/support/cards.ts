/**
 * Parses a card the way Teams' renderer library does (`adaptivecards`), returning every parse
 * error or warning and every validation failure. The package's lib/ is ES modules without file
 * extensions (node can't load them); its dist/ build is UMD and parses without a DOM.
 */
import type * as AdaptiveCards from 'adaptivecards';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

export function cardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json as never, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) problems.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  return problems;
}

/** The Adaptive Cards in an activity's attachments. */
export function cardsIn(activity: { attachments?: unknown }): unknown[] {
  const list = Array.isArray(activity.attachments) ? (activity.attachments as Array<{ contentType?: string; content?: unknown }>) : [];
  return list.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content);
}

/** All text a person would read on a card (TextBlocks and fact values), ShowCards included. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts)) for (const f of o.facts as Array<{ title: string; value: string }>) out.push(`${f.title}: ${f.value}`);
    for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
  };
  walk(card);
  return out.join('\n');
}

/** Every TextBlock on a card with its styling (colour, weight), in order, ShowCards included. */
export function textBlocks(card: unknown): Array<{ text: string; color?: string; weight?: string }> {
  const out: Array<{ text: string; color?: string; weight?: string }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o as { text: string; color?: string; weight?: string });
    for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
  };
  walk(card);
  return out;
}

/** Titles and verbs of every Action.Execute on a card (in ShowCards too), refresh excluded. */
export function cardActions(card: unknown): Array<{ title: string; verb: string; data: Record<string, unknown> }> {
  const out: Array<{ title: string; verb: string; data: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute') out.push({ title: String(o.title), verb: String(o.verb), data: o.data as Record<string, unknown> });
    for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
  };
  walk(card);
  return out;
}
