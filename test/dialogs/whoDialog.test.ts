/** Who it is for, alone: for themselves, for someone who has agreed (and in writing, where the pack asks), or not yet. */
import type { Database } from '../../services/database/database';
import { EvidenceStore } from '../../services/evidence/evidenceStore';
import { loadPack } from '../../services/policy';
import { WhoDialog, WhoOptions, WhoResult } from '../../dialogs/whoDialog';
import { dropTestDb, openTestDb } from '../support/testDb';
import { clock, pack, png, Row, runRow } from './support';

let db: Database;
let evidence: EvidenceStore;
beforeAll(async () => {
  db = await openTestDb('dialogs-who');
  evidence = new EvidenceStore(db.connection);
});
afterAll(() => dropTestDb(db));

const ASK = /Are you contacting us for yourself, or for someone else\?.*\[For myself\] \[For someone else\]/s;
const CONSENT = /Has this person agreed to you acting for them.*\[Yes, they have agreed\] \[No, not yet\]/s;
const fresh: WhoOptions = { known: { evidence: [] } };
const self = { forSomeoneElse: false, representative: undefined, residentName: undefined, evidence: [] };

const rows: Row<WhoOptions, WhoResult>[] = [
  {
    name: 'nothing said and the question can wait: left to the contact question, no turn taken',
    options: { ...fresh, deferrable: true },
    turns: [['begin', /^$/]],
    result: { proceed: true, answers: { whoDeferred: true, evidence: [] } },
  },
  { name: 'for themselves', options: fresh, turns: [['begin', ASK], ['For myself', /^$/]], result: { proceed: true, answers: self } },
  {
    name: 'for someone else: their name and how they are connected in one answer, then consent',
    options: fresh,
    turns: [
      ['begin', ASK],
      ['For someone else', /What's the name of the person you're contacting us for, and how are you connected to them\?/],
      ["Mary Jones, I'm her daughter", CONSENT],
      ['Yes, they have agreed', /^$/],
    ],
    result: { proceed: true, answers: { forSomeoneElse: true, residentName: 'Mary Jones', representative: { role: 'family', relationship: 'daughter', theirRelation: 'mother', consentConfirmed: true, authorisation: 'not_required' }, evidence: [] } },
  },
  {
    name: 'what their words already said ("my mum, Margaret Morgan") is not asked again',
    options: { known: { evidence: [], represents: { cue: 'strong', yours: 'son', theirs: 'mother', name: 'Margaret Morgan' } } },
    turns: [['begin', CONSENT], ['maybe', [/Please choose one of the options/, CONSENT]], ['yes', /^$/]],
    result: { proceed: true, answers: { forSomeoneElse: true, residentName: 'Margaret Morgan', representative: { role: 'family', relationship: 'son', theirRelation: 'mother', consentConfirmed: true, authorisation: 'not_required' }, evidence: [] } },
  },
  {
    name: '"my nan reported it" only mentions nan: nobody is presumed represented, the contact question asks',
    options: { known: { evidence: [], represents: { cue: 'weak', theirs: 'nan' } }, deferrable: true },
    turns: [['begin', /^$/]],
    result: { proceed: true, answers: { whoDeferred: true, evidence: [] } },
  },
  {
    name: 'a mention, when it cannot wait: the neutral question, not "are you contacting us for your nan?"',
    options: { known: { evidence: [], represents: { cue: 'weak', theirs: 'nan' } } },
    turns: [['begin', ASK], ['For myself', /^$/]],
    result: { proceed: true, answers: self },
  },
  {
    name: 'for their child under 16: no consent question (the parent acts for them)',
    options: { known: { evidence: [], text: "I'm writing for my son, he's 10", represents: { cue: 'strong', theirs: 'son', yours: 'parent' } } },
    turns: [['begin', /What's your son's name\?/], ['Tom Lee', /^$/, CONSENT]],
    result: { proceed: true, answers: { forSomeoneElse: true, residentName: 'Tom Lee', representative: { role: 'family', relationship: 'parent', theirRelation: 'son', consentConfirmed: true, authorisation: 'not_required' }, evidence: [] } },
  },
  {
    name: 'for their son of 17: asked to confirm he agreed',
    options: { known: { evidence: [], text: "I'm writing for my son, he's 17", represents: { cue: 'strong', theirs: 'son', yours: 'parent' } } },
    turns: [['begin', /What's your son's name\?/], ['Tom Lee', CONSENT], ['Yes, they have agreed', /^$/]],
    result: { proceed: true, answers: { forSomeoneElse: true, residentName: 'Tom Lee', representative: { role: 'family', relationship: 'parent', theirRelation: 'son', consentConfirmed: true, authorisation: 'not_required' }, evidence: [] } },
  },
  {
    name: 'someone who has not agreed yet: come back later, nothing goes further',
    options: { known: { evidence: [], represents: { cue: 'strong', theirs: 'neighbour', name: 'Bob Lane' } } },
    turns: [['begin', CONSENT], ['No, not yet', /We can only deal with this for someone else when they have agreed/], ["I'll come back later", /.+/]],
    result: { proceed: false, answers: { evidence: [] } },
  },
  {
    name: 'someone who has not agreed yet: told in their own name instead',
    options: { known: { evidence: [], represents: { cue: 'strong', theirs: 'neighbour', name: 'Bob Lane' } } },
    turns: [['begin', CONSENT], ['No, not yet', /Tell you in my own name/], ['Tell you in my own name', /^$/]],
    result: { proceed: true, answers: self },
  },
  {
    name: 'changing it from the summary asks afresh, whatever was said before',
    options: { known: { evidence: [], represents: { cue: 'strong', theirs: 'mother', name: 'Margaret Morgan' }, forSomeoneElse: true, residentName: 'Margaret Morgan' }, changing: true },
    turns: [['begin', ASK], ['For myself', /^$/]],
    result: { proceed: true, answers: self },
  },
];

describe('who dialog', () => {
  test.each(rows)('$name', async (row) => {
    await runRow(new WhoDialog({ pack, clock, evidence }), row);
  });

  // Leicester asks for the person's agreement in writing.
  const leicester = loadPack('leicester');
  const mum: WhoOptions = { known: { evidence: [], represents: { cue: 'strong', yours: 'son', theirs: 'mother', name: 'Margaret Morgan' } } };
  const rep = (authorisation: 'provided' | 'pending') => ({ role: 'family', relationship: 'son', theirRelation: 'mother', consentConfirmed: true, authorisation });
  test.each<Row<WhoOptions, WhoResult>>([
    {
      name: 'written agreement attached: kept as an authorisation file',
      options: mum,
      turns: [['begin', CONSENT], ['Yes, they have agreed', /also needs their agreement in writing/], [{ attach: [png('consent.png')] }, /Thank you, I've added their written agreement/]],
      result: {
        proceed: true,
        answers: { forSomeoneElse: true, residentName: 'Margaret Morgan', representative: rep('provided'), evidence: [{ fileId: expect.any(String), filename: 'consent.png', contentType: 'image/png', size: expect.any(Number), purpose: 'authorisation' }] },
      } as WhoResult,
    },
    {
      name: 'written agreement to follow: recorded as pending',
      options: mum,
      turns: [['begin', CONSENT], ['Yes, they have agreed', /also needs their agreement in writing/], ["I'll send it later", /written agreement is still to come/]],
      result: { proceed: true, answers: { forSomeoneElse: true, residentName: 'Margaret Morgan', representative: rep('pending'), evidence: [] } } as WhoResult,
    },
    {
      name: 'the question offers a button to send it later, and "I don\'t have it" means later',
      options: mum,
      turns: [['begin', CONSENT], ['Yes, they have agreed', /also needs their agreement in writing.*\[I'll send it later\]/s], ["I don't have it", /written agreement is still to come/]],
      result: { proceed: true, answers: { forSomeoneElse: true, residentName: 'Margaret Morgan', representative: rep('pending'), evidence: [] } } as WhoResult,
    },
    {
      name: 'something else typed: one short reminder, then recorded as to come, never the same text again and again',
      options: mum,
      turns: [['begin', CONSENT], ['Yes, they have agreed', /also needs their agreement in writing/], ['she signed a letter', /Please attach the written agreement as a photo or file, or choose "I'll send it later"/], ['what letter', /written agreement is still to come/]],
      result: { proceed: true, answers: { forSomeoneElse: true, residentName: 'Margaret Morgan', representative: rep('pending'), evidence: [] } } as WhoResult,
    },
  ])('$name', async (row) => {
    await runRow(new WhoDialog({ pack: leicester, clock, evidence }), row);
  });
});
