/**
 * Contact details: a name and an email address or phone number in one answer (validated), or a
 * postal address, or anonymity where the council's policy allows it, saying what that means.
 */
import { ChoiceFactory, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { extractContact, extractPostcode, looksLikeEmailAttempt } from '../services/intake/extract';
import { withoutRepresentation } from '../services/intake/relationship';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { IntakeDeps } from './intakeDeps';
import { en } from '../locale/en-GB';
import { askChoice, askText, choicePrompt, ChoiceOption, NO_SYNONYMS, picked, textPrompt, TEXT, vals, YES_SYNONYMS } from './prompts';

export const CONTACT_DIALOG = 'contactDialog';

const ANON: ChoiceOption<'yes' | 'no'>[] = [
  { key: 'yes', label: en.contact.anonymousChoices.yes, synonyms: YES_SYNONYMS },
  { key: 'no', label: en.contact.anonymousChoices.no, synonyms: NO_SYNONYMS },
];
const PREFER: ChoiceOption<'email' | 'phone'>[] = [
  { key: 'email', label: en.contact.preferChoices.email, synonyms: ['email', 'e-mail', 'mail'] },
  { key: 'phone', label: en.contact.preferChoices.phone, synonyms: ['phone', 'call', 'text', 'mobile'] },
];

export interface ContactOptions {
  retry?: string;
  /** From the summary: start afresh. */
  changing?: boolean;
}

export class ContactDialog extends CancelAndHelpDialog {
  constructor(deps: IntakeDeps) {
    super(CONTACT_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(
      new WaterfallDialog(`${CONTACT_DIALOG}.steps`, [this.ask.bind(this), this.interpret.bind(this), this.followUp.bind(this), this.prefer.bind(this), this.finish.bind(this)]),
    );
    this.initialDialogId = `${CONTACT_DIALOG}.steps`;
  }

  private anonymityOffered(): boolean {
    return this.deps.pack.anonymous.handling !== 'not_stated';
  }

  /** Thanks, or a comment that wants no reply: nobody has to leave details (the packs' anonymity rules are about complaints). */
  private static contactOptional(draft: { kind?: string; replyWanted?: boolean }): boolean {
    return draft.kind === 'compliment' || (draft.kind === 'comment' && !draft.replyWanted);
  }

  private async ask(step: WaterfallStepContext) {
    const { retry, changing } = (step.options ?? {}) as ContactOptions;
    if (changing && !retry) await this.deps.drafts.update(step.context, { contact: undefined, anonymous: false });
    const draft = await this.deps.drafts.update(step.context, { contactAsked: true });
    const optional = ContactDialog.contactOptional(draft);
    const c = draft.contact ?? {};
    // Name and a way to reach them already given in their own words: shown in the summary, not asked.
    if (!retry && !changing && !optional && c.name && (c.email || c.phone)) return step.next({ known: true });
    // Nobody has said who this is for: one sentence here instead of a question of its own.
    const whoHint = draft.whoDeferred && draft.forSomeoneElse === undefined && !optional ? ` ${en.contact.orSomeoneElse}` : '';
    const base = optional ? en.contact.askOptional : c.name && !c.email && !c.phone ? en.contact.askWay(c.name) : draft.forSomeoneElse ? en.contact.askRep : en.contact.ask;
    const question = `${retry ?? base}${retry ? '' : whoHint}`;
    if (whoHint && !retry) await this.deps.drafts.update(step.context, { whoHinted: true });
    const buttons = optional
      ? [en.contact.noReplyOption, en.contact.postOption]
      : [en.contact.postOption, ...(this.anonymityOffered() && !draft.forSomeoneElse ? [en.contact.anonymousOption] : [])];
    return step.prompt(TEXT, { prompt: ChoiceFactory.forChannel(step.context, buttons, question), retryPrompt: question });
  }

  private retry(step: WaterfallStepContext, retry: string) {
    const { changing } = (step.options ?? {}) as ContactOptions;
    return step.replaceDialog(`${CONTACT_DIALOG}.steps`, { retry, changing } satisfies ContactOptions);
  }

  private async interpret(step: WaterfallStepContext) {
    if ((step.result as { known?: boolean } | undefined)?.known) return step.next();
    const answer = String(step.result ?? '').trim();
    const v = vals(step);
    const draft = await this.deps.drafts.get(step.context);
    if (ContactDialog.contactOptional(draft) && /^(?:no reply(?: needed)?|no thanks?|no thank you|no|none|skip|nope|anon(?:ymous)?|stay anonymous|not needed|no need|n\/a)[\s.!]*$/i.test(answer)) {
      await this.deps.drafts.update(step.context, { anonymous: true, contact: { preferredContact: 'none' } });
      return step.endDialog();
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
    const before = draft.contact ?? {};
    const merged = { name: found.name ?? before.name, email: found.email ?? before.email, phone: found.phone ?? before.phone };
    const keep = async () => this.deps.drafts.update(step.context, { contact: { ...before, ...merged } });
    if (looksLikeEmailAttempt(answer) && !found.email) return keep().then(() => this.retry(step, en.contact.badEmail));
    if (!found.email && /\d{5,}/.test(answer.replace(/\s/g, '')) && !found.phone) return keep().then(() => this.retry(step, en.contact.badPhone));
    if (!merged.email && !merged.phone) return keep().then(() => this.retry(step, merged.name ? en.contact.askWay(merged.name) : en.contact.needWay));
    await this.deps.drafts.update(step.context, { anonymous: false, contact: merged });
    if (merged.name) return step.next();
    v.mode = 'name';
    return askText(step, en.contact.needName);
  }

  private async followUp(step: WaterfallStepContext) {
    const v = vals(step);
    const draft = await this.deps.drafts.get(step.context);
    if (v.mode === 'anon') {
      if (picked(step.result, ANON) !== 'yes') return step.replaceDialog(`${CONTACT_DIALOG}.steps`);
      await this.deps.drafts.update(step.context, { anonymous: true, contact: { preferredContact: 'none' } });
      return step.endDialog();
    }
    if (v.mode === 'post') {
      const address = String(step.result).trim();
      const postcode = extractPostcode(address);
      if (!postcode) return step.replaceDialog(`${CONTACT_DIALOG}.steps`, { retry: en.contact.badPostcode });
      v.mode = 'postName';
      const name = draft.contact?.name;
      await this.deps.drafts.update(step.context, { anonymous: false, contact: { name, address: address.slice(0, 300), postcode, preferredContact: 'post' } });
      if (name) return step.next(name);
      return askText(step, en.contact.needName);
    }
    if (v.mode === 'name') {
      await this.deps.drafts.update(step.context, { contact: { ...draft.contact, name: String(step.result).trim().slice(0, 120) } });
    }
    return step.next();
  }

  private async prefer(step: WaterfallStepContext) {
    const v = vals(step);
    const draft = await this.deps.drafts.get(step.context);
    if (v.mode === 'postName') {
      await this.deps.drafts.update(step.context, { contact: { ...draft.contact, name: String(step.result).trim().slice(0, 120) } });
      return step.endDialog();
    }
    const c = draft.contact ?? {};
    if (c.email && c.phone) {
      v.askedPrefer = true;
      return askChoice(step, en.contact.prefer, PREFER);
    }
    return step.next();
  }

  private async finish(step: WaterfallStepContext) {
    const draft = await this.deps.drafts.get(step.context);
    const c = draft.contact ?? {};
    const preferredContact = vals(step).askedPrefer ? (picked(step.result, PREFER) ?? 'email') : c.email ? 'email' : c.phone ? 'phone' : 'none';
    await this.deps.drafts.update(step.context, { contact: { ...c, preferredContact } });
    return step.endDialog();
  }
}
