/**
 * Contact details: a name and an email address or phone number in one answer (validated), or a
 * postal address, or anonymity where the council's policy allows it, saying what that means.
 */
import { ChoiceFactory, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { extractContact, extractPostcode, looksLikeEmailAttempt } from '../services/intake/extract';
import { withoutRepresentation } from '../services/intake/relationship';
import { answersFrom, ChildDialog, ChildOptions, ChildResult, pick } from './childDialog';
import type { IntakeDeps } from './intakeDeps';
import type { IntakeDraft } from './intakeDraft';
import { en } from '../locale/en-GB';
import { askChoice, askText, choicePrompt, ChoiceOption, NO_SYNONYMS, picked, textPrompt, TEXT, vals, YES_SYNONYMS } from './prompts';
import { phoneForDisplay } from './format';

export const CONTACT_DIALOG = 'contactDialog';

const ANON: ChoiceOption<'yes' | 'no'>[] = [
  { key: 'yes', label: en.contact.anonymousChoices.yes, synonyms: YES_SYNONYMS },
  { key: 'no', label: en.contact.anonymousChoices.no, synonyms: NO_SYNONYMS },
];
const PREFER: ChoiceOption<'email' | 'phone'>[] = [
  { key: 'email', label: en.contact.preferChoices.email, synonyms: ['email', 'e-mail', 'mail'] },
  { key: 'phone', label: en.contact.preferChoices.phone, synonyms: ['phone', 'call', 'text', 'mobile'] },
];

/** What the contact question reads: the kind (thanks need no details), who it is for, and details given already. */
const KNOWN = ['kind', 'replyWanted', 'whoDeferred', 'forSomeoneElse'] as const;
const ANSWERS = ['contact', 'anonymous', 'whoHinted'] as const;
export type ContactAnswers = Pick<IntakeDraft, (typeof ANSWERS)[number]>;
export type ContactKnown = Pick<IntakeDraft, (typeof KNOWN)[number]> & ContactAnswers;
export type ContactResult = ChildResult<ContactAnswers>;

export interface ContactOptions extends ChildOptions<ContactKnown> {
  retry?: string;
  /** From the summary: start afresh. */
  changing?: boolean;
}

export type ContactDeps = Pick<IntakeDeps, 'pack' | 'clock'>;

/** The contact dialog's options, from the draft. */
/** Words no name has: refusals, yes and no, the options' own words. */
const NOT_A_NAME =
  /\b(rather|prefer|not|don'?t|dont|won'?t|wont|no|nope|nah|yes|yeah|yep|ok|okay|give|giving|want|number|phone|mobile|email|e-mail|skip|none|comment|suggestion|complaint|problem|compliment|report|post|anonymous|thanks?|please|sorry|why|what)\b/i;
/** Not wanting to give a phone number or email: offer the other ways, never take it as an answer. */
const REFUSED =
  /\b(rather not|prefer not|don'?t want to|do not want to|won'?t|not (giving|give|sharing|share)|no (phone|number|email|mobile)|don'?t have (a |an )?(phone|email|mobile|number)|haven'?t got (a |an )?(phone|email|mobile)|i said i don'?t)\b/i;

export function contactOptions(draft: IntakeDraft, changing?: boolean): ContactOptions {
  return { known: { ...pick(draft, KNOWN), ...pick(draft, ANSWERS) }, ...(changing ? { changing } : {}) };
}

export class ContactDialog extends ChildDialog<ContactKnown, ContactDeps> {
  protected override readonly absorbs = ['contact'] as const;

  constructor(deps: ContactDeps) {
    super(CONTACT_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(new WaterfallDialog(this.stepsId, [this.ask.bind(this), this.interpret.bind(this), this.followUp.bind(this), this.prefer.bind(this), this.finish.bind(this)]));
  }

  private anonymityOffered(): boolean {
    return this.deps.pack.anonymous.handling !== 'not_stated';
  }

  /** Thanks, or a comment that wants no reply: nobody has to leave details (the packs' anonymity rules are about complaints). */
  private static contactOptional(known: { kind?: string; replyWanted?: boolean }): boolean {
    return known.kind === 'compliment' || (known.kind === 'comment' && !known.replyWanted);
  }

  private done(step: WaterfallStepContext<ContactOptions>) {
    return step.endDialog({ answers: answersFrom(step.options.known, ANSWERS) } satisfies ContactResult);
  }

  private async ask(step: WaterfallStepContext<ContactOptions>) {
    const { retry, changing, known: k } = step.options;
    if (changing && !retry) {
      k.contact = undefined;
      k.anonymous = false;
    }
    const optional = ContactDialog.contactOptional(k);
    const c = k.contact ?? {};
    // Name and a way to reach them already given in their own words: shown in the summary, not asked.
    if (!retry && !changing && !optional && c.name && (c.email || c.phone)) return step.next({ known: true });
    // Nobody has said who this is for: one sentence here instead of a question of its own.
    const whoHint = k.whoDeferred && k.forSomeoneElse === undefined && !optional ? ` ${en.contact.orSomeoneElse}` : '';
    // A way to reach them already given (an email typed to another question): only the name is asked.
    const way = c.email ?? (c.phone && phoneForDisplay(c.phone));
    const base = optional
      ? en.contact.askOptional
      : c.name && !way
        ? en.contact.askWay(c.name)
        : way && !c.name && !changing
          ? en.contact.askName(way, !!k.forSomeoneElse)
          : k.forSomeoneElse
            ? en.contact.askRep
            : en.contact.ask;
    const question = `${retry ?? base}${retry ? '' : whoHint}`;
    if (whoHint && !retry) k.whoHinted = true;
    const buttons = optional
      ? [en.contact.noReplyOption, en.contact.postOption]
      : [en.contact.postOption, ...(this.anonymityOffered() && !k.forSomeoneElse ? [en.contact.anonymousOption] : [])];
    return step.prompt(TEXT, { prompt: ChoiceFactory.forChannel(step.context, buttons, question), retryPrompt: question });
  }

  private retry(step: WaterfallStepContext<ContactOptions>, retry: string) {
    const { changing, known } = step.options;
    return step.replaceDialog(this.stepsId, { known, retry, ...(changing ? { changing } : {}) } satisfies ContactOptions);
  }

  private async interpret(step: WaterfallStepContext<ContactOptions>) {
    if ((step.result as { known?: boolean } | undefined)?.known) return step.next();
    const answer = String(step.result ?? '').trim();
    const v = vals(step);
    const k = step.options.known;
    if (ContactDialog.contactOptional(k) && /^(?:no reply(?: needed)?|no thanks?|no thank you|no|none|skip|nope|anon(?:ymous)?|stay anonymous|not needed|no need|n\/a)[\s.!]*$/i.test(answer)) {
      k.anonymous = true;
      k.contact = { preferredContact: 'none' };
      return this.done(step);
    }
    if (/^stay anonymous$|^anonymous$|^anon$/i.test(answer) && this.anonymityOffered()) {
      v.mode = 'anon';
      const a = this.deps.pack.anonymous;
      return askChoice(step, en.contact.anonymousMeans(a.whatHappens), ANON);
    }
    if (/^by post|^post$|^letter/i.test(answer)) {
      v.mode = 'post';
      return askText(step, en.contact.address);
    }
    // What they gave before (a name typed first, an email in the first message) is kept, not asked again.
    const found = extractContact(withoutRepresentation(answer));
    const before = k.contact ?? {};
    // "I'd rather not give my number", "no", a button's words: never a name. A name given before
    // gives way only to a whole new contact (a name with an email or phone).
    const named = found.name && !NOT_A_NAME.test(found.name) ? found.name : undefined;
    const name = before.name && !(found.email || found.phone) ? before.name : (named ?? before.name);
    const merged = { name, email: found.email ?? before.email, phone: found.phone ?? before.phone };
    const keep = () => {
      k.contact = { ...before, ...merged };
    };
    if (REFUSED.test(answer) && !found.email && !found.phone) return (keep(), this.retry(step, en.contact.otherWays(this.anonymityOffered() && !k.forSomeoneElse)));
    if (looksLikeEmailAttempt(answer) && !found.email) return (keep(), this.retry(step, en.contact.badEmail));
    if (!found.email && /\d{5,}/.test(answer.replace(/\s/g, '')) && !found.phone) return (keep(), this.retry(step, en.contact.badPhone));
    if (!merged.email && !merged.phone) return (keep(), this.retry(step, merged.name ? en.contact.askWay(merged.name) : en.contact.needWay));
    k.anonymous = false;
    k.contact = merged;
    if (merged.name) return step.next();
    v.mode = 'name';
    return askText(step, en.contact.needName);
  }

  private async followUp(step: WaterfallStepContext<ContactOptions>) {
    const v = vals(step);
    const k = step.options.known;
    if (v.mode === 'anon') {
      if (picked(step.result, ANON) !== 'yes') return step.replaceDialog(this.stepsId, { known: k } satisfies ContactOptions);
      k.anonymous = true;
      k.contact = { preferredContact: 'none' };
      return this.done(step);
    }
    if (v.mode === 'post') {
      const address = String(step.result).trim();
      const postcode = extractPostcode(address);
      if (!postcode) return step.replaceDialog(this.stepsId, { known: k, retry: en.contact.badPostcode } satisfies ContactOptions);
      v.mode = 'postName';
      const name = k.contact?.name;
      k.anonymous = false;
      k.contact = { name, address: address.slice(0, 300), postcode, preferredContact: 'post' };
      if (name) return step.next(name);
      return askText(step, en.contact.needName);
    }
    if (v.mode === 'name') k.contact = { ...k.contact, name: String(step.result).trim().slice(0, 120) };
    return step.next();
  }

  private async prefer(step: WaterfallStepContext<ContactOptions>) {
    const v = vals(step);
    const k = step.options.known;
    if (v.mode === 'postName') {
      k.contact = { ...k.contact, name: String(step.result).trim().slice(0, 120) };
      return this.done(step);
    }
    const c = k.contact ?? {};
    if (c.email && c.phone) {
      v.askedPrefer = true;
      return askChoice(step, en.contact.prefer, PREFER);
    }
    return step.next();
  }

  private async finish(step: WaterfallStepContext<ContactOptions>) {
    const k = step.options.known;
    const c = k.contact ?? {};
    const preferredContact = vals(step).askedPrefer ? (picked(step.result, PREFER) ?? 'email') : c.email ? 'email' : c.phone ? 'phone' : 'none';
    k.contact = { ...c, preferredContact };
    return this.done(step);
  }
}
