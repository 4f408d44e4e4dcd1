/**
 * The intake's child dialogs, as BotBuilder-Samples' core-bot builds them: what a child needs comes
 * in as typed options (`known`: a copy of the draft fields it reads), and its answers go back with
 * `endDialog({ answers })`. A child never reads or writes the draft; only the intake dialog does,
 * so each child can be run alone (test/dialogs/*.test.ts, with DialogTestClient).
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import { changesFrom } from './absorbFacts';
import { BaseDialogDeps, CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { IntakeDraft } from './intakeDraft';

/** What a child is told: `known` is kept up to date by the child as the resident answers. */
export interface ChildOptions<K extends object> {
  known: K;
}

/** What a child hands back: the draft fields it asked about, as they now stand. */
export interface ChildResult<A extends Partial<IntakeDraft>> {
  answers: A;
}

export type ChildDeps = BaseDialogDeps & { clock?: () => Date };

export abstract class ChildDialog<K extends object, D extends ChildDeps> extends CancelAndHelpDialog<D> {
  /** The fields of `known` that anything the resident writes may fill (services/intake/facts), as the draft's were. */
  protected readonly absorbs: readonly (keyof IntakeDraft & keyof K)[] = [];

  protected constructor(
    id: string,
    deps: D,
    /** The child's main waterfall, whose options hold `known`. */
    protected readonly stepsId: string = `${id}.steps`,
  ) {
    super(id, deps);
    this.initialDialogId = stepsId;
  }

  /**
   * "It's on Oak Lane, since last Tuesday" answers more than the question asked: the facts in every
   * message go into `known`, never overwriting an answer, so later questions skip what is said.
   */
  protected override async beforeContinue(innerDc: DialogContext): Promise<void> {
    const { activity } = innerDc.context;
    if (activity.type !== ActivityTypes.Message || !activity.text || !this.absorbs.length || !this.deps.clock) return;
    const steps = innerDc.stack.find((d) => d.id === this.stepsId);
    const known = (steps?.state?.options as Partial<ChildOptions<K>> | undefined)?.known;
    if (known) this.absorb(known, activity.text, innerDc.context);
  }

  /** The facts in `text` that are new, into the `absorbs` fields of `known` (read once per turn when the turn is given). */
  protected absorb(known: K, text: string, context?: TurnContext): void {
    if (!this.deps.clock) return;
    const change = changesFrom(known as Partial<IntakeDraft>, text, this.deps.clock(), context) as Record<string, unknown>;
    for (const key of this.absorbs as readonly string[]) if (key in change) (known as Record<string, unknown>)[key] = change[key];
  }
}

/** The named fields of `from` that are set: what a child is told. */
export function pick<T extends object, F extends keyof T>(from: T, fields: readonly F[]): Pick<T, F> {
  const out = {} as Pick<T, F>;
  for (const f of fields) if (from[f] !== undefined) out[f] = from[f];
  return out;
}

/** Every named field, unset ones included, so an answer taken back ("not about a place") clears the draft's. */
export function answersFrom<T extends object, F extends keyof T>(known: T, fields: readonly F[]): Pick<T, F> {
  const out = {} as Pick<T, F>;
  for (const f of fields) out[f] = known[f];
  return out;
}
