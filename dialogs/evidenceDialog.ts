/**
 * Photos and documents. Each attachment is streamed into GridFS with its type checked from the
 * bytes and its size limited; the resident can add several or skip.
 */
import type { Attachment, TurnContext } from 'botbuilder';
import { AttachmentPrompt, PromptValidatorContext, WaterfallDialog, WaterfallStepContext, ChoiceFactory } from 'botbuilder-dialogs';
import type { EvidenceRef } from '../models/caseDraft';
import { EvidenceError } from '../services/evidence/evidenceStore';
import { describeAllowed, DEFAULT_ALLOWED_TYPES } from '../services/evidence/sniff';
import { answersFrom, ChildDialog, ChildOptions, ChildResult } from './childDialog';
import type { IntakeDeps } from './intakeDeps';
import type { IntakeDraft } from './intakeDraft';
import { otherFactsOnly } from '../services/intake/answerFit';
import { en } from '../locale/en-GB';

export const EVIDENCE_DIALOG = 'evidenceDialog';
const FILE_PROMPT = 'evidenceFilePrompt';
const DONE_WORDS = /^(skip|done|no|none|nope|finished|that'?s (it|all)|no thanks|n)\b/i;

/** Saves what the channel sent; tells the resident about each file that could not be taken. */
export async function saveAttachments(context: TurnContext, deps: Pick<IntakeDeps, 'evidence'>, attachments: Attachment[], purpose: EvidenceRef['purpose'] = 'evidence'): Promise<EvidenceRef[]> {
  const saved: EvidenceRef[] = [];
  for (const a of attachments) {
    const name = a.name ?? 'your file';
    if (!a.contentUrl) continue; // cards and other non-file attachments
    try {
      const stored = await deps.evidence.saveFromUrl(a.contentUrl, a.name);
      saved.push({ ...stored, purpose });
    } catch (err) {
      const reason = err instanceof EvidenceError ? err.reason : 'unreachable';
      if (reason === 'wrong_type') await context.sendActivity(en.evidence.wrongType(name, describeAllowed(DEFAULT_ALLOWED_TYPES)));
      else if (reason === 'too_big') await context.sendActivity(en.evidence.tooBig(name, Math.floor(deps.evidence.maxBytes / (1024 * 1024))));
      else await context.sendActivity(en.evidence.failed(name));
    }
  }
  return saved;
}

const ANSWERS = ['evidence', 'evidenceAsked'] as const;
export type EvidenceAnswers = Pick<IntakeDraft, (typeof ANSWERS)[number]>;
export type EvidenceResult = ChildResult<EvidenceAnswers>;

export interface EvidenceOptions extends ChildOptions<Pick<IntakeDraft, 'evidence'> & Partial<EvidenceAnswers>> {
  /** Asked again after a file was taken: "Thanks, I've added X. Any more?". */
  again?: boolean;
  lastName?: string;
}

export type EvidenceDeps = Pick<IntakeDeps, 'pack' | 'evidence' | 'maxEvidenceFiles'> & Partial<Pick<IntakeDeps, 'clock'>>;

/** The evidence dialog's options: the files already with the draft (an authorisation letter counts apart). */
export function evidenceOptions(draft: Pick<IntakeDraft, 'evidence'>): EvidenceOptions {
  return { known: { evidence: [...draft.evidence] } };
}

export class EvidenceDialog extends ChildDialog<EvidenceOptions['known'], EvidenceDeps> {
  constructor(deps: EvidenceDeps) {
    super(EVIDENCE_DIALOG, deps);
    this.addDialog(
      new AttachmentPrompt(FILE_PROMPT, async (p: PromptValidatorContext<Attachment[]>) => {
        if (p.recognized.succeeded) return true;
        const text = (p.context.activity.text ?? '').trim();
        if (DONE_WORDS.test(text)) return true;
        // Details typed here instead of a file ("jo@example.com") are read like any message: thanked, and no file taken.
        const other = text ? otherFactsOnly(text, 'file', this.deps.clock?.() ?? new Date()) : undefined;
        if (other) {
          await p.context.sendActivity(en.details.noted(other));
          return true;
        }
        // Words instead of a file a second time: go on, and say how to send one later, rather than ask for ever.
        if (text && p.attemptCount >= 2) {
          await p.context.sendActivity(en.evidence.later);
          return true;
        }
        await p.context.sendActivity(en.evidence.notAFile);
        return false;
      }),
    );
    this.addDialog(new WaterfallDialog(this.stepsId, [this.ask.bind(this), this.store.bind(this)]));
  }

  private done(step: WaterfallStepContext<EvidenceOptions>) {
    return step.endDialog({ answers: answersFrom(step.options.known, ANSWERS) } satisfies EvidenceResult);
  }

  private async ask(step: WaterfallStepContext<EvidenceOptions>) {
    const { again, known } = step.options;
    if (known.evidence.filter((e) => e.purpose === 'evidence').length >= this.deps.maxEvidenceFiles) {
      await step.context.sendActivity(en.evidence.tooMany(this.deps.maxEvidenceFiles));
      return this.done(step);
    }
    const question = again ? en.evidence.added(String(step.options.lastName ?? 'that')) : en.evidence.ask;
    const button = again ? en.evidence.done : en.evidence.skip;
    return step.prompt(FILE_PROMPT, { prompt: ChoiceFactory.forChannel(step.context, [button], question), retryPrompt: ChoiceFactory.forChannel(step.context, [button], en.evidence.notAFile) });
  }

  private async store(step: WaterfallStepContext<EvidenceOptions>) {
    const known = { ...step.options.known, evidenceAsked: true };
    step.options.known = known;
    const files = Array.isArray(step.result) ? (step.result as Attachment[]) : [];
    if (files.length === 0) return this.done(step);
    const saved = await saveAttachments(step.context, this.deps, files);
    const lastName = saved.at(-1)?.filename;
    return step.replaceDialog(this.stepsId, { known: { ...known, evidence: [...known.evidence, ...saved] }, again: saved.length > 0, lastName } satisfies EvidenceOptions);
  }
}
