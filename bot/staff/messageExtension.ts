/**
 * The search message extension (composeExtension/query, command "searchCases"): finds cases by
 * reference or by the resident's surname and offers each as a read-only summary card. With no
 * search text yet (initialRun), it lists the searcher's own cases.
 */
import { CardFactory, MessagingExtensionResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { CaseService } from '../../services/cases';
import { caseSummaryCard, searchPreview } from '../../services/teams/cards/listCards';
import { hasAnyRole, StaffDirectory } from '../../services/teams/staffDirectory';
import { staffText } from '../../services/teams/wording';
import { staffIdentityOf } from './identity';

export const SEARCH_COMMAND_ID = 'searchCases';
export const SEARCH_PARAMETER = 'searchText';
const RESULTS = 10;

const Query = z.object({
  commandId: z.string().max(64),
  parameters: z.array(z.object({ name: z.string().max(64), value: z.unknown() })).max(10).default([]),
  queryOptions: z.object({ skip: z.number().int().min(0).optional(), count: z.number().int().min(1).optional() }).optional(),
});

const message = (text: string): MessagingExtensionResponse => ({ composeExtension: { type: 'message', text } });

export class CaseSearch {
  constructor(private readonly deps: { cases: CaseService; staff: StaffDirectory }) {}

  async handle(context: TurnContext, raw: unknown): Promise<MessagingExtensionResponse> {
    const query = Query.safeParse(raw);
    if (!query.success || query.data.commandId !== SEARCH_COMMAND_ID) return message('This search is not available.');
    const identity = staffIdentityOf(context.activity);
    const member = identity ? await this.deps.staff.resolve(identity) : null;
    if (!hasAnyRole(member)) return message(staffText.searchNotStaff);

    const param = (name: string) => query.data.parameters.find((p) => p.name === name)?.value;
    const initialRun = String(param('initialRun') ?? '') === 'true';
    const q = typeof param(SEARCH_PARAMETER) === 'string' ? String(param(SEARCH_PARAMETER)).trim().slice(0, 100) : '';
    const found = initialRun || !q ? await this.deps.cases.myCases(member.aadObjectId, { limit: RESULTS }) : await this.deps.cases.search(q, RESULTS);
    if (found.length === 0 && q) return message(staffText.searchNothing(q));

    return {
      composeExtension: {
        type: 'result',
        attachmentLayout: 'list',
        attachments: found.map((summary) => {
          const preview = searchPreview(summary);
          return { ...CardFactory.adaptiveCard(caseSummaryCard(summary)), preview: CardFactory.thumbnailCard(preview.title, preview.text) };
        }),
      },
    };
  }
}
