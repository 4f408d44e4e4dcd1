/** Support needs alone: each need noted once, an interpreter's language, a person at risk, and "nothing". */
import { AdjustmentsDialog, AdjustmentsOptions, AdjustmentsResult } from '../../dialogs/adjustmentsDialog';
import { pack, Row, runRow } from './support';

const none: AdjustmentsOptions = { known: { adjustments: [] } };
const ASK = /Is there anything that would make it easier for you to deal with us\?.*\[No, nothing needed\].*\[Someone is at risk\]/s;
const AGAIN = /Thanks, I've noted that\. Is there anything else\?/;

const rows: Row<AdjustmentsOptions, AdjustmentsResult>[] = [
  {
    name: 'nothing needed',
    options: none,
    turns: [['begin', ASK], ['No, nothing needed', /^$/]],
    result: { answers: { adjustments: [], adjustmentsAsked: true } },
  },
  {
    name: 'an interpreter and large print, each asked about once',
    options: none,
    turns: [
      ['begin', ASK],
      ['An interpreter', /Which language would you like an interpreter for\?/],
      ['Polish', AGAIN],
      ['large print', AGAIN],
      ['Large print or easy read', AGAIN],
      ['no thanks', /^$/],
    ],
    result: { answers: { adjustments: ['interpreter', 'large_print'], adjustmentNotes: 'Interpreter: Polish', adjustmentsAsked: true } },
  },
  {
    name: 'someone at risk: told what to do now, and what they add is kept',
    options: none,
    turns: [
      ['begin', ASK],
      ['Someone is at risk', [/call 999/, /tell us a little about the risk.*\[Skip\]/s]],
      ['She is 90 and lives alone', AGAIN],
      ['No, nothing needed', /^$/],
    ],
    result: { answers: { adjustments: [], vulnerable: true, vulnerabilityNotes: 'She is 90 and lives alone', adjustmentsAsked: true } },
  },
  {
    name: 'at risk, skipping the details',
    options: none,
    turns: [['begin', ASK], ['at risk', /call 999/], ['Skip', AGAIN], ['none', /^$/]],
    result: { answers: { adjustments: [], vulnerable: true, adjustmentsAsked: true } },
  },
  {
    name: 'an answer that is none of the options is asked again, and after three tries a person is offered',
    options: none,
    turns: [
      ['begin', ASK],
      ['purple', /Please choose one of the options/],
      ['elephant', /Please choose one of the options/, /talk to a person/],
      ['zebra', [/Would you like to talk to a person instead\?/, /contact the council's complaints team/]],
      ['3', AGAIN],
      ['No, nothing needed', /^$/],
    ],
    result: { answers: { adjustments: ['phone_instead_of_writing'], adjustmentsAsked: true } },
  },
  {
    name: 'what was noted before is kept',
    options: { known: { adjustments: ['someone_to_help'], adjustmentNotes: 'Interpreter: Urdu', adjustmentsAsked: true } },
    turns: [['begin', ASK], ['An interpreter', /Which language/], ['Punjabi', AGAIN], ['No, nothing needed', /^$/]],
    result: { answers: { adjustments: ['someone_to_help', 'interpreter'], adjustmentNotes: 'Interpreter: Urdu; Interpreter: Punjabi', adjustmentsAsked: true } },
  },
];

describe('adjustments dialog', () => {
  test.each(rows)('$name', async (row) => {
    await runRow(new AdjustmentsDialog({ pack }), row);
  });
});
