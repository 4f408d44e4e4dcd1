/**
 * Who is speaking for whom. Someone acting for another person (family, carer, advocate,
 * councillor, MP) needs that person's agreement, and written authorisation where the pack says so.
 */
import { AttachmentPrompt, PromptValidatorContext, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Attachment } from 'botbuilder';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { IntakeDeps } from './intakeDeps';
import type { RepresentativeRole } from './intakeDraft';
import { en } from './locale/en-GB';
import { askChoice, askText, choicePrompt, ChoiceOption, NO_SYNONYMS, picked, textPrompt, vals, YES_SYNONYMS } from './prompts';
import { saveAttachments } from './evidenceDialog';

export const WHO_DIALOG = 'whoDialog';
const AUTH_PROMPT = 'authorisationPrompt';

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
  if (/\b(mp|member of parliament)\b/.test(r)) return 'mp';
  if (/\bcouncill?or\b/.test(r)) return 'councillor';
  if (/\badvocate|advocacy|citizens advice|cab\b/.test(r)) return 'advocate';
  if (/\bsolicitor|lawyer|legal\b/.test(r)) return 'solicitor';
  if (/\bcarer|care worker|support worker\b/.test(r)) return 'carer';
  if (/\bfriend|neighbou?r\b/.test(r)) return 'friend';
  if (/\b(mum|mother|dad|father|son|daughter|wife|husband|partner|brother|sister|aunt|uncle|niece|nephew|grand\w*|parent|child|family|relative|cousin|in-law)\b/.test(r)) return 'family';
  return 'other';
}

export class WhoDialog extends CancelAndHelpDialog {
  constructor(deps: IntakeDeps) {
    super(WHO_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(
      new AttachmentPrompt(AUTH_PROMPT, async (p: PromptValidatorContext<Attachment[]>) => {
        if (p.recognized.succeeded) return true;
        return /later|send it|post|email/i.test(p.context.activity.text ?? '');
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${WHO_DIALOG}.steps`, [
        this.askWho.bind(this),
        this.askName.bind(this),
        this.askRelationship.bind(this),
        this.askConsent.bind(this),
        this.afterConsent.bind(this),
        this.askWritten.bind(this),
        this.finish.bind(this),
      ]),
    );
    this.initialDialogId = `${WHO_DIALOG}.steps`;
  }

  private async askWho(step: WaterfallStepContext) {
    return askChoice(step, en.who.ask, SELF_OR_OTHER);
  }

  private async askName(step: WaterfallStepContext) {
    if (picked(step.result, SELF_OR_OTHER) !== 'other') {
      await this.deps.drafts.update(step.context, { forSomeoneElse: false, representative: undefined, residentName: undefined });
      return step.endDialog({ proceed: true });
    }
    return askText(step, en.who.theirName);
  }

  private async askRelationship(step: WaterfallStepContext) {
    vals(step).residentName = String(step.result).slice(0, 200);
    return askText(step, en.who.relationship);
  }

  private async askConsent(step: WaterfallStepContext) {
    vals(step).relationship = relationshipFrom(String(step.result));
    return askChoice(step, en.who.consent, CONSENT);
  }

  private async afterConsent(step: WaterfallStepContext) {
    if (picked(step.result, CONSENT) === 'yes') return step.next();
    vals(step).noConsent = true;
    return askChoice(step, en.who.noConsent, NO_CONSENT);
  }

  private async askWritten(step: WaterfallStepContext) {
    const v = vals(step);
    if (v.noConsent) {
      if (picked(step.result, NO_CONSENT) === 'own') {
        await this.deps.drafts.update(step.context, { forSomeoneElse: false, representative: undefined, residentName: undefined });
        return step.endDialog({ proceed: true });
      }
      await step.context.sendActivity(en.signpost.done);
      return step.endDialog({ proceed: false });
    }
    const { pack } = this.deps;
    if (!pack.representatives.writtenAuthorisationRequired) return step.next();
    v.writtenAsked = true;
    const c = pack.contacts;
    const how = [c.email && `by email to ${c.email}`, c.postalAddress && `by post to ${c.postalAddress}`].filter(Boolean).join(' or ') || 'to us, quoting your reference';
    return step.prompt(AUTH_PROMPT, {
      prompt: `${en.who.writtenNeeded(pack.councilName, how)}`,
      retryPrompt: `${en.who.writtenNeeded(pack.councilName, how)}`,
    });
  }

  private async finish(step: WaterfallStepContext) {
    const v = vals(step);
    let authorisation: 'not_required' | 'provided' | 'pending' = 'not_required';
    if (v.writtenAsked) {
      const files = Array.isArray(step.result) ? (step.result as Attachment[]) : [];
      const saved = files.length ? await saveAttachments(step.context, this.deps, files, 'authorisation') : [];
      authorisation = saved.length > 0 ? 'provided' : 'pending';
      await step.context.sendActivity(authorisation === 'provided' ? en.who.writtenReceived : en.who.writtenPending);
    }
    const relationship = String(v.relationship);
    await this.deps.drafts.update(step.context, {
      forSomeoneElse: true,
      residentName: String(v.residentName),
      representative: { role: roleFrom(relationship), relationship, consentConfirmed: true, authorisation },
    });
    return step.endDialog({ proceed: true });
  }
}
