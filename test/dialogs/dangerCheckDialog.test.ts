/** The danger question alone: yes, no, and anything else (a no whose words are kept), by button, number or words. */
import { DangerCheckDialog, DangerCheckOptions, DangerCheckResult, readDangerAnswer } from '../../dialogs/dangerCheckDialog';
import { pack, Row, runRow } from './support';

const emergency: DangerCheckOptions = { known: {}, routes: ['emergency'] };
const police: DangerCheckOptions = { known: {}, routes: ['police_matter'] };
const ASK = /^Before we go on: is anyone in danger, or is a crime happening, right now\? \[Yes\] \[No\]$/;
const NOTED = /Thank you, I've added that to what you've told us\./;

const rows: Row<DangerCheckOptions, DangerCheckResult>[] = [
  {
    name: 'Yes: the routes asked about, answered yes; nothing more said',
    options: emergency,
    turns: [['begin', ASK], ['Yes', /^$/]],
    result: { answers: { dangerAnswer: { routes: ['emergency'], answer: 'yes' } } },
  },
  {
    name: 'No: carried on with nothing added',
    options: police,
    turns: [['begin', ASK], ['No', /^$/]],
    result: { answers: { dangerAnswer: { routes: ['police_matter'], answer: 'no' } } },
  },
  {
    name: 'a yes in words keeps what they added',
    options: emergency,
    turns: [['begin', ASK], ['yes, the water is at our front door now', /^$/, NOTED]],
    result: { answers: { dangerAnswer: { routes: ['emergency'], answer: 'yes' } }, moreDetail: 'yes, the water is at our front door now' },
  },
  {
    name: 'a no in words keeps what they added',
    options: emergency,
    turns: [['begin', ASK], ['no one is hurt, but the path is under water', /^$/]],
    result: { answers: { dangerAnswer: { routes: ['emergency'], answer: 'no' } }, moreDetail: 'no one is hurt, but the path is under water' },
  },
  {
    name: 'anything else is a no, with the words kept and the resident told so (never "choose one of the options")',
    options: police,
    turns: [['begin', ASK], ["I'm not sure, he comes most nights around 11", NOTED, /choose one of the options/]],
    result: { answers: { dangerAnswer: { routes: ['police_matter'], answer: 'other' } }, moreDetail: "I'm not sure, he comes most nights around 11" },
  },
];

describe('danger check dialog', () => {
  test.each(rows)('$name', async (row) => {
    await runRow(new DangerCheckDialog({ pack }), row);
  });

  test.each([
    ['1', 'yes'],
    ['2', 'no'],
    ['YES.', 'yes'],
    ['yeah', 'yes'],
    ['nope', 'no'],
    ['not right now', 'no'],
    ['maybe', 'other'],
    ['yes but not right now', 'other'],
  ] as const)('"%s" reads as %s', (typed, answer) => {
    expect(readDangerAnswer(typed).answer).toBe(answer);
  });
});
