/**
 * What residents read about reports passed to the council's works system (Open311): the questions
 * the works system needs answered, its reference, updates, and the offer of a complaint.
 */
import { longDate } from './dates';

export const open311En = {
  whichService: (names: string[]) =>
    names.length > 1 ? 'Which of these is it about? It helps us send it to the right team.' : 'Is it about this? It helps us send it to the right team.',
  noneOfThese: 'None of these',
  /** An attribute's own wording from the works system, with the help it gives. */
  attributeQuestion: (description: string, help?: string) => (help && help !== description ? `${description}\n\n${help}` : description),
  attributeRetry: 'Please choose one of the options.',
  numberRetry: 'Please answer with a number, for example 2.',
  textRetry: 'Please type a short answer.',
  shareContact: 'Can we give your name and contact details to the team who will put it right, so they can get in touch about it if they need to?',
  shareChoices: { yes: 'Yes, they can contact me', no: 'No, keep them with the council' },
  /** Added to the reference message when the report goes to the works system. */
  passedOn: (serviceName: string) => `We're passing your report to the team who look after "${serviceName}". When they give it their own reference, I'll tell you here.`,
  theirReference: (ref: string, id: string, notice?: string | null) =>
    [`Your report ${ref} is now with the team who will put it right. Their reference for it is ${id}.`, notice ? `They say: ${notice}` : null].filter(Boolean).join('\n\n'),
  closed: (ref: string, id: string, notes: string | null) =>
    [
      `An update on your report ${ref} (their reference ${id}): the team have marked it as done.`,
      notes ? `Their notes: ${notes}` : null,
      "If it hasn't been put right, or you're unhappy with how it was handled, reply here and tell me. You can make a complaint about it.",
    ]
      .filter(Boolean)
      .join('\n\n'),
  complaint: {
    verify: "Before I say anything about that report, please tell me the email address or phone number you gave us with it, so I know it's yours.",
    verifyFailed: "Sorry, that doesn't match what we have. To keep people's details safe I can't go further here: please contact the council's team directly.",
    offer: (ref: string, id: string | null) =>
      [
        "I'm sorry it hasn't been put right.",
        `You can make a complaint about how your report ${ref} has been handled. ${id ? `Your report stays open with the team (their reference ${id}) while the complaint is looked into.` : 'Your report stays open while the complaint is looked into.'}`,
        'Would you like to make a complaint?',
      ].join('\n\n'),
    choices: { complain: 'Make a complaint', message: 'No, just pass on my message' },
    made: (ref: string, ack: string | null, respond: string | null) =>
      [
        `Your complaint is recorded on the same reference, ${ref}, so the team can see your report and what happened to it.`,
        ack ? `We'll confirm we've received it by ${longDate(ack)}.` : null,
        respond ? `We aim to send you a full reply by ${longDate(respond)}.` : null,
      ]
        .filter(Boolean)
        .join(' '),
  },
};
