/**
 * Triage alone, with the real offline classifier: what the complaints process does not handle is
 * signposted (emergencies first) and counted, the kind is confirmed in plain words, and the dialog
 * ends with what it settled (`TriageResult`), which the intake puts into the draft.
 */
import type { RouteId } from '../../models/vocabulary';
import { OfflineClassifier } from '../../services/classifier/offline';
import type { Classification, Classifier } from '../../services/classifier/types';
import { TriageAnswers, TriageDialog, TriageOptions, TriageResult } from '../../dialogs/triageDialog';
import { clock, NOW, pack, Row, runRow } from './support';

/** The intake's first message (the first turn only begins the dialog, as in the intake). */
const told = (text: string, known: Partial<TriageOptions['known']> = {}): TriageOptions => ({ known: { id: 'intake-1', text, serviceAreas: [], signposted: [], ...known } });

/** What triage settled: the classifier's wording of its reasons is its own business. */
const settled = (answers: Partial<TriageAnswers> & Pick<TriageAnswers, 'text'>): TriageAnswers => ({
  dissatisfied: false,
  serviceAreas: [],
  signposted: [],
  outOfTimeFlag: false,
  safeguarding: false,
  classification: { confidence: expect.any(Number), reasons: expect.any(Array) },
  ...answers,
});

const STREETLIGHT = 'The streetlight outside 9 Park Lane is flickering';
const PAVEMENT = ['highways', 'parks_open_spaces'] as const;
const KIND = (kind: string) => new RegExp(`It sounds like you want to ${kind}\\. Is that right\\? Choose the one that fits best\\..*\\[`, 's');
const REPORT = KIND('report a problem so we can put it right');
const COMPLAINT = KIND('make a complaint');
const CARRY_ON = /Is any part of this about how the council itself acted\?.*\[Yes, carry on\] \[No, that's all\]/s;
const FIRST_TIME = /Is this the first time you have told us about this\? \[Yes, it's the first time\] \[No, I've told you before\]/;
const FIRST_REPORT = /we'll pass it to the service as a report so they can put it right quickly.*\[Report it so it gets fixed\] \[Make a complaint anyway\]/s;
const RETRY = /Please choose one of the options above, or type it in your own words\./;

/** An engine that answers as told, for what the real one does not do on its own. */
const engine = (said: Partial<Classification>): Classifier => ({
  classify: async () => ({ kind: 'complaint', exclusions: [], dissatisfied: false, serviceAreas: [], safeguarding: false, confidence: 0.9, reasons: [], ...said }),
});

type TriageRow = Row<TriageOptions, TriageResult> & { recorded?: RouteId[][]; classifier?: Classifier };

const rows: TriageRow[] = [
  {
    name: 'an insurance claim is signposted with its contact, and "No, that\'s all" ends it there',
    options: told('I want compensation because a pothole on the high street burst my tyre and damaged the wheel'),
    turns: [
      ['begin', [/that's an insurance claim, not a complaint/, /The council's customer services/, CARRY_ON], /call 999/],
      ["No, that's all", /I hope that helps/],
    ],
    result: {
      proceed: false,
      answers: settled({ text: 'I want compensation because a pothole on the high street burst my tyre and damaged the wheel', suggestedKind: 'complaint', dissatisfied: true, serviceAreas: ['highways'], signposted: ['insurance_claim'], outcomeWanted: expect.any(String) }),
    },
    recorded: [['insurance_claim']],
  },
  {
    name: 'an emergency is signposted first, before anything else that was said',
    options: told('I can smell gas in my kitchen and I want compensation for my ruined carpet'),
    turns: [['begin', [/^If anyone is in danger right now, call 999\./, /National Gas Emergency Service: phone 0800 111 999[\s\S]*that's an insurance claim/]]],
    result: 'waiting',
    recorded: [['emergency', 'insurance_claim']],
  },
  {
    name: 'an emergency is said first even when the engine lists it last',
    classifier: engine({ exclusions: ['insurance_claim', 'emergency'] }),
    options: told('I can smell gas in my kitchen and I want compensation for my ruined carpet'),
    turns: [['begin', [/^If anyone is in danger right now, call 999\./, /National Gas Emergency Service: phone 0800 111 999[\s\S]*that's an insurance claim/]]],
    result: 'waiting',
    recorded: [['emergency', 'insurance_claim']],
  },
  {
    name: 'out of time is flagged for the details questions, not signposted',
    classifier: engine({ exclusions: ['out_of_time'] }),
    options: told('The council lost my housing application three years ago'),
    turns: [['begin', COMPLAINT, /isn't something our complaints process can deal with/], ['Make a complaint', /^$/]],
    result: {
      proceed: true,
      answers: settled({ text: 'The council lost my housing application three years ago', suggestedKind: 'complaint', kind: 'complaint', outOfTimeFlag: true, serviceAlreadyKnew: true, occurredOn: '2023-12-31', occurredPrecision: 'year', whenText: 'three years ago', classification: { confidence: 0.9, reasons: [] } }),
    },
  },
  {
    name: 'after a signpost, tapping "Yes, carry on" carries on without adding the button\'s words to what happened',
    options: told('I want compensation because a pothole on the high street burst my tyre, and nobody replied to my letters'),
    turns: [
      ['begin', CARRY_ON],
      ['Yes, carry on', COMPLAINT],
      ['Make a complaint', /^$/],
    ],
    result: {
      proceed: true,
      answers: expect.objectContaining({ text: 'I want compensation because a pothole on the high street burst my tyre, and nobody replied to my letters', kind: 'complaint' }),
    },
    recorded: [['insurance_claim']],
  },
  {
    name: 'after a signpost, saying how the council acted carries on, and what they said is kept and read',
    options: told('I want compensation because a pothole on the high street burst my tyre, and nobody replied to my letters'),
    turns: [
      ['begin', CARRY_ON],
      ['the council never answered my two letters about it', COMPLAINT],
      ['Make a complaint', /^$/],
    ],
    result: {
      proceed: true,
      answers: settled({
        text: 'I want compensation because a pothole on the high street burst my tyre, and nobody replied to my letters\nthe council never answered my two letters about it',
        suggestedKind: 'complaint',
        dissatisfied: true,
        serviceAreas: ['highways'],
        signposted: ['insurance_claim'],
        kind: 'complaint',
        reportedBefore: { before: true },
        serviceAlreadyKnew: true,
        outcomeWanted: expect.any(String),
      }),
    },
    recorded: [['insurance_claim']],
  },
  {
    name: '"Yes ..." accepts the suggestion, and the words after it are kept and read',
    options: told(STREETLIGHT),
    turns: [['begin', REPORT], ['Yes, I reported it twice already', /^$/]],
    result: {
      proceed: true,
      answers: settled({ text: `${STREETLIGHT}\nI reported it twice already`, suggestedKind: 'service_request', serviceAreas: [...PAVEMENT], kind: 'service_request', reportedBefore: { before: true, times: 2 }, location: '9 Park Lane' }),
    },
  },
  {
    name: 'told us before in the first message: a complaint is suggested, not a first report',
    options: told(`${STREETLIGHT} and I have reported it twice`),
    turns: [['begin', COMPLAINT, /Reporting a problem asks us to fix something for the first time\..*\[Report a problem so we can put it right\] \[Make a complaint\]/s], ['yes', /^$/]],
    result: {
      proceed: true,
      answers: settled({ text: `${STREETLIGHT} and I have reported it twice`, suggestedKind: 'complaint', serviceAreas: [...PAVEMENT], kind: 'complaint', reportedBefore: { before: true, times: 2 }, serviceAlreadyKnew: true, location: '9 Park Lane' }),
    },
  },
  {
    name: 'a description typed instead of a choice is thought about again once; the next one counts as a try',
    options: told('my bin wasnt emptied'),
    turns: [
      ['begin', REPORT],
      ['and this is the fourth week running, I have phoned three times and nobody has done anything', COMPLAINT, RETRY],
      ['nobody has done anything at all about it and I am fed up', [COMPLAINT, RETRY]],
      ['Make a complaint', /^$/],
    ],
    result: {
      proceed: true,
      answers: settled({
        // The second description is not added: it was a failed try at choosing.
        text: 'my bin wasnt emptied\nand this is the fourth week running, I have phoned three times and nobody has done anything',
        suggestedKind: 'complaint',
        dissatisfied: true,
        serviceAreas: ['waste_recycling'],
        kind: 'complaint',
        reportedBefore: { before: true, times: 3 },
        serviceAlreadyKnew: true,
      }),
    },
  },
  {
    name: 'three answers it cannot understand offer a person, and the question can still be answered',
    options: told('The grass on the verge on Oak Avenue has not been cut'),
    turns: [
      ['begin', REPORT],
      ['purple', RETRY, /talk to a person/],
      ['banana', RETRY, /talk to a person/],
      ['seventeen elephants', [/Would you like to talk to a person instead\?/, /contact the council's complaints team/]],
      ['Report a problem so we can put it right', /^$/],
    ],
    result: {
      proceed: true,
      answers: settled({ text: 'The grass on the verge on Oak Avenue has not been cut', suggestedKind: 'service_request', serviceAreas: expect.any(Array), kind: 'service_request', location: 'Oak Avenue' }),
    },
  },
  {
    name: 'a first complaint is offered the quicker route of a report, and taking it makes it a report',
    options: told(STREETLIGHT),
    turns: [['begin', REPORT], ['Make a complaint', FIRST_TIME], ["Yes, it's the first time", FIRST_REPORT], ['Report it so it gets fixed', /^$/]],
    result: {
      proceed: true,
      answers: settled({ text: STREETLIGHT, suggestedKind: 'service_request', serviceAreas: [...PAVEMENT], kind: 'service_request', reportedBefore: { before: false }, serviceAlreadyKnew: false, location: '9 Park Lane' }),
    },
  },
  {
    name: 'a first complaint offered a report can stay a complaint',
    options: told(STREETLIGHT),
    turns: [['begin', REPORT], ['Make a complaint', FIRST_TIME], ["Yes, it's the first time", FIRST_REPORT], ['Make a complaint anyway', /^$/]],
    result: {
      proceed: true,
      answers: settled({ text: STREETLIGHT, suggestedKind: 'service_request', serviceAreas: [...PAVEMENT], kind: 'complaint', reportedBefore: { before: false }, serviceAlreadyKnew: false, location: '9 Park Lane' }),
    },
  },
  {
    name: 'told before, by the button: a complaint the service already knew about, no report offered',
    options: told(STREETLIGHT),
    turns: [['begin', REPORT], ['Make a complaint', FIRST_TIME], ["No, I've told you before", /^$/]],
    result: {
      proceed: true,
      answers: settled({ text: STREETLIGHT, suggestedKind: 'service_request', serviceAreas: [...PAVEMENT], kind: 'complaint', reportedBefore: { before: true }, serviceAlreadyKnew: true, location: '9 Park Lane' }),
    },
  },
  {
    name: 'their own words win over the button ("Yes, I\'ve told you twice")',
    options: told(STREETLIGHT),
    turns: [['begin', REPORT], ['Make a complaint', FIRST_TIME], ["Yes, I've told you twice", /^$/, FIRST_REPORT]],
    result: {
      proceed: true,
      answers: settled({ text: STREETLIGHT, suggestedKind: 'service_request', serviceAreas: [...PAVEMENT], kind: 'complaint', reportedBefore: { before: true, times: 2 }, serviceAlreadyKnew: true, location: '9 Park Lane' }),
    },
  },
  {
    name: 'known from the options not to have told us before: not asked again, the report offered at once',
    options: told(STREETLIGHT, { reportedBefore: { before: false } }),
    turns: [['begin', REPORT], ['Make a complaint', FIRST_REPORT, FIRST_TIME], ['Make a complaint anyway', /^$/]],
    result: {
      proceed: true,
      answers: settled({ text: STREETLIGHT, suggestedKind: 'service_request', serviceAreas: [...PAVEMENT], kind: 'complaint', reportedBefore: { before: false }, serviceAlreadyKnew: false, location: '9 Park Lane' }),
    },
  },
];

describe('triage dialog', () => {
  test.each(rows)('$name', async (row) => {
    const recorded: { intake: string; routes: RouteId[]; channel: string; at: Date }[] = [];
    const dialog = new TriageDialog({ pack, clock, classifier: row.classifier ?? new OfflineClassifier(), signposts: { record: async (r) => void recorded.push(r) } });
    await runRow(dialog, row);
    // Each signposting is counted once for the annual report, against the intake, with no personal data.
    expect(recorded).toEqual((row.recorded ?? []).map((routes) => ({ intake: 'intake-1', routes, channel: 'directline', at: NOW })));
  });
});
