/** Loads what a case card shows (the case, staff, the last relay) and builds it with the pure builders. */
import type { CaseService, CaseView } from '../cases';
import { policyFacts } from '../cases/preconditions';
import { AdaptiveCard } from './cards/adaptive';
import { caseCard, caseCardData, CardNotice } from './cards/caseCard';
import { forViewer } from './cards/contactSection';
import { deliveryLineOf, deliveryStateOf } from './chatDelivery';
import type { LetterDoc } from '../../models/correspondence';
import { letterLine } from '../correspondence/wording';
import type { StaffDirectory } from './staffDirectory';
import { worksLines, type WorksSummary } from '../open311/cardLines';
import type { TriageRegistry } from './triageRegistry';

/** Who asked for the card (from the invoke, through the staff directory). */
type Viewer = { aadObjectId: string; roles: readonly string[] };

export class CaseCards {
  constructor(
    private readonly deps: {
      cases: CaseService;
      staff: StaffDirectory;
      registry: TriageRegistry;
      /** The case's written correspondence, newest last. */
      letters?: (reference: string) => Promise<LetterDoc[]>;
      /** GOV.UK Notify is set up. */
      writing?: boolean;
      /** The case's request to the works system (Open311), if it has one. */
      works?: (reference: string) => Promise<WorksSummary | null>;
    },
  ) {}

  async forReference(reference: string, notice?: CardNotice, viewer?: Viewer | null): Promise<{ view: CaseView; card: AdaptiveCard } | null> {
    const view = await this.deps.cases.getByReference(reference);
    return view ? { view, card: await this.forView(view, notice, viewer) } : null;
  }

  /**
   * The card for `viewer` (an answer to their own invoke): with the resident's contact details if
   * they may see them. Without a viewer, the card everyone in a channel may see.
   */
  async forView(view: CaseView, notice?: CardNotice | null, viewer?: Viewer | null): Promise<AdaptiveCard> {
    const [staff, lastRelay, letters, works] = await Promise.all([this.deps.staff.all(), this.deps.registry.lastRelay(view.reference), this.deps.letters?.(view.reference) ?? [], this.deps.works?.(view.reference) ?? null]);
    const card = caseCard(
      caseCardData(view, {
        staff,
        // The facts the case rules read (a stage 2, councillor copies, when the response time counts from).
        ...policyFacts(this.deps.cases.rules),
        today: this.deps.cases.today(),
        lastRelay: lastRelay && (() => {
          // The letter that took a staff message the chat could not: the same case event (seq).
          const l = lastRelay.delivered ? undefined : letters.find((x) => x.kind === 'staff_message' && x.seq === lastRelay.seq && x.recipient !== 'councillor');
          return { ...lastRelay, inWriting: l ? letterLine(l) : null, line: deliveryLineOf(deliveryStateOf(lastRelay), l?.channel ?? lastRelay.writtenBy) };
        })(),
        notice,
        letters: letters.map((l) => ({ line: letterLine(l), problem: l.state === 'failed' || (l.state === 'not_sent' && l.reason !== 'anonymous') })),
        writing: this.deps.writing ?? false,
        works: works ? worksLines(works) : [],
      }),
    );
    return viewer ? forViewer(card, view, viewer) : card;
  }
}
