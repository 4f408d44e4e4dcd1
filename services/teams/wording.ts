/**
 * Every sentence the Teams app shows staff, and the one it relays to residents, in one place
 * (en-GB, plain words: "stage 1" always says what it means).
 */
import type { HazardStep } from '../../models/hazardVocabulary';
import { HAZARD_STEP_LABEL } from '../hazards/wording';
import type { CaseStage, ClosureReason, Decision, Priority, SlaState } from '../../models/caseRecord';
import type { DangerAnswer } from '../../models/caseDraft';
import type { FeedbackKind, RouteId } from '../../models/vocabulary';
import type { StaffRole } from '../../models/staffMember';
import { readableDate } from '../workingDays/isoDate';
import { inertText } from './inertText';

export const KIND_LABEL: Record<FeedbackKind, string> = {
  complaint: 'Complaint',
  service_request: 'Service request',
  comment: 'Comment',
  compliment: 'Compliment',
};

export const STAGE_SHORT: Record<CaseStage, string> = {
  service_request: 'Service request',
  stage1: 'Stage 1 (first response)',
  stage2: 'Stage 2 (review)',
  ombudsman: 'With the ombudsman',
  feedback: 'Comment or compliment',
  closed: 'Closed',
};

export const PRIORITY_LABEL: Record<Priority, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal' };

export const SLA_LABEL: Record<SlaState, string> = { on_track: 'On track', due_soon: 'Due soon', overdue: 'Overdue' };

export const DECISION_LABEL: Record<Decision, string> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
  resolved: 'Resolved',
};

export const CLOSURE_LABEL: Record<ClosureReason, string> = {
  responded: 'Responded to',
  resolved: 'Resolved',
  withdrawn: 'Withdrawn by the resident',
  duplicate: 'Duplicate of another case',
  recorded: 'Recorded (comment or compliment)',
  ombudsman_decided: 'Ombudsman has decided',
};

export const ROLE_LABEL: Record<StaffRole, string> = {
  triage: 'triage (sees and sorts new cases)',
  investigator: 'investigator (handles cases)',
  reviewer: 'reviewer (stage 2 reviews)',
  manager: 'manager (sets up the app, grants roles, sees reports)',
};

/** "waste_recycling" → "Waste recycling". */
export const serviceAreaLabel = (area: string | null | undefined): string =>
  area ? area.charAt(0).toUpperCase() + area.slice(1).replace(/_/g, ' ') : 'Not known yet';

/** "2026-03-09" → "Mon 9 Mar 2026" (calendar dates are London dates already); the case service words its refusals the same way. */
export const formatDate = (iso: string | null | undefined): string => (iso ? readableDate(iso) : '—');

export function slaText(sla: SlaState | null, workingDaysLeft: number | null): string {
  if (!sla) return 'Nothing due';
  if (sla === 'overdue') return workingDaysLeft !== null ? `Overdue by ${Math.abs(workingDaysLeft)} working day${Math.abs(workingDaysLeft) === 1 ? '' : 's'}` : 'Overdue';
  const left = workingDaysLeft === null ? '' : ` (${workingDaysLeft} working day${workingDaysLeft === 1 ? '' : 's'} left)`;
  return `${SLA_LABEL[sla]}${left}`;
}

/** What the classifier half-suspected when it had the danger question asked (the safety routes). */
const DANGER_SUSPECTED: Partial<Record<RouteId, string>> = { emergency: 'emergency', police_matter: 'crime' };
/** Where a yes sent the resident: the pack's safety signposts, 999 first. */
const DANGER_SIGNPOSTED: Partial<Record<RouteId, string>> = { emergency: '999', police_matter: 'the police' };

/**
 * The danger question on the card and in the tab, one line: "Asked if anyone was in danger or a
 * crime was happening (suspected: emergency): resident said no". A yes is for staff to notice first.
 */
export function dangerQuestion(answered: DangerAnswer | null | undefined): { text: string; attention: boolean } | null {
  if (!answered) return null;
  const suspected = answered.routes.map((r) => DANGER_SUSPECTED[r] ?? r.replace(/_/g, ' ')).join(' and ');
  const asked = `Asked if anyone was in danger or a crime was happening${suspected ? ` (suspected: ${suspected})` : ''}`;
  const signposted = answered.routes.flatMap((r) => DANGER_SIGNPOSTED[r] ?? []).join(' and ');
  const said = {
    yes: `resident said yes${signposted ? ` (signposted to ${signposted})` : ''}`,
    no: 'resident said no',
    // Neither yes nor no: carried on as a no (dangerCheckDialog.ts).
    other: 'resident answered something else',
  }[answered.answer];
  return { text: `${asked}: ${said}`, attention: answered.answer === 'yes' };
}

export const staffText = {
  help: [
    'I help council staff handle residents\' feedback. Write to me here, or mention me in a channel:',
    '- **case <reference>**: show a case and what you can do with it',
    '- **my cases**: cases assigned to you',
    '- **overdue**: cases past a deadline',
    '- **roles**: your roles in this app',
    '- **setup** (managers, in a channel): make this channel the triage channel, where every new case is posted',
    '- **grant <role> @person** / **revoke <role> @person** (managers): roles are triage, investigator, reviewer and manager',
  ].join('\n'),
  notStaff: (council: string) =>
    `You don't have a role in ${council}'s feedback app yet, so I can't show you cases. Ask a complaints manager to grant you one (for example "grant investigator @you").`,
  managersOnly: (what: string) => `Only managers can ${what}. Ask a complaints manager.`,
  wrongTenant: (council: string) => `This app only serves ${council}'s staff in its own Microsoft 365 organisation.`,
  notUnderstood: 'Sorry, I didn\'t understand that. Type **help** to see what I can do.',
  noCase: (reference: string) => `There is no case ${reference}. Check the reference and try again.`,
  caseUsage: 'Tell me which case, for example: case CMP-2026-000123',
  setupInChannel: 'Run setup in the team channel where new cases should be posted (mention me there: @bot setup).',
  setupDone: 'Done: new cases will be posted in this channel, one thread per case. Staff can act on them from the cards.',
  installed: (council: string) =>
    `Thanks for adding me. Each new case residents bring to ${council} will be posted in this channel, one thread per case. A manager can move them to another channel with **setup** there. Type **help** for commands.`,
  installedInChosen: (council: string) =>
    `Thanks for adding me. Each new case residents bring to ${council} will be posted in the channel chosen when the app was added, one thread per case. A manager can move them with **setup** in another channel.`,
  installedElsewhere: 'Thanks for adding me. Cases are already posted in another triage channel; a manager can move them here with **setup**.',
  yourRoles: (roles: StaffRole[]) =>
    roles.length ? `Your roles: ${roles.map((r) => ROLE_LABEL[r]).join('; ')}.` : 'You have no role in this app yet. Ask a complaints manager to grant you one.',
  grantUsage: 'Write it as: grant <role> @person (roles: triage, investigator, reviewer, manager).',
  granted: (name: string, role: StaffRole) => `${name} now has the ${role} role.`,
  revoked: (name: string, role: StaffRole) => `${name} no longer has the ${role} role.`,
  cannotRevokeOwnManager: 'You can\'t remove your own manager role; ask another manager.',
  cannotFindPerson: 'I couldn\'t find that person in this conversation. Mention them with @ in a channel or group chat they are in.',
  noCasesMine: 'No open cases are assigned to you.',
  noCasesOverdue: 'No open cases are overdue.',
  listHint: 'Type **case <reference>** to open one.',
  residentMessageHeading: (reference: string) => `Message from the resident about ${reference}:`,
  residentMessageFooter: 'Reply with "Message the resident" on the case card.',
  reviewRequested: (reference: string, acknowledgeBy: string | null, words: string) =>
    `**${reference}**: the resident asked for a stage 2 review in the chat, and it is recorded. ${acknowledgeBy ? `Acknowledge it by ${formatDate(acknowledgeBy)}. ` : ''}` +
    `Whoever handled stage 1 can't review, acknowledge or answer it. They wrote: "${inertText(words)}"`,
  lateReviewRequested: (reference: string, requestBy: string | null, words: string) =>
    `**${reference}**: the resident asked for a stage 2 review in the chat${requestBy ? `, after the time to ask ended on ${formatDate(requestBy)}` : ''}. ` +
    `It is not escalated: decide whether to review it anyway (escalate from the card, giving the reason) and tell them. They wrote: "${inertText(words)}"`,
  deadlineReminder: (n: {
    type: 'deadline_due_soon' | 'deadline_missed';
    reference: string;
    deadline: 'acknowledge' | 'respond';
    dueOn: string;
    workingDaysLeft: number;
    assignee: { name: string } | null;
    hazard?: { step: HazardStep; due: string };
  }) => {
    if (n.hazard) {
      const whoHazard = n.assignee ? `Assigned to ${n.assignee.name}.` : 'Nobody has picked it up yet.';
      return `**Hazard deadline (Awaab's Law):** ${HAZARD_STEP_LABEL[n.hazard.step].toLowerCase()} for ${n.reference} by ${n.hazard.due}. ${whoHazard} Note on the case what has been done.`;
    }
    const what = n.deadline === 'acknowledge' ? 'acknowledgement' : 'response';
    const who = n.assignee ? `Assigned to ${n.assignee.name}.` : 'Nobody has picked it up yet.';
    if (n.type === 'deadline_missed') return `**Overdue:** the ${what} for ${n.reference} was due ${formatDate(n.dueOn)}. ${who}`;
    const left = n.workingDaysLeft;
    return `**Reminder:** the ${what} for ${n.reference} is due ${formatDate(n.dueOn)} (${left <= 0 ? 'today' : `${left} working day${left === 1 ? '' : 's'} left`}). ${who}`;
  },
  stale: (reference: string) => `Case ${reference} changed since this card was shown, so nothing was done. This is the case as it is now: check it and try again if still needed.`,
  conflict: (message: string) => message,
  applied: {
    pickUp: (name: string) => `Assigned to ${name}.`,
    assign: (name: string) => `Assigned to ${name}.`,
    acknowledge: 'Acknowledged.',
    addNote: 'Note added.',
    extend: (until: string) =>
      `Response deadline extended to ${formatDate(until)}. The resident is sent the extension notice with your reason, the new date and the ombudsman's details ("Written to the resident" on the card shows when it goes).`,
    respond: 'Response recorded.',
    escalate: 'Escalated to a stage 2 review.',
    close: 'Case closed.',
    convert: 'Now a complaint at stage 1, with the complaint deadlines from today.',
    referToOmbudsman: 'Recorded as with the ombudsman.',
    reopen: 'Case reopened.',
    copyCouncillor: (name: string) => `${name} will be copied into every letter on this case from now on.`,
    recordAuthorisation: 'Written authorisation recorded. Letters held for it are being sent to the representative.',
  },
  relayDelivered: 'Message recorded on the case and sent to the resident\'s chat.',
  relayNoConversation: (contact: string) => `Message recorded on the case, but the resident can't be reached in a chat: contact them another way (they prefer ${contact}).`,
  relayInWriting: (contact: string) => `Message recorded on the case. The resident's chat could not be reached, so it is being sent in writing (they prefer ${contact}); the card shows when it arrives.`,
  relayUnreachable: (contact: string) => `Message recorded on the case, but the resident's chat could not be reached: contact them another way (they prefer ${contact}).`,
  alreadyDone: 'That was already done (the same action arrived twice); nothing was repeated.',
  unknownAction: 'That button is from an older version of the app. Here is the case as it is now.',
  actionProblems: (problems: string[]) => `That could not be done:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  noReviewers: 'No one with the reviewer role can take it (nobody has it, or they handled stage 1), so the review will be unassigned. A manager can grant it: grant reviewer @person.',
  searchNotStaff: 'You need a role in the feedback app to search cases.',
  searchNothing: (q: string) => `No cases match "${q}".`,
};

/** Sent to the resident in their chat. */
export const residentText = {
  staffMessage: (council: string, reference: string, text: string) => `A message from ${council} about your case ${reference}:\n\n${text}`,
};

export const PREFERRED_CONTACT_LABEL: Record<string, string> = { email: 'email', phone: 'a phone call', post: 'a letter', none: 'no contact' };

/** The card's "Contact" section, shown only to staff allowed to see it (services/teams/cards/contactSection.ts). */
export const contactText = {
  heading: 'Contact (only you and others allowed can see this)',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  preferred: 'Prefers',
  representative: 'Representative',
  representativeContact: 'Representative\'s contact',
  adjustments: 'Reasonable adjustments',
  nothingGiven: 'No contact details were given.',
  role: { family: 'family member', friend: 'friend', carer: 'carer', advocate: 'advocate', councillor: 'councillor', mp: 'MP', solicitor: 'solicitor', other: 'representative' } as Record<string, string>,
  adjustment: {
    large_print: 'large print',
    easy_read: 'easy read',
    phone_instead_of_writing: 'phone instead of writing',
    email_only: 'email only',
    interpreter: 'an interpreter',
    someone_to_help: 'someone to help them',
    other: 'other',
  } as Record<string, string>,
};

export const deliveryText = {
  /** Said on the card to whoever pressed Send. */
  pending: (contact: string, writing: boolean) =>
    `Message recorded on the case. The resident's chat could not be reached, so it will be tried again and delivered as soon as they are back in the chat` +
    (writing ? `; if it still cannot reach them, it goes by ${contact} instead.` : `. If it matters now, contact them another way (they prefer ${contact}).`),
  /** Posted in the case's thread when where it stands changes. */
  thread: (reference: string, line: string) => `**${reference}**: the message to the resident. ${line}.`,
};
