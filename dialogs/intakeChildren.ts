/**
 * The dialogs the intake dialog composes, made in one place so a test (or another council's build)
 * can pass its own, and what each is told from the draft. Also the one migration of saved state:
 * a child begun by the code before children took typed options has no `known` in its options;
 * it is given one from the draft, which that code kept up to date answer by answer.
 */
import type { Dialog, DialogContext } from 'botbuilder-dialogs';
import { AdjustmentsDialog, adjustmentsOptions, ADJUSTMENTS_DIALOG } from './adjustmentsDialog';
import { ContactDialog, contactOptions, CONTACT_DIALOG } from './contactDialog';
import { DetailsDialog, detailsOptions, DETAILS_DIALOG } from './detailsDialog';
import { EvidenceDialog, evidenceOptions, EVIDENCE_DIALOG } from './evidenceDialog';
import type { IntakeDeps } from './intakeDeps';
import type { IntakeDraft } from './intakeDraft';
import { Open311AttributesDialog, open311AttributesOptions, OPEN311_ATTRIBUTES_DIALOG } from './open311AttributesDialog';
import { TriageDialog, triageOptions, TRIAGE_DIALOG } from './triageDialog';
import { WhoDialog, whoOptions, WHO_DIALOG } from './whoDialog';

export interface IntakeChildren {
  triage: Dialog;
  who: Dialog;
  details: Dialog;
  evidence: Dialog;
  contact: Dialog;
  adjustments: Dialog;
  /** Only with a works system (Open311). */
  works?: Dialog;
}

export function intakeChildren(deps: IntakeDeps): IntakeChildren {
  return {
    triage: new TriageDialog(deps),
    who: new WhoDialog(deps),
    details: new DetailsDialog(deps),
    evidence: new EvidenceDialog(deps),
    contact: new ContactDialog(deps),
    adjustments: new AdjustmentsDialog(deps),
    ...(deps.works ? { works: new Open311AttributesDialog({ ...deps, works: deps.works }) } : {}),
  };
}

/** What each child reads, from the draft: the same builders the intake dialog begins them with. */
const KNOWN_FROM_DRAFT: Record<string, (draft: IntakeDraft) => { known: object }> = {
  [TRIAGE_DIALOG]: (d) => triageOptions(d),
  [DETAILS_DIALOG]: (d) => detailsOptions(d),
  [EVIDENCE_DIALOG]: (d) => evidenceOptions(d),
  [CONTACT_DIALOG]: (d) => contactOptions(d),
  [ADJUSTMENTS_DIALOG]: (d) => adjustmentsOptions(d),
  [WHO_DIALOG]: (d) => whoOptions(d),
  [OPEN311_ATTRIBUTES_DIALOG]: (d) => open311AttributesOptions(d),
};

/**
 * A child on the intake's stack saved by the old code (no `known` in its main waterfall's options)
 * gets one from the draft; its own flags (changing, retry, again...) and step values are kept, as
 * the steps and their value names are unchanged. Returns true when something was upgraded.
 */
export function upgradeSavedChild(innerDc: DialogContext, draft: IntakeDraft): boolean {
  const child = innerDc.activeDialog;
  const build = child && KNOWN_FROM_DRAFT[child.id];
  if (!child || !build) return false;
  const inner = (child.state?.dialogs as { dialogStack?: { id: string; state: { options?: Record<string, unknown> } }[] } | undefined)?.dialogStack;
  const steps = inner?.find((d) => d.id === `${child.id}.steps`);
  if (!steps || (steps.state.options && 'known' in steps.state.options)) return false;
  steps.state.options = { ...(steps.state.options ?? {}), known: build(draft).known };
  return true;
}
