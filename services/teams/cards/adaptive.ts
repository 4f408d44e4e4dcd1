/**
 * The small part of the Adaptive Card schema the staff cards use, as typed helpers. Cards are
 * version 1.5: Universal Actions (Action.Execute, refresh) need 1.4 or later, and Teams renders 1.5.
 */
import { inertText } from '../inertText';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export type TextColor = 'default' | 'good' | 'warning' | 'attention' | 'accent';

export interface CardElement {
  type: string;
  id?: string;
  [key: string]: unknown;
}

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: Record<string, unknown>;
  associatedInputs?: 'auto' | 'none';
  style?: 'default' | 'positive' | 'destructive';
}

export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: { type: 'AdaptiveCard'; body: CardElement[]; actions: CardAction[] };
}

export type CardAction = ExecuteAction | ShowCardAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: { action: ExecuteAction; userIds?: string[] };
  fallbackText?: string;
}

export const adaptiveCard = (body: CardElement[], extra: Partial<Pick<AdaptiveCard, 'actions' | 'refresh' | 'fallbackText'>> = {}): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: SCHEMA,
  version: '1.5',
  body,
  ...(extra.actions?.length ? { actions: extra.actions } : {}),
  ...(extra.refresh ? { refresh: extra.refresh } : {}),
  ...(extra.fallbackText ? { fallbackText: extra.fallbackText } : {}),
});

export const textBlock = (text: string, opts: { weight?: 'bolder'; size?: 'small' | 'medium' | 'large'; color?: TextColor; isSubtle?: boolean; spacing?: string } = {}): CardElement => ({
  type: 'TextBlock',
  // Residents' words reach these blocks: no link or tag they write may render as one.
  text: inertText(text),
  wrap: true,
  ...opts,
});

export const factSet = (facts: Array<[string, string | null | undefined | false]>): CardElement => ({
  type: 'FactSet',
  facts: facts.filter((f): f is [string, string] => typeof f[1] === 'string' && f[1] !== '').map(([title, value]) => ({ title, value: inertText(value) })),
});

export const container = (items: CardElement[], style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent'): CardElement => ({
  type: 'Container',
  items,
  ...(style ? { style } : {}),
});

export const actionSet = (actions: CardAction[]): CardElement => ({ type: 'ActionSet', actions });

export const execute = (title: string, verb: string, data: Record<string, unknown>, style?: ExecuteAction['style']): ExecuteAction => ({
  type: 'Action.Execute',
  title,
  verb,
  data,
  associatedInputs: 'auto',
  ...(style ? { style } : {}),
});

export const showCard = (title: string, body: CardElement[], actions: CardAction[]): ShowCardAction => ({
  type: 'Action.ShowCard',
  title,
  card: { type: 'AdaptiveCard', body, actions },
});

export const inputText = (id: string, label: string, opts: { multiline?: boolean; required?: boolean; maxLength?: number; placeholder?: string; errorMessage?: string } = {}): CardElement => ({
  type: 'Input.Text',
  id,
  label,
  isMultiline: opts.multiline ?? false,
  ...(opts.required ? { isRequired: true, errorMessage: opts.errorMessage ?? `${label} is needed.` } : {}),
  ...(opts.maxLength ? { maxLength: opts.maxLength } : {}),
  ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
});

export const choiceSet = (id: string, label: string, choices: Array<{ title: string; value: string }>, opts: { required?: boolean; value?: string } = {}): CardElement => ({
  type: 'Input.ChoiceSet',
  id,
  label,
  style: 'compact',
  choices,
  ...(opts.value ? { value: opts.value } : {}),
  ...(opts.required ? { isRequired: true, errorMessage: `Choose ${label.toLowerCase()}.` } : {}),
});

export const inputDate = (id: string, label: string, opts: { min?: string; max?: string; required?: boolean } = {}): CardElement => ({
  type: 'Input.Date',
  id,
  label,
  ...(opts.min ? { min: opts.min } : {}),
  ...(opts.max ? { max: opts.max } : {}),
  ...(opts.required ? { isRequired: true, errorMessage: `Choose ${label.toLowerCase()}.` } : {}),
});

export const toggle = (id: string, title: string): CardElement => ({ type: 'Input.Toggle', id, title, value: 'false', valueOn: 'true', valueOff: 'false' });

export const attachment = (card: AdaptiveCard) => ({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card });
