/**
 * The satisfaction survey's words (services/survey, public/survey.html): the message in the
 * resident's chat when their case closes, and the survey page. Every survey says how to take the
 * matter further and which ombudsman to go to (LGSCO Code: surveys tell people how to complain).
 */
import { longDate } from './dates';

export interface SurveyNextSteps {
  councilName: string;
  /** "the Complaints team: phone 0116 …, or email …" */
  contact: string;
  /** The review the resident can still ask for (with its last date, where the policy sets one), or null. */
  stage2: { requestBy: string | null } | null;
  /** A service request or comment: they can still complain about how it was handled. */
  canComplain: boolean;
  ombudsman: { name: string; phone: string; url: string; when: string };
}

/** How to take it further, in the order a resident would do it. */
export function nextStepLines(n: SurveyNextSteps): string[] {
  return [
    ...(n.stage2
      ? [`If you are not happy with our response, you can ask for a review (stage 2)${n.stage2.requestBy ? ` by ${longDate(n.stage2.requestBy)}` : ''}: ${n.contact}. You do not have to give a reason.`]
      : []),
    ...(n.canComplain ? [`If you are unhappy with how we dealt with this, you can make a complaint: ${n.contact}.`] : []),
    `You can ask the ${n.ombudsman.name} to look at your complaint. ${n.ombudsman.when} Phone ${n.ombudsman.phone}, or visit ${n.ombudsman.url}. The ombudsman is free, independent and impartial.`,
  ];
}

export const survey = {
  /** The survey asked in the resident's chat, one question at a time (dialogs/surveyDialog.ts). */
  chat: {
    intro: (p: { reference: string; url: string; nextSteps: string[] }) =>
      [
        `We have closed your case ${p.reference}. How did we do? There are four short questions here in the chat, and you can skip any of them. If you would rather answer later, use this link: ${p.url}`,
        'Answering is up to you, and it does not change your right to take this further.',
        ...p.nextSteps,
      ].join('\n\n'),
    questions: {
      handling: 'Are you satisfied with how we handled your case?',
      outcome: 'Are you satisfied with the outcome?',
      easyToComplain: 'Was it easy to contact us and make your complaint or request?',
    },
    answers: { yes: 'Yes', partly: 'Partly', no: 'No', skip: 'Skip this question' },
    comment: 'Is there anything else you would like to tell us about how we dealt with it? Please do not include your name, address or other personal details.',
    skipComment: 'Nothing else',
    commentTooLong: (max: number) => `That is a bit long for the survey: please keep it to ${max.toLocaleString('en-GB')} characters.`,
    thanks: 'Thank you. We have your answers, and they help us improve.',
    declined: 'That is fine: we will not ask you again.',
    nextStepsTitle: 'If you want to take this further:',
    /** After the survey, anything new they write is dealt with as usual. */
    after: 'If there is anything else we can help with, just tell us here.',
  },

  page: {
    title: 'How did we do?',
    intro: 'Four short questions about how we dealt with your case. Your answers help us improve. Please do not include your name, address or other personal details.',
    handling: 'Are you satisfied with how we handled your case?',
    outcome: 'Are you satisfied with the outcome?',
    easyToComplain: 'Was it easy to contact us and make your complaint or request?',
    answers: { yes: 'Yes', partly: 'Partly', no: 'No' },
    comment: 'Anything else you would like to tell us? (optional)',
    commentHint: 'Up to 2,000 characters.',
    submit: 'Send my answers',
    nextStepsTitle: 'If you want to take this further',
    loading: 'Loading your survey…',
    noScript: 'This survey needs JavaScript. You can also tell us how we did by contacting the council.',
  },

  forCase: (reference: string, councilName: string) => `About case ${reference}, ${councilName}.`,
  thanks: 'Thank you. We have your answers.',
  alreadyAnswered: (reference: string) => `The survey for case ${reference} has already been answered, so we can't take another answer. Thank you for taking part.`,
  expired: 'This survey link has expired. If you would still like to tell us how we did, please contact the council.',
  invalid: 'This survey link is not valid. Please check you copied the whole link from your message.',
  notOffered: 'There is no survey for this case.',
  problems: (issues: string[]) => `Please check your answers: ${issues.join('; ')}.`,
  tooMany: (seconds: number) => `Too many attempts. Please wait ${seconds} seconds and try again.`,
};
