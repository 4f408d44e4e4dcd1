/** Photos and documents alone: files stored in the real evidence store (GridFS on the test database), refused files, the limit. */
import { EvidenceDialog, EvidenceOptions, EvidenceResult } from '../../dialogs/evidenceDialog';
import type { Database } from '../../services/database/database';
import { EvidenceStore } from '../../services/evidence/evidenceStore';
import { dropTestDb, openTestDb } from '../support/testDb';
import { pack, PNG, png, Row, runRow } from './support';

let db: Database;
let evidence: EvidenceStore;
beforeAll(async () => {
  db = await openTestDb('dialogs-evidence');
  evidence = new EvidenceStore(db.connection, { maxBytes: 1024 * 1024, allowedTypes: ['image/png', 'image/jpeg', 'application/pdf'] });
});
afterAll(() => dropTestDb(db));

const ASK = /Do you have any photos or documents that show what happened\?.*\[Skip\]/s;
const stored = (filename: string, purpose: 'evidence' | 'authorisation' = 'evidence') => ({ fileId: expect.any(String), filename, contentType: 'image/png', size: expect.any(Number), purpose });
const nothing: EvidenceOptions = { known: { evidence: [] } };
const exe = { contentType: 'application/octet-stream', name: 'run.exe', contentUrl: `data:application/octet-stream;base64,${Buffer.from('MZ\x90\x00\x03\x00\x00\x00').toString('base64')}` };

const rows: Row<EvidenceOptions, EvidenceResult>[] = [
  { name: 'skipped', options: nothing, turns: [['begin', ASK], ['Skip', /^$/]], result: { answers: { evidence: [], evidenceAsked: true } } },
  {
    name: 'two photos, then done',
    options: nothing,
    turns: [
      ['begin', ASK],
      [{ attach: [png('front.png')] }, /Thanks, I've added front\.png\. Attach another, or choose Done\..*\[Done\]/s],
      [{ attach: [png('back.png')] }, /I've added back\.png/],
      ['Done', /^$/],
    ],
    result: { answers: { evidence: [stored('front.png'), stored('back.png')], evidenceAsked: true } },
  },
  {
    name: 'text that is not a file is asked again',
    options: nothing,
    turns: [['begin', ASK], ['it is on my phone', /Please attach a file using the paperclip button, or choose Skip/], ['no', /^$/]],
    result: { answers: { evidence: [], evidenceAsked: true } },
  },
  {
    name: 'words instead of a file twice: the resident is told how to send one later and the intake goes on',
    options: nothing,
    turns: [
      ['begin', ASK],
      ['it is on my phone', /Please attach a file/],
      ["I'll take one tomorrow", /^No problem\. You can send photos or documents later by quoting your reference\.$/],
    ],
    result: { answers: { evidence: [], evidenceAsked: true } },
  },
  {
    name: 'contact details typed instead of a file are thanked for, and no file is asked for again',
    options: nothing,
    turns: [['begin', ASK], ['my email is jo@example.com', /^Thanks, I've noted your contact details\.$/]],
    result: { answers: { evidence: [], evidenceAsked: true } },
  },
  {
    name: 'a file of the wrong type or too big is refused by name, and nothing is kept of it',
    options: nothing,
    turns: [
      ['begin', ASK],
      [{ attach: [exe] }, [/Sorry, I can't accept run\.exe\. I can take/, ASK]],
      [{ attach: [png('huge.png', Buffer.concat([PNG, Buffer.alloc(1100 * 1024)]))] }, [/Sorry, huge\.png is too big\. Each file must be under 1 MB/, ASK]],
      ['Skip', /^$/],
    ],
    result: { answers: { evidence: [], evidenceAsked: true } },
  },
  {
    name: 'a letter of authority already given stays, and the limit counts only evidence',
    options: { known: { evidence: [{ fileId: 'a1', filename: 'letter.png', contentType: 'image/png', size: 10, purpose: 'authorisation' }] } },
    turns: [['begin', ASK], [{ attach: [png('damp.png')] }, /I've added damp\.png/], ['Done', /^$/]],
    result: { answers: { evidence: [{ fileId: 'a1', filename: 'letter.png', contentType: 'image/png', size: 10, purpose: 'authorisation' }, stored('damp.png')], evidenceAsked: true } },
  },
];

describe('evidence dialog', () => {
  test.each(rows)('$name', async (row) => {
    await runRow(new EvidenceDialog({ pack, evidence, maxEvidenceFiles: 10 }), row);
  });

  test('at the most files it can take, it says so and ends', async () => {
    await runRow(new EvidenceDialog({ pack, evidence, maxEvidenceFiles: 1 }), {
      name: 'limit',
      options: nothing,
      turns: [['begin', ASK], [{ attach: [png('one.png')] }, /You've added the most files I can take here \(1\)/]],
      result: { answers: { evidence: [stored('one.png')], evidenceAsked: true } },
    });
  });
});
