/**
 * Who is speaking for whom. Someone acting for another person (family, carer, advocate,
 * councillor, MP) needs that person's agreement, and written authorisation where the pack says so.
 */
import { AttachmentPrompt, ChoiceFactory, PromptValidatorContext, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Attachment } from 'botbuilder';
import { answersFrom, ChildDialog, ChildOptions, ChildResult, pick } from './childDialog';
import type { IntakeDeps } from './intakeDeps';
import type { IntakeDraft, RepresentativeRole } from './intakeDraft';
import { en } from '../locale/en-GB';
import { askChoice, askText, choicePrompt, ChoiceOption, NO_SYNONYMS, picked, textPrompt, vals, YES_SYNONYMS } from './prompts';
import { saveAttachments } from './evidenceDialog';
import { childUnder16, cleanName, parseRelationship, representedName, withoutRepresentation } from '../services/intake/relationship';

export const WHO_DIALOG = 'whoDialog';

/** What the who question reads: what their words said about someone else, and any files (a letter of authority is one). */
const KNOWN = ['represents', 'evidence', 'text'] as const;
const ANSWERS = ['whoDeferred', 'forSomeoneElse', 'residentName', 'representative', 'evidence'] as const;
export type WhoAnswers = Pick<IntakeDraft, (typeof ANSWERS)[number]>;
export type WhoKnown = Pick<IntakeDraft, (typeof KNOWN)[number]> & Partial<WhoAnswers>;
/** `proceed: false`: they are acting for someone who has not agreed, and will come back later. */
export interface WhoResult extends ChildResult<WhoAnswers> {
  proceed: boolean;
}

export type WhoDeps = Pick<IntakeDeps, 'pack' | 'clock' | 'evidence'>;

/** The who dialog's options, from the draft. */
export function whoOptions(draft: IntakeDraft, flags: Omit<WhoOptions, 'known'> = {}): WhoOptions {
  return { known: { ...pick(draft, KNOWN), ...pick(draft, ANSWERS), evidence: [...draft.evidence] }, ...flags };
}

export interface WhoOptions extends ChildOptions<WhoKnown> {
  /** From the summary: ask afresh, whatever was said before. */
  changing?: boolean;
  /** When nothing was said about anyone else, leave the question to the contact question. */
  deferrable?: boolean;
}
const AUTH_PROMPT = 'authorisationPrompt';
/** Words for "I can't attach it now": it is then recorded as still to come. */
const NOT_NOW =
  /\b(later|send it|post|email|skip|no|nope|nah|none|not (now|yet|got|with me|to hand)|don'?t have|do not have|haven'?t (got|it)|have not got|can'?t|cannot|idk|dunno|don'?t know|tomorrow|next week)\b/i;

const SELF_OR_OTHER: ChoiceOption<'self' | 'other'>[] = [
  { key: 'self', label: en.who.choices.self, synonyms: ['me', 'myself', 'self', 'for me', 'mine', 'just me', 'my own', "it's me", 'it is me'] },
  {
    key: 'other',
    label: en.who.choices.other,
    synonyms: [
      'someone else', 'other', 'on behalf', 'behalf', 'for someone', 'for them', 'for him', 'for her', 'relative', 'constituent', 'client',
      ...['mum', 'mother', 'dad', 'father', 'son', 'daughter', 'husband', 'wife', 'partner', 'brother', 'sister', 'nan', 'gran', 'grandad', 'grandmother', 'grandfather', 'neighbour', 'friend', 'parent', 'parents', 'child', 'tenant'].map((w) => `my ${w}`),
    ],
  },
];
const CONSENT: ChoiceOption<'yes' | 'no'>[] = [
  { key: 'yes', label: en.who.consentChoices.yes, synonyms: [...YES_SYNONYMS, 'agreed', 'they have'] },
  { key: 'no', label: en.who.consentChoices.no, synonyms: NO_SYNONYMS },
];
const NO_CONSENT: ChoiceOption<'own' | 'stop'>[] = [
  { key: 'own', label: en.who.noConsentChoices.own, synonyms: ['own name', 'myself', 'me'] },
  { key: 'stop', label: en.who.noConsentChoices.stop, synonyms: ['later', 'come back', 'stop'] },
];

/** "I am her ward councillor" -> "ward councillor": how they are connected, as the summary shows it. */
export function relationshipFrom(answer: string): string {
  const cleaned = answer
    .trim()
    .replace(/[.!]+$/, '')
    .replace(/^(?:i am|i'm|im|i’m)\s+/i, '')
    .replace(/^(?:her|his|their|them|the|a|an|my)\s+/i, '')
    .slice(0, 200)
    .trim();
  return cleaned || answer.trim().slice(0, 200);
}

/** The kind of representative from how they describe themselves. */
export function roleFrom(relationship: string): RepresentativeRole {
  const r = relationship.toLowerCase();
  if (/\bcouncill?or or mp\b/.test(r)) return 'other';
  if (/\b(mp|member of parliament)\b/.test(r)) return 'mp';
  if (/\bcouncill?or\b/.test(r) && !/\bor mp\b/.test(r)) return 'councillor';
  if (/\badvocate|advocacy|citizens advice|cab\b/.test(r)) return 'advocate';
  if (/\bsolicitor|lawyer|legal\b/.test(r)) return 'solicitor';
  if (/\bcarer|care worker|support worker|social worker|person you care for\b/.test(r)) return 'carer';
  if (/\bfriend|neighbou?r\b/.test(r)) return 'friend';
  if (/\b(mum|mother|dad|father|son|daughter|wife|husband|partner|brother|sister|sibling|aunt|uncle|niece|nephew|grand\w*|step\w*|parent|child|family|relative|cousin|in-law|spouse)\b/.test(r)) return 'family';
  return 'other';
}

export class WhoDialog extends ChildDialog<WhoKnown, WhoDeps> {
  protected override readonly absorbs = ['represents'] as const;

  constructor(deps: WhoDeps) {
    super(WHO_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(
      new AttachmentPrompt(AUTH_PROMPT, async (p: PromptValidatorContext<Attachment[]>) => {
        if (p.recognized.succeeded) return true;
        // Anything but a file is "not now": after one reminder of the button, it is recorded as still to come.
        return NOT_NOW.test(p.context.activity.text ?? '') || p.attemptCount >= 2;
      }),
    );
    this.addDialog(
      new WaterfallDialog(this.stepsId, [
        this.askWho.bind(this),
        this.askName.bind(this),
        this.askRelationship.bind(this),
        this.askConsent.bind(this),
        this.afterConsent.bind(this),
        this.askWritten.bind(this),
        this.finish.bind(this),
      ]),
    );
  }

  private opts(step: WaterfallStepContext): WhoOptions {
    return step.options as WhoOptions;
  }

  private done(step: WaterfallStepContext, proceed: boolean) {
    return step.endDialog({ proceed, answers: answersFrom(this.opts(step).known, ANSWERS) } satisfies WhoResult);
  }

  /** For themselves (or, without the person's agreement, in their own name): nobody represented. */
  private forSelf(step: WaterfallStepContext) {
    const k = this.opts(step).known;
    k.forSomeoneElse = false;
    k.representative = undefined;
    k.residentName = undefined;
    return this.done(step, true);
  }

  /** Asks "for yourself or someone else?" only when their words have not said it already. */
  private async askWho(step: WaterfallStepContext) {
    const { changing, deferrable, known } = this.opts(step);
    const said = changing ? undefined : known.represents;
    if (said?.cue === 'strong') return step.next({ said: 'other' });
    if (said?.cue === 'self') return this.forSelf(step);
    // Nothing said either way, or someone only mentioned ("my daughter keeps coughing", "my neighbour's
    // music"): not someone they act for. The contact question asks, so it costs no turn of its own.
    if (deferrable) {
      known.whoDeferred = true;
      return this.done(step, true);
    }
    return askChoice(step, en.who.ask, SELF_OR_OTHER);
  }

  private async askName(step: WaterfallStepContext) {
    if ((step.result as { said?: string } | undefined)?.said !== 'other' && picked(step.result, SELF_OR_OTHER) !== 'other') return this.forSelf(step);
    const v = vals(step);
    // What they said before, and in answer to this question ("my dad"), is not asked again.
    const { changing, known } = this.opts(step);
    const said = changing ? undefined : known.represents;
    const fromAnswer = parseRelationship(String((step.result as { synonym?: string } | undefined)?.synonym ?? ''), 'theirs');
    v.yours = said?.yours ?? fromAnswer?.yours;
    v.theirs = said?.theirs ?? fromAnswer?.theirs;
    v.residentName = said?.name;
    if (v.residentName) return step.next();
    v.askedName = true;
    if (v.theirs) return askText(step, en.who.theirNameKnown(String(v.theirs)));
    if (!v.yours) {
      v.askedBoth = true;
      return askText(step, en.who.nameAndConnection);
    }
    return askText(step, en.who.theirName);
  }

  private async askRelationship(step: WaterfallStepContext) {
    const v = vals(step);
    if (v.askedName) {
      const answer = String(step.result);
      v.heard = [answer];
      const rel = parseRelationship(answer, 'yours');
      if (rel && !v.yours && !v.theirs) {
        v.yours = rel.yours;
        v.theirs = rel.theirs;
      }
      v.residentName = representedName(answer) ?? (cleanName(withoutRepresentation(answer)) || cleanName(answer));
    }
    if (v.yours || v.theirs) return step.next();
    v.askedRelationship = true;
    return askText(step, en.who.relationshipTo(String(v.residentName)));
  }

  private async askConsent(step: WaterfallStepContext) {
    const v = vals(step);
    const heard = [this.opts(step).known.text ?? '', ...((v.heard as string[] | undefined) ?? [])];
    if (v.askedRelationship) {
      const answer = String(step.result);
      heard.push(answer);
      const rel = parseRelationship(answer, 'yours');
      v.yours = rel ? rel.yours : relationshipFrom(answer);
      v.theirs = rel?.theirs;
    }
    // A child under 16 is not asked to agree: their parent or carer acts for them.
    if (childUnder16(typeof v.theirs === 'string' ? v.theirs : undefined, heard)) {
      v.child = true;
      return step.next();
    }
    return askChoice(step, en.who.consent, CONSENT);
  }

  private async afterConsent(step: WaterfallStepContext) {
    if (vals(step).child || picked(step.result, CONSENT) === 'yes') return step.next();
    vals(step).noConsent = true;
    return askChoice(step, en.who.noConsent, NO_CONSENT);
  }

  private async askWritten(step: WaterfallStepContext) {
    const v = vals(step);
    if (v.noConsent) {
      if (picked(step.result, NO_CONSENT) === 'own') {
        return this.forSelf(step);
      }
      await step.context.sendActivity(en.signpost.done);
      return this.done(step, false);
    }
    const { pack } = this.deps;
    if (!pack.representatives.writtenAuthorisationRequired || v.child) return step.next();
    v.writtenAsked = true;
    const c = pack.contacts;
    const how = [c.email && `by email to ${c.email}`, c.postalAddress && `by post to ${c.postalAddress}`].filter(Boolean).join(' or ') || 'to us, quoting your reference';
    const later = [en.who.writtenChoices.later];
    return step.prompt(AUTH_PROMPT, {
      prompt: ChoiceFactory.forChannel(step.context, later, en.who.writtenNeeded(pack.councilName, how)),
      retryPrompt: ChoiceFactory.forChannel(step.context, later, en.who.writtenRetry),
    });
  }

  private async finish(step: WaterfallStepContext) {
    const v = vals(step);
    let authorisation: 'not_required' | 'provided' | 'pending' = 'not_required';
    let saved: Awaited<ReturnType<typeof saveAttachments>> = [];
    if (v.writtenAsked) {
      const files = Array.isArray(step.result) ? (step.result as Attachment[]) : [];
      saved = files.length ? await saveAttachments(step.context, this.deps, files, 'authorisation') : [];
      authorisation = saved.length > 0 ? 'provided' : 'pending';
      await step.context.sendActivity(authorisation === 'provided' ? en.who.writtenReceived : en.who.writtenPending);
    }
    const relationship = String(v.yours ?? v.theirs ?? 'representative').slice(0, 200);
    const theirRelation = typeof v.theirs === 'string' ? v.theirs : undefined;
    const k = this.opts(step).known;
    k.forSomeoneElse = true;
    k.residentName = String(v.residentName).slice(0, 200);
    k.representative = { role: roleFrom(relationship), relationship, ...(theirRelation ? { theirRelation } : {}), consentConfirmed: true, authorisation };
    if (saved.length) k.evidence = [...k.evidence, ...saved];
    return this.done(step, true);
  }
}
