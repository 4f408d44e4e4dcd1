/**
 * What the council writes to residents (email, text message, letter), beside what the bot says
 * in the chat (en-GB.ts). Plain English, short sentences; every message gives the reference, what
 * happens next and how to get in touch. What the Codes require each message to carry is noted
 * where it is written.
 */
import type { DECISIONS } from '../models/caseRecord';
import { longDate } from './dates';

type Decision = (typeof DECISIONS)[number];

export interface CouncilContact {
  councilName: string;
  team: string;
  phone?: string;
  email?: string;
  webFormUrl?: string;
  postalAddress?: string;
}

export interface OmbudsmanContact {
  name: string;
  phone: string;
  email?: string;
  url: string;
  when: string;
  waitWeeks: number | null;
}

export const DECISION_WORDS: Record<Decision, string> = {
  upheld: 'We have upheld your complaint: we agree that we got this wrong.',
  partly_upheld: 'We have partly upheld your complaint: we agree that we got some of this wrong.',
  not_upheld: 'We have not upheld your complaint: we do not think we got this wrong.',
  resolved: 'We have resolved your complaint.',
};

const date = (iso: string | null | undefined) => longDate(iso) ?? 'soon';

function howToContact(c: CouncilContact): string {
  const ways = [c.phone && `phone ${c.phone}`, c.email && `email ${c.email}`, c.webFormUrl && `use ${c.webFormUrl}`].filter(Boolean);
  const team = /^(the|our|your)\b/i.test(c.team) ? c.team : `the ${c.team}`;
  return ways.length ? `contact ${team}: ${ways.join(', or ')}` : `contact ${team}`;
}

const ombudsmanContact = (o: OmbudsmanContact) => `${o.name}: phone ${o.phone}${o.email ? `, email ${o.email}` : ''}, ${o.url}`;

function ombudsmanLines(o: OmbudsmanContact): string[] {
  return [
    `You can ask the ${o.name} to look at your complaint. ${o.when}`,
    ombudsmanContact(o),
    ...(o.waitWeeks ? [`The ${o.name} usually expects you to wait ${o.waitWeeks} weeks after our final response before going to them.`] : []),
    'The ombudsman is free, independent and impartial.',
  ];
}

const signOff = (c: CouncilContact) => [`If you have any questions, quote your reference and ${howToContact(c)}.`, '', c.councilName];

export interface Written {
  subject: string;
  /** The full text, for email and letter. */
  body: string;
  /** A text message: the same where it fits, otherwise what happened and where to read the rest. */
  sms: string;
}

const written = (subject: string, lines: string[], sms: string): Written => ({ subject, body: lines.join('\n'), sms });

export const correspondence = {
  receipt: (p: { reference: string; contact: CouncilContact; acknowledgeBy: string | null; greeting: string }): Written =>
    written(
      `We have received your complaint (${p.reference})`,
      [
        p.greeting,
        '',
        `Thank you for contacting us. We have received your complaint and its reference is ${p.reference}. Please quote it when you contact us.`,
        '',
        p.acknowledgeBy
          ? `By ${date(p.acknowledgeBy)} we will write to confirm what we understand your complaint to be about, and tell you when to expect our response.`
          : 'We will write soon to confirm what we understand your complaint to be about, and tell you when to expect our response.',
        '',
        `To add anything (such as photos or documents), reply in our website chat quoting ${p.reference}, or ${howToContact(p.contact)}.`,
        '',
        ...signOff(p.contact),
      ],
      `${p.contact.councilName}: we have received your complaint, reference ${p.reference}. We will write by ${date(p.acknowledgeBy)} to confirm the details.`,
    ),

  acknowledgement: (p: { reference: string; contact: CouncilContact; understanding: string; outcomeWanted: string | null; respondBy: string | null; greeting: string }): Written =>
    written(
      `Your complaint: what happens next (${p.reference})`,
      [
        p.greeting,
        '',
        `Thank you for your complaint. Your reference is ${p.reference}. Please quote it when you contact us.`,
        '',
        'What we understand your complaint to be about:',
        p.understanding,
        ...(p.outcomeWanted ? ['', 'What you have asked us to do to put things right:', p.outcomeWanted] : []),
        '',
        p.respondBy
          ? `We will send you our full response by ${date(p.respondBy)}. If we need longer, we will write to tell you why and when to expect it.`
          : 'We will tell you when to expect our full response.',
        '',
        `If we have misunderstood your complaint, or you want to add anything (such as photos or documents), reply in our website chat quoting ${p.reference}, or ${howToContact(p.contact)}.`,
        '',
        ...signOff(p.contact),
      ],
      `${p.contact.councilName}: we have received your complaint, reference ${p.reference}. We will respond by ${date(p.respondBy)}. To add anything, quote ${p.reference}.`,
    ),

  extension: (p: { reference: string; contact: CouncilContact; reason: string; respondBy: string; previousRespondBy: string; ombudsman: OmbudsmanContact; greeting: string }): Written =>
    written(
      `We need more time to respond to your complaint (${p.reference})`,
      [
        p.greeting,
        '',
        `We are sorry, but we need more time to respond to your complaint ${p.reference}. We told you we would respond by ${date(p.previousRespondBy)}.`,
        '',
        `Why we need more time: ${p.reason}`,
        '',
        `We will now send you our response by ${date(p.respondBy)}.`,
        '',
        // Codes (LGSCO 6.5, Housing Ombudsman 5.7): an extension notice gives the ombudsman's details, and
        // the resident may go to it about the delay now: its usual "after our final response" would contradict that.
        `If you are unhappy that we need more time, you can contact the ${p.ombudsman.name} about the delay now, without waiting for our response. The ombudsman is free, independent and impartial.`,
        ombudsmanContact(p.ombudsman),
        '',
        ...signOff(p.contact),
      ],
      `${p.contact.councilName}: we need more time to respond to complaint ${p.reference}. Reason: ${p.reason.slice(0, 200)}. New date: ${date(p.respondBy)}. If unhappy you can contact the ${p.ombudsman.name}, ${p.ombudsman.phone}.`,
    ),

  response: (p: {
    reference: string;
    contact: CouncilContact;
    stage: 1 | 2;
    final: boolean;
    decision: Decision;
    reasons: string;
    remedy: string;
    points: Array<{ text: string; decision: Decision; reasons: string }>;
    outstandingActions: string[];
    stage2: { requestBy: string | null } | null;
    ombudsman: OmbudsmanContact | null;
    greeting: string;
  }): Written => {
    const what = p.stage === 1 ? 'our response to your complaint' : 'our final response to your complaint (stage 2 review)';
    const next = p.stage2
      ? [
          'If you are not happy with this response',
          `You can ask for your complaint to be reviewed by someone else at the council (stage 2). You do not have to give a reason.${p.stage2.requestBy ? ` Please ask by ${date(p.stage2.requestBy)}.` : ''}`,
          `To ask, reply in our website chat quoting ${p.reference} and say you want a review, or ${howToContact(p.contact)}.`,
        ]
      : p.ombudsman
        ? ['If you are not happy with this response', `This is our final response.`, ...ombudsmanLines(p.ombudsman)]
        : [];
    return written(
      `${p.stage === 1 ? 'Our response to your complaint' : 'Our final response to your complaint'} (${p.reference})`,
      [
        p.greeting,
        '',
        `This is ${what} ${p.reference}.`,
        '',
        'Our decision',
        DECISION_WORDS[p.decision],
        '',
        'Why',
        p.reasons,
        ...(p.points.length > 1 ? ['', 'Each point you raised', ...p.points.map((pt, i) => `${i + 1}. ${pt.text}\n   ${DECISION_WORDS[pt.decision]} ${pt.reasons}`)] : []),
        '',
        'What we will do to put things right',
        p.remedy,
        ...(p.outstandingActions.length ? ['', 'What we still have to do', ...p.outstandingActions.map((a) => `- ${a}`)] : []),
        ...(next.length ? ['', ...next] : []),
        '',
        ...signOff(p.contact),
      ],
      [
        `${p.contact.councilName}: ${p.final ? 'our final response' : 'our response'} to complaint ${p.reference}. ${DECISION_WORDS[p.decision]}`,
        p.stage2 ? ` If you are unhappy you can ask for a review (no reason needed)${p.stage2.requestBy ? ` by ${date(p.stage2.requestBy)}` : ''}.` : '',
        p.ombudsman ? ` If you are unhappy you can go to the ${p.ombudsman.name}, ${p.ombudsman.phone}.` : '',
        ` For the full response, quote ${p.reference} and ${howToContact(p.contact)}.`,
      ].join(''),
    );
  },

  stage2Escalation: (p: { reference: string; contact: CouncilContact; acknowledgeBy: string | null; respondBy: string | null; greeting: string }): Written =>
    written(
      `Your complaint is being reviewed (${p.reference})`,
      [
        p.greeting,
        '',
        `Your complaint ${p.reference} is now at stage 2: someone who was not involved in our first response will review it.`,
        '',
        p.acknowledgeBy ? `We will confirm the review has started by ${date(p.acknowledgeBy)}.` : 'We will confirm when the review has started.',
        ...(p.respondBy ? [`We aim to send you our final response by ${date(p.respondBy)}.`] : []),
        '',
        `If you want to tell the reviewer anything, reply in our website chat quoting ${p.reference}, or ${howToContact(p.contact)}.`,
        '',
        ...signOff(p.contact),
      ],
      `${p.contact.councilName}: your complaint ${p.reference} is now being reviewed at stage 2 by someone not involved before.${p.respondBy ? ` We aim to respond by ${date(p.respondBy)}.` : ''}`,
    ),

  stage2Acknowledgement: (p: { reference: string; contact: CouncilContact; respondBy: string | null; greeting: string }): Written =>
    written(
      `We have started reviewing your complaint (${p.reference})`,
      [
        p.greeting,
        '',
        `We have received your request for a review of complaint ${p.reference} (stage 2), and the review has started.`,
        '',
        p.respondBy ? `We will send you our final response by ${date(p.respondBy)}. If we need longer, we will write to tell you why.` : 'We will tell you when to expect our final response.',
        '',
        ...signOff(p.contact),
      ],
      `${p.contact.councilName}: the review of complaint ${p.reference} has started. We will respond by ${date(p.respondBy)}.`,
    ),

  serviceRequestReceived: (p: { reference: string; contact: CouncilContact; what: string; respondBy: string | null; greeting: string }): Written =>
    written(
      `We have passed on your report (${p.reference})`,
      [
        p.greeting,
        '',
        `Thank you for your report. We have passed it to the team who can put it right. Your reference is ${p.reference}.`,
        '',
        'What you told us:',
        p.what,
        ...(p.respondBy ? ['', `We aim to deal with it by ${date(p.respondBy)}.`] : []),
        '',
        `If it is not sorted, or you are unhappy with how we handle it, you can make a complaint: reply in our website chat quoting ${p.reference}, or ${howToContact(p.contact)}.`,
        '',
        ...signOff(p.contact),
      ],
      `${p.contact.councilName}: we have passed your report to the team who can put it right. Reference ${p.reference}.${p.respondBy ? ` We aim to deal with it by ${date(p.respondBy)}.` : ''}`,
    ),

  reply: (p: { reference: string; contact: CouncilContact; summary: string; about: 'report' | 'comment'; greeting: string }): Written =>
    written(
      p.about === 'report' ? `An update on your report (${p.reference})` : `A reply to your comment (${p.reference})`,
      [
        p.greeting,
        '',
        p.about === 'report' ? `This is an update on your report ${p.reference}.` : `Thank you for your comment ${p.reference}. This is our reply.`,
        '',
        p.summary,
        '',
        // Codes: a resident unhappy with how a service request was handled is offered a complaint.
        `If you are unhappy with this, you can make a complaint: reply in our website chat quoting ${p.reference}, or ${howToContact(p.contact)}.`,
        '',
        ...signOff(p.contact),
      ],
      `${p.contact.councilName}, ${p.reference}: ${p.summary.slice(0, 600)}${p.summary.length > 600 ? '…' : ''} If you are unhappy you can make a complaint, quoting ${p.reference}.`,
    ),

  complimentThanks: (p: { reference: string; contact: CouncilContact; greeting: string }): Written =>
    written(
      `Thank you for your compliment (${p.reference})`,
      [p.greeting, '', 'Thank you for taking the time to tell us. We have passed your kind words on to the people involved and their manager.', '', p.contact.councilName],
      `${p.contact.councilName}: thank you for your compliment (${p.reference}). We have passed it on to the people involved.`,
    ),

  closure: (p: { reference: string; contact: CouncilContact; reason: string; note: string | null; stage2RequestBy: string | null; ombudsman: OmbudsmanContact | null; greeting: string; surveyUrl?: string | null }): Written =>
    written(
      `We have closed your case (${p.reference})`,
      [
        p.greeting,
        '',
        `We have closed your case ${p.reference}. ${p.reason}`,
        ...(p.note ? ['', p.note] : []),
        ...(p.stage2RequestBy ? ['', `If you are not happy with our response, you can still ask for a review (stage 2) by ${date(p.stage2RequestBy)}. You do not have to give a reason.`] : []),
        ...(p.ombudsman ? ['', ...ombudsmanLines(p.ombudsman)] : []),
        // The satisfaction survey, when the resident's chat could not take it (services/survey).
        ...(p.surveyUrl ? ['', `How did we do? Please answer four short questions: ${p.surveyUrl}`, 'Answering is up to you, and it does not change your right to take this further.'] : []),
        '',
        ...signOff(p.contact),
      ],
      `${p.contact.councilName}: we have closed your case ${p.reference}. ${p.reason}${p.surveyUrl ? ` Tell us how we did: ${p.surveyUrl}` : ''}`,
    ),

  staffMessage: (p: { reference: string; contact: CouncilContact; text: string; greeting: string }): Written =>
    written(
      `A message about your case (${p.reference})`,
      [p.greeting, '', p.text, '', ...signOff(p.contact)],
      `${p.contact.councilName}, ${p.reference}: ${p.text}`,
    ),

  closureReason: {
    responded: 'We have sent you our response.',
    resolved: 'We have resolved the matter.',
    withdrawn: 'You asked us to stop dealing with it.',
    duplicate: 'It is the same as another case of yours, which we are dealing with instead.',
    recorded: 'We have recorded what you told us.',
    ombudsman_decided: 'The ombudsman has made its decision.',
  },

  greeting: (name: string | null | undefined) => (name ? `Dear ${name},` : 'Hello,'),
  /** A councillor's copy, sent because the resident asked in writing. */
  councillorCopy: (residentName: string) => `This is a copy for you: ${residentName} asked us in writing to keep you informed about their complaint.`,
  /** Sent for someone else: who it is about, so the resident's representative knows. */
  onBehalf: (residentName: string | null | undefined) => (residentName ? `You contacted us on behalf of ${residentName}.` : null),
} as const;
