/**
 * Errors a caller can act on. Messages are plain words a member of staff can read as they are;
 * `code` lets the Teams side choose how to show them.
 */
import type { CaseView } from './views';

export abstract class CaseError extends Error {
  abstract readonly code: string;
}

export class CaseNotFoundError extends CaseError {
  readonly code = 'not_found';
  constructor(readonly reference: string) {
    super(`There is no case ${reference}. Check the reference and try again.`);
    this.name = 'CaseNotFoundError';
  }
}

/** The command is not allowed in the case's current stage and status (see transitions.ts). */
export class TransitionRefusedError extends CaseError {
  readonly code = 'transition_refused';
  constructor(
    readonly reference: string,
    readonly command: string,
    readonly stage: string,
    readonly status: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransitionRefusedError';
  }
}

/** The command breaks one of the council's rules (deadline limits, windows, who may do it). */
export class CaseRuleError extends CaseError {
  readonly code = 'rule';
  constructor(
    readonly reference: string | null,
    message: string,
  ) {
    // A refusal is read as a sentence: it may start with a pack's name ("the council's policy…").
    super(message.charAt(0).toUpperCase() + message.slice(1));
    this.name = 'CaseRuleError';
  }
}

/** The command's input is incomplete or malformed; `problems` lists every one. */
export class CaseInputError extends CaseError {
  readonly code = 'invalid_input';
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length ? `${message}\n${problems.map((p) => ` - ${p}`).join('\n')}` : message);
    this.name = 'CaseInputError';
  }
}

/** Someone else changed the case first; `current` is the case as it is now. */
export class CaseConflictError extends CaseError {
  readonly code = 'conflict';
  constructor(readonly current: CaseView, lastChange?: string) {
    super(
      `Case ${current.reference} was changed by someone else just now${lastChange ? ` (${lastChange})` : ''}, so your change was not saved. ` +
        `It is now ${current.stageLabel}, ${current.statusLabel}. Check it and try again if still needed.`,
    );
    this.name = 'CaseConflictError';
  }
}
