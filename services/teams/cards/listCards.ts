/**
 * Cards for lists of cases (my cases, overdue), for a search result, and for plain notices
 * (no access, no such case). Pure builders over typed data.
 */
import type { CaseSummary } from '../../cases';
import { formatDate, KIND_LABEL, slaText, STAGE_SHORT } from '../wording';
import { AdaptiveCard, adaptiveCard, CardElement, container, factSet, textBlock, TextColor } from './adaptive';

export interface CaseListCardData {
  title: string;
  /** Shown when the list is empty. */
  empty: string;
  hint: string;
  cases: Array<Pick<CaseSummary, 'reference' | 'kind' | 'stage' | 'dueOn' | 'dueKind' | 'sla' | 'workingDaysLeft' | 'assignee'>>;
  /** How many more matched than are listed. */
  more: number;
}

const SLA_COLOR: Record<string, TextColor> = { overdue: 'attention', due_soon: 'warning', on_track: 'good' };

export function caseListCard(d: CaseListCardData): AdaptiveCard {
  const body: CardElement[] = [textBlock(d.title, { weight: 'bolder', size: 'medium' })];
  if (d.cases.length === 0) body.push(textBlock(d.empty));
  for (const c of d.cases) {
    body.push(
      container([
        textBlock(`${c.reference} · ${KIND_LABEL[c.kind]} · ${STAGE_SHORT[c.stage]}`, { weight: 'bolder' }),
        textBlock(
          `${c.dueOn ? `${c.dueKind === 'acknowledge' ? 'Acknowledge' : 'Respond'} by ${formatDate(c.dueOn)}: ${slaText(c.sla, c.workingDaysLeft)}` : 'Nothing due'} · ${c.assignee ? `Assigned to ${c.assignee.name}` : 'Not assigned'}`,
          { color: c.sla ? SLA_COLOR[c.sla] : 'default', spacing: 'none' },
        ),
      ]),
    );
  }
  if (d.more > 0) body.push(textBlock(`…and ${d.more} more. Open the Cases tab to see them all.`, { isSubtle: true }));
  if (d.cases.length > 0) body.push(textBlock(d.hint, { isSubtle: true }));
  return adaptiveCard(body, { fallbackText: d.title });
}

export type SummaryCardData = Pick<CaseSummary, 'reference' | 'kind' | 'stage' | 'status' | 'dueOn' | 'dueKind' | 'sla' | 'workingDaysLeft' | 'assignee' | 'receivedOn'>;

/** A read-only case summary, for search results put into a conversation (no resident details). */
export function caseSummaryCard(d: SummaryCardData): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(`${d.reference} · ${KIND_LABEL[d.kind]}`, { weight: 'bolder', size: 'medium' }),
      factSet([
        ['Stage', STAGE_SHORT[d.stage]],
        ['Deadline', d.dueOn ? `${d.dueKind === 'acknowledge' ? 'Acknowledge' : 'Respond'} by ${formatDate(d.dueOn)}` : 'Nothing due'],
        ['Time left', d.dueOn ? slaText(d.sla, d.workingDaysLeft) : null],
        ['Received', formatDate(d.receivedOn)],
        ['Assigned to', d.assignee?.name ?? 'Nobody yet'],
      ]),
      textBlock(`Type "case ${d.reference}" to the bot to act on it.`, { isSubtle: true }),
    ],
    { fallbackText: d.reference },
  );
}

/** The preview line of a search result (a thumbnail card's title and text). */
export const searchPreview = (d: SummaryCardData) => ({
  title: `${d.reference} · ${KIND_LABEL[d.kind]}`,
  text: `${STAGE_SHORT[d.stage]} · ${d.dueOn ? slaText(d.sla, d.workingDaysLeft) : 'Nothing due'}`,
});

/** A card with one message and nothing to act on: no access, no such case. */
export function noticeCard(d: { title: string; text: string; tone?: 'attention' | 'warning' | 'default' }): AdaptiveCard {
  return adaptiveCard([textBlock(d.title, { weight: 'bolder', color: d.tone === 'default' ? undefined : (d.tone ?? 'attention') }), textBlock(d.text)], { fallbackText: d.text });
}
