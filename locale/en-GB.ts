/**
 * Everything the bot says to residents, in plain English. Keep sentences short; say what
 * happens next; never use jargon such as "stage 1" without saying what it means.
 */
import type { FeedbackKind } from '../models/vocabulary';

export const KIND_CHOICES: Record<FeedbackKind, string> = {
  service_request: 'Report a problem so we can put it right',
  complaint: 'Make a complaint',
  comment: 'Give a comment or suggestion',
  compliment: 'Pay a compliment',
};

export const KIND_IN_WORDS: Record<FeedbackKind, string> = {
  service_request: 'report a problem so we can put it right',
  complaint: 'make a complaint',
  comment: 'give us a comment or suggestion',
  compliment: 'pay us a compliment',
};

export const KIND_NOUN: Record<FeedbackKind, string> = {
  service_request: 'report',
  complaint: 'complaint',
  comment: 'comment',
  compliment: 'compliment',
};

/** "Leicester City Council's online help", but "the online help for your local council" when the pack's name is generic. */
export function onlineHelpOf(council: string): string {
  const name = council.trim();
  if (!name || /^(?:your|our|the|a|this|my)\b/i.test(name) || /^(?:local )?council$/i.test(name)) {
    const plain = name ? name.charAt(0).toLowerCase() + name.slice(1) : 'your council';
    return `the online help for ${/^(?:local )?council$/i.test(plain) ? 'your council' : plain}`;
  }
  return `${name}${/s$/i.test(name) ? "'" : "'s"} online help`;
}

export const en = {
  errors: {
    generic: "Sorry, something went wrong on our side. Please try again in a moment. Nothing you've told us so far has been lost.",
    databaseDown: "Sorry, we can't save anything right now because our system is having a problem. Please try again in a few minutes.",
    tooLong: (max: number) => `That message is too long for me to read. Please keep it under ${max} characters, or send it in parts.`,
    tooFast: (seconds: number) => `You're sending messages too quickly, so I haven't read the last one. Please wait ${seconds} second${seconds === 1 ? '' : 's'} and send it again.`,
  },

  welcome: (council: string, privacyUrl: string | null) =>
    [
      `Hello, this is ${onlineHelpOf(council)}. I can help you report a problem, make a complaint, or give a comment or compliment.`,
      "You can ask to talk to a person at any time. Type 'help' for help, or 'cancel' to stop.",
      privacyUrl ? `How we use your information: ${privacyUrl}` : "We'll only use your information to deal with what you tell us.",
    ].join('\n\n'),
  askWhatHappened: "Tell us what's happened, in your own words.",
  /** When the answer to "what's happened" says nothing yet ("hi", "ok"). */
  askWhatHappenedAgain: "Please tell me in a sentence or two what's happened. For example: the bins on Elm Road weren't collected on Tuesday.",
  askMore: "Could you tell me a bit more about what's happened? For example, what the problem is and where.",

  help: (phone?: string, email?: string) =>
    [
      "I'll ask a few questions, one at a time, and then send what you tell me to the right team. You'll get a reference number.",
      "You can type 'start again' to begin again, 'cancel' to stop, or 'talk to a person' if you'd rather deal with someone.",
      phone || email ? `You can also contact us${phone ? ` by phone on ${phone}` : ''}${phone && email ? ' or' : ''}${email ? ` by email at ${email}` : ''}.` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  cancelled: "OK, I've stopped. Nothing has been sent to the council. Send a message any time to start again.",
  startingOver: "OK, let's start again. Nothing from before has been sent.",
  person: (team: string, phone?: string, email?: string, hours?: string) =>
    [
      `To talk to someone, contact ${/^(the|our|your) /i.test(team) ? team : `our ${team}`}${phone ? ` on ${phone}` : ''}${email ? `${phone ? ', or email ' : ' at '}${email}` : ''}.${hours ? ` ${hours}` : ''}`,
      "I've kept what you've told me so far, so you can carry on here at any time.",
    ].join('\n\n'),
  tooManyTries: "Sorry, I'm having trouble understanding. Would you like to talk to a person instead?",
  tooManyTriesChoices: { person: 'Talk to a person', retry: 'Try again' },
  welcomeBack: 'Welcome back. Would you like to carry on where you left off, or start again?',
  welcomeBackChoices: { resume: 'Carry on', restart: 'Start again' },

  triage: {
    confirmKind: (kind: FeedbackKind) => `It sounds like you want to ${KIND_IN_WORDS[kind]}. Is that right? Choose the one that fits best.`,
    difference:
      'Reporting a problem asks us to fix something for the first time. A complaint is when you are unhappy with how we have dealt with something, or with something we did or did not do.',
    offerComplaint: "You sound unhappy with how this has been handled. If you'd like to, you can make a complaint about that.",
    // Said whether or not the channel numbers the options: where it shows buttons there is no number to type.
    retryKind: 'Please choose one of the options above, or type it in your own words.',
    firstTime: 'Is this the first time you have told us about this?',
    firstTimeChoices: { first: "Yes, it's the first time", before: "No, I've told you before" },
    firstReport:
      "As this is the first time you've told us, we'll pass it to the service as a report so they can put it right quickly. You can still make a complaint if you prefer.",
    firstReportChoices: { report: 'Report it so it gets fixed', complain: 'Make a complaint anyway' },
  },

  signpost: {
    emergencyFirst: 'If anyone is in danger right now, call 999.',
    intro: "Some of what you've told us isn't something our complaints process can deal with:",
    carryOn:
      'Is any part of this about how the council itself acted? For example, delays, not replying, or the way you were treated.',
    carryOnChoices: { yes: 'Yes, carry on', no: "No, that's all" },
    done: "Thank you. I hope that helps. If there's anything else, just send a message.",
    elsewhere: (body: string) => `This service is run by ${body}, not by us.`,
    /** Other bodies named in the message (services/signposting/namedBodies.ts). */
    nhs: "GP surgeries, hospitals, dentists and pharmacies are run by the NHS, not the council. Please raise it with the surgery or hospital first; if that doesn't sort it out, your local NHS Integrated Care Board handles complaints, and after that the Parliamentary and Health Service Ombudsman. For medical help that can't wait, call NHS 111.",
    water: "Water supply, water bills and sewers are run by your water company, not the council. Please contact your water company first; if it doesn't sort it out, the Consumer Council for Water can help.",
    energy: "Gas and electricity supplies and bills are a matter for your energy supplier, not the council. Please contact your supplier first; if it doesn't sort it out, the Energy Ombudsman can look at it. If you smell gas, call the gas emergency line on 0800 111 999 now.",
    housingAssociation: "A housing association is your landlord, not the council. Please use your housing association's own complaints procedure first; if you're still unhappy, the Housing Ombudsman can look at it.",
    /** Asking to make an information request, rather than unhappy with how one was handled. */
    informationRequest: (council: string) =>
      `You can make a Freedom of Information request, or ask for the personal information we hold about you, by writing to ${council}. It isn't a complaint, so it doesn't go through this form. We must answer within 20 working days (one month for your own personal information). If you're later unhappy with how your request was handled, ask us to review it, and then you can go to the Information Commissioner's Office.`,
  },

  who: {
    ask: 'Are you contacting us for yourself, or for someone else?',
    choices: { self: 'For myself', other: 'For someone else' },
    theirName: "What's the name of the person you're contacting us for?",
    theirNameKnown: (theirs: string) => (theirs.startsWith('the ') ? `What's the name of ${theirs}?` : `What's your ${theirs}'s name?`),
    nameAndConnection: "What's the name of the person you're contacting us for, and how are you connected to them? For example: Mary Jones, I'm her daughter.",
    relationshipTo: (name: string) => `How are you connected to ${name}? For example: daughter, carer, friend, advocate, councillor or MP.`,
    consent:
      'Has this person agreed to you acting for them, and to us sharing information about it with you?',
    consentChoices: { yes: 'Yes, they have agreed', no: 'No, not yet' },
    noConsent:
      "We can only deal with this for someone else when they have agreed. You can ask them to contact us themselves, or come back once they've agreed. You can also tell us about it in your own name.",
    noConsentChoices: { own: 'Tell you in my own name', stop: "I'll come back later" },
    writtenNeeded: (council: string, how: string) =>
      `${council} also needs their agreement in writing, signed by them. You can attach a photo or scan of it now, or send it later ${how}.`,
    writtenChoices: { later: "I'll send it later" },
    writtenRetry: `Please attach the written agreement as a photo or file, or choose "I'll send it later".`,
    writtenReceived: "Thank you, I've added their written agreement.",
    writtenPending: "OK. We'll record that their written agreement is still to come. We may not be able to share details with you until it arrives.",
  },

  details: {
    where: "Where is this? A street name, postcode or nearby landmark helps us find it.",
    whereChoices: { none: "It's not about a place" },
    when: 'When did this happen, or when did it start? For example: last Tuesday, 3 weeks ago, or March 2025.',
    whenChoices: { unsure: "I'm not sure" },
    whenUnclear: "Sorry, I couldn't work out a date from that. Try something like '12 March', 'last week' or 'January 2025', or choose 'I'm not sure'.",
    outOfTime: (months: number, discretion: boolean) =>
      `Complaints normally need to be made within ${months} months of what happened, or of when you found out about it.${discretion ? ' We can still look at older matters when there is a good reason.' : ''} Why are you raising it now?`,
    outcome: 'What would you like us to do to put things right?',
    /** Said before a question asked again, when the answer told us something else instead. */
    noted: (facts: Array<'place' | 'when' | 'contact' | 'reportedBefore'>) => {
      const words = { place: 'where it is', when: 'when it happened', contact: 'your contact details', reportedBefore: "that you've told us before" };
      const list = facts.map((f) => words[f]);
      return `Thanks, I've noted ${list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list[0]}.`;
    },
    commentReply: 'Would you like a reply to your comment?',
    commentReplyChoices: { yes: 'Yes, please reply', no: 'No reply needed' },
    complimentWho: 'Who would you like us to pass your thanks to? Type a name or team, or choose Skip.',
    skip: 'Skip',
  },

  evidence: {
    ask: 'Do you have any photos or documents that show what happened? Attach them now, or choose Skip.',
    added: (name: string) => `Thanks, I've added ${name}. Attach another, or choose Done.`,
    done: 'Done',
    skip: 'Skip',
    wrongType: (name: string, allowed: string) => `Sorry, I can't accept ${name}. I can take ${allowed}.`,
    tooBig: (name: string, maxMb: number) => `Sorry, ${name} is too big. Each file must be under ${maxMb} MB.`,
    failed: (name: string) => `Sorry, I couldn't save ${name}. Please try again, or choose Skip.`,
    tooMany: (max: number) => `You've added the most files I can take here (${max}). You can send more later by quoting your reference.`,
    notAFile: 'Please attach a file using the paperclip button, or choose Skip.',
    later: 'No problem. You can send photos or documents later by quoting your reference.',
  },

  contact: {
    ask: 'How can we contact you about this? Please type your name and an email address or phone number.',
    askRep: 'How can we contact you about this? Please type your own name and an email address or phone number.',
    anonymousOption: 'Stay anonymous',
    postOption: 'By post instead',
    /** Compliments, and comments that need no reply: contact details are optional. */
    askOptional: 'If you would like us to be able to contact you, type your name and an email address or phone number. Or choose No reply needed.',
    noReplyOption: 'No reply needed',
    anonymousMeans: (whatHappens: string) =>
      `If you stay anonymous, we can't reply to you or tell you what happens. ${whatHappens} Do you want to stay anonymous?`,
    anonymousChoices: { yes: 'Yes, stay anonymous', no: 'No, give my details' },
    anonymousRefused: (whatHappens: string) => `Sorry, we can't take this anonymously. ${whatHappens}`,
    needName: "Thanks. And what's your name?",
    askName: (way: string, forSomeoneElse: boolean) => `Thanks, we'll use ${way} to contact you about this. What's your ${forSomeoneElse ? 'own ' : ''}name?`,
    askWay: (name: string) => `Thanks, ${name}. What email address or phone number can we contact you on? Or choose By post instead.`,
    orSomeoneElse: "If you're contacting us for someone else, tell us who they are too.",
    needWay: 'Please give an email address or a phone number so we can reply, or choose By post instead.',
    otherWays: (anonymity: boolean) =>
      `That's fine. You can give an email address or a phone number, whichever you prefer, or choose By post instead${anonymity ? ', or Stay anonymous (then we can\'t reply)' : ''}.`,
    badEmail: "That email address doesn't look right. Please check it and type it again.",
    badPhone: "That phone number doesn't look right. Please type a UK number with its area code: 11 digits starting with 0, such as a mobile starting 07 or a landline such as 0116 454 1000.",
    address: 'What address should we write to? Please include the postcode.',
    badPostcode: "I couldn't find a postcode in that. Please type the full address including the postcode.",
    prefer: 'How would you prefer us to contact you?',
    preferChoices: { email: 'By email', phone: 'By phone' },
  },

  adjustments: {
    ask:
      'Is there anything that would make it easier for you to deal with us? Also tell us if you, or someone involved, is at risk or needs support.',
    choices: {
      none: 'No, nothing needed',
      largePrint: 'Large print or easy read',
      phone: 'Phone instead of writing',
      interpreter: 'An interpreter',
      helper: 'Someone to help me',
      atRisk: 'Someone is at risk',
    },
    anythingElse: "Thanks, I've noted that. Is there anything else?",
    language: 'Which language would you like an interpreter for?',
    atRisk:
      "Thank you for telling us. We'll treat this as a priority. If anyone is in danger right now, call 999. If you're worried about a child or an adult at risk, you can also contact social care straight away.",
    atRiskMore: "If you'd like to, tell us a little about the risk so we can help. Or choose Skip.",
  },

  summary: {
    intro: "Here's what you've told us. Check it, then send it, or change anything that's wrong.",
    send: 'Send it',
    change: {
      kind: 'Change the type',
      description: 'Change what happened',
      whereWhen: 'Change where or when',
      outcome: 'Change what you want us to do',
      who: "Change who it's for",
      evidence: 'Change photos or documents',
      contact: 'Change contact details',
      adjustments: 'Change support needs',
    },
    /** What the resident said about themselves, as the summary's support line shows it back. */
    aboutYou: {
      older: "you're 65 or over",
      mobility: 'you use a mobility aid or find walking hard',
      disability: 'you have a disability',
      health: 'you have a health condition',
      pregnant: "you're pregnant",
      losing_home: 'you may lose your home',
      money: "you can't afford food, heating or rent",
      said_vulnerable: "you're vulnerable",
    },
    labels: {
      kind: 'Type',
      description: 'What happened',
      where: 'Where',
      when: 'When',
      outOfTime: 'Why now',
      outcome: 'What you want us to do',
      forWhom: 'For',
      evidence: 'Photos or documents',
      contact: 'Contact',
      adjustments: 'Support needs',
      reply: 'Reply wanted',
      thanksTo: 'Thanks to',
      toldBefore: 'Told us before',
    },
    toldYes: 'Yes',
    toldTimes: (n: number) => (n === 1 ? 'Yes, once' : `Yes, ${n} times`),
    none: 'None',
    anonymous: 'Anonymous (no reply possible)',
    retry: 'Please choose Send it, or one of the Change options.',
    sending: 'Sending that now...',
  },

  done: {
    reference: (ref: string) => `Thank you. Your reference is ${ref}. Please keep it safe.`,
    complaint: (ack: string | null, respond: string | null, respondFromAck: boolean) =>
      [
        ack ? `We'll confirm we've received your complaint by ${ack}.` : "We'll confirm we've received your complaint soon.",
        respond
          ? `We aim to send you a full reply by ${respond}${respondFromAck ? ' (counted from when we confirm it)' : ''}. If we need longer, we'll tell you why and when to expect it.`
          : "We'll tell you when to expect a full reply.",
      ].join(' '),
    service_request: (respond: string | null) =>
      `We've passed this to the team who can put it right.${respond ? ` We aim to deal with it by ${respond}.` : ''} If it isn't sorted, or you're unhappy with how it's handled, you can make a complaint.`,
    comment: (replyBy: string | null) =>
      `We've passed your comment to the right team.${replyBy ? ` We'll reply by ${replyBy}.` : ''}`,
    compliment: "Thank you. We'll pass your kind words on. It means a lot to the people involved.",
    anonymous: "As you've chosen to stay anonymous, we won't be able to reply, but we will look at what you've told us.",
    authorisationPending: "Remember to send the written agreement, quoting your reference, so we can deal with someone acting for them.",
    later: (ref: string) => `To add something or ask about this later, message us here and quote ${ref}.`,
    anythingElse: 'Is there anything else I can help with? Just send a message.',
  },

  followUp: {
    added: (ref: string) => `Thanks, I've added that to ${ref}. The team dealing with it will see it.`,
    closed: (ref: string) =>
      `${ref} is closed, so I can't add to it. If you're unhappy with the outcome, tell me what's wrong and I'll help you take it further.`,
    notFound: (ref: string) => `I couldn't find ${ref}. Please check the reference. Or tell me what's happened and I'll start something new.`,
    askContact: (ref: string) =>
      `To keep cases private, I check it's yours before I add anything to ${ref} or tell you about it. Please type the email address or phone number you gave us with it.`,
    noMatch: "That doesn't match what we have. Please try once more: the email address or phone number you gave us with it.",
    which: (refs: string[]) => `Is this about ${refs.length === 1 ? `your case ${refs[0]}` : 'one of your cases'}, or something new?`,
    newThing: 'Something new',
    aboutCase: (ref: string) => `About ${ref}`,
  },

  /** A resident asking for a stage 2 review of their complaint (dialogs/escalationDialog.ts). */
  review: {
    askContact: (ref: string) =>
      `I can ask for a review of ${ref} for you. To keep your case private, please first type the email address or phone number you gave us with it.`,
    noMatch: "That doesn't match what we have. Please try once more: the email address or phone number you gave us with your complaint.",
    notVerified: (ref: string, team: string, phone?: string, email?: string) =>
      `Sorry, I can't act on ${ref} from here as that doesn't match what we have. Please contact ${team}${phone ? ` on ${phone}` : ''}${email ? `${phone ? ' or' : ' at'} ${email}` : ''} and they'll help you.`,
    confirm: (ref: string, requestBy: string | null) =>
      `Would you like me to ask for a stage 2 review of ${ref}? Someone who wasn't involved in the first response will look at your complaint again. You don't need to give a reason.${requestBy ? ` You can ask until ${requestBy}.` : ''}`,
    yes: 'Yes, ask for a review',
    no: 'No, not now',
    notAsked: (ref: string) => `OK, I haven't asked for a review. If you change your mind, message us here quoting ${ref}.`,
    started: (ref: string, ack: string | null, respond: string | null, respondFromAck: boolean) =>
      [
        `Done: I've asked for a stage 2 review of ${ref}. Someone who wasn't involved in the first response will look at your complaint again.`,
        ack ? `We'll confirm we've received your request by ${ack}.` : "We'll confirm we've received your request soon.",
        respond
          ? `We aim to send you our final reply by ${respond}${respondFromAck ? ' (counted from when we confirm it)' : ''}. If we need longer, we'll tell you why and when to expect it.`
          : "We'll tell you when to expect our final reply.",
      ].join(' '),
    late: (ref: string, requestBy: string) =>
      `The time to ask for a stage 2 review of ${ref} ended on ${requestBy}. The council can still agree to review it, for example if you couldn't ask sooner, but it's their decision. Would you like me to pass your request to the team?`,
    passedOn: (ref: string) =>
      `I've passed your request for a review of ${ref} to the team. They'll decide whether they can still review it and let you know. If they can't, you can ask the ombudsman to look at your complaint.`,
    already: (ref: string, stage: 'stage2' | 'ombudsman') =>
      stage === 'stage2'
        ? `${ref} has already had a stage 2 review asked for. If you're unhappy with the final reply, you can ask the ombudsman to look at it.`
        : `${ref} is already with the ombudsman, so the council can't review it again. The ombudsman will be in touch with you.`,
    final: (ref: string, ombudsman: string, phone: string, url: string) =>
      `The council's reply to ${ref} was its final response: it has no second stage. If you're still unhappy, you can ask the ${ombudsman} to look at your complaint: phone ${phone} or visit ${url}.`,
  },

  handoff: {
    /** Added to the welcome on social channels, before anything is asked. */
    socialNote: (platform: string) =>
      `Please don't post personal details (such as your address, phone number or health) on ${platform}. When I need them, I'll give you a private link to our website chat.`,
    /** On the social channel: where to carry on, and why. */
    link: (platform: string, link: string, hours: number, isPublic: boolean) =>
      [
        isPublic
          ? `Thanks. This is a public conversation on ${platform}, so please don't share anything personal here.`
          : `Thanks. To keep your personal details private, the next questions are asked in our secure website chat, not on ${platform}.`,
        `Carry on here: ${link}`,
        `It already has what you've told me, so you won't need to repeat it. The link works once, for ${hours === 1 ? '1 hour' : `${hours} hours`}. If it runs out, just message us again.`,
      ].join('\n\n'),
    linkFailed: "Sorry, I couldn't make a private link just now. Please try again in a few minutes, or contact us through our website.",
    /** On the website, after the link was opened. */
    resumed: (platform: string, recap: string[]) =>
      [`Thanks for coming over from ${platform}. Here's what you told us there:`, recap.join('\n'), "Let's carry on. You won't need to repeat any of that."].join('\n\n'),
    fromInbox: (platform: string, message: string) =>
      `Thanks for contacting us on ${platform}. Our team passed on your message: "${message}". Let's carry on from there.`,
    again: "You're already in the chat that link opened. Carry on below.",
    invalid: "Sorry, that link isn't right, so I can't see what you told us on social media. Please tell me what's happened and I'll help.",
    expired: "Sorry, that link has run out, so I can't see what you told us on social media. Please tell me what's happened and I'll help.",
    used: "That link has already been used. If you opened it in another window, please carry on there. Otherwise, tell me what's happened and I'll help.",
  },

  /** A resident's question back mid-intake (dialogs/residentAnswer.ts); the question being asked follows. */
  asks: {
    period: (days: number, unit: string) => {
      const word = unit === 'working_days' ? 'working day' : unit === 'weeks' ? 'week' : unit === 'months' ? 'month' : 'day';
      return `${days} ${word}${days === 1 ? '' : 's'}`;
    },
    complaintTimes: (ack: string, respond: string, fromAck: boolean) =>
      `For a complaint, we'll confirm we've received it within ${ack}, and aim to send you a full reply within ${respond} of ${fromAck ? 'confirming it' : 'receiving it'}. If we need longer, we'll tell you why.`,
    reportTimes: "A report goes to the team who can put it right. How long it takes depends on the service. If it isn't sorted, you can make a complaint.",
    commentTimes: (reply: string | null, onlyIfAsked: boolean) =>
      reply ? `${onlyIfAsked ? "If you ask for a reply to a comment, we'll" : "We'll"} reply within ${reply}.` : "We pass comments to the right team. The council doesn't promise a reply time for comments.",
    complimentTimes: "We'll pass your thanks on to the people involved. There's nothing you need to wait for.",
    datesWhenSent: "You'll get the dates with your reference number when you send it.",
    reply: "Yes. The team dealing with it will contact you using the details you give me, by email, phone or post, whichever you choose.",
    phoneInstead: "If you'd rather we phone you than write, you can say so when I ask what would make it easier.",
    replyAnonymous: "As you've chosen to stay anonymous, we can't reply. To get a reply, choose Change contact details in the summary and give a way to contact you.",
    phoneInsteadNow: "If you'd rather we phone you than write, choose Phone instead of writing.",
    noReplyNeeded: "A reply isn't needed, but you can leave your details if you'd like us to be able to contact you.",
    next: "I'll ask a few more questions, then show you a summary to check. Nothing is sent until you choose Send it.",
    nextSummarySoon: "Next I'll show you a summary to check. Nothing is sent until you choose Send it.",
    nextFromSummary: 'Nothing is sent until you choose Send it in the summary.',
    nextAfterSending: (handledBy: string | null) => ({
      complaint: `When you send it, you'll get a reference number. We'll confirm we've received your complaint, then ${handledBy ?? 'the team'} will look into it and send you a full reply.`,
      service_request: "When you send it, you'll get a reference number and it goes to the team who can put it right.",
      comment: "When you send it, you'll get a reference number and it goes to the right team.",
      compliment: "When you send it, we'll pass your kind words on to the people involved.",
      unknown: "When you send it, you'll get a reference number and it goes to the right team.",
    }),
    whyContact: 'We ask for your name and an email address or phone number so the team dealing with this can reply and tell you what happens. You can choose By post instead.',
    anonymousChoice: "You can stay anonymous instead, but then we can't reply to you.",
    whoSees: 'What you tell me, and your contact details, go to the council staff who deal with your case.',
    privacy: (url: string | null) => (url ? `How we use your information: ${url}` : "We'll only use your information to deal with what you tell us."),
    anonymousOffered: (whatHappens: string) => `${whatHappens} If you stay anonymous, we can't reply to you or tell you what happens. When I ask how to contact you, you can choose Stay anonymous.`,
    anonymousNotOffered: (whatHappens: string) => `${whatHappens} So I'll ask for your name and a way to contact you.`,
    anonymousForSomeoneElse: (whatHappens: string) => `${whatHappens} As you're contacting us for someone else, we need your own name and a way to contact you.`,
    anonymousOptional: "You don't have to leave your details for this: choose No reply needed when I ask how to contact you.",
    anonymousChange: 'You can change this with Change contact details in the summary.',
    evidenceNow: (max: number) => `Yes. Attach them now with the paperclip button. You can add up to ${max}.`,
    evidenceSoon: "Yes. I'll ask for photos or documents in a moment.",
    evidenceSoonIfReport: "Yes, for a report or a complaint. I'll ask for photos or documents in a moment.",
    evidenceLater: 'Yes. Choose Change photos or documents in the summary to attach them, or send them later quoting your reference.',
    evidenceNotTaken: "Photos and documents are only taken with a report or a complaint. You can say in your own words what they show.",
    kinds: (complaint: string, report: string) => `A complaint: ${complaint}\n\nA report: ${report}\n\nChoose the one that fits best. You can change it in the summary before you send it.`,
    kindIs: (noun: string, definition: string | null) => `This is a ${noun}.${definition ? ` ${definition}` : ''} You can change the type in the summary before you send it.`,
  },

  choose: (question: string, options: string[]) => `${question}\n\n${options.map((o, i) => `${i + 1}. ${o}`).join('\n')}`,
} as const;

export type Strings = typeof en;
