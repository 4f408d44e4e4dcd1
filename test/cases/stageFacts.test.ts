/**
 * A complaint answered without ever being acknowledged (possible before that was required) must
 * count against the Code's acknowledgement timescale in the annual report and self-assessment,
 * not drop out of it and leave the figure looking better than it was.
 */
import type { StatsEntry } from '../../models/caseProjections';
import { createCaseRules } from '../../services/cases/rules';
import { stageFacts, type FoldContext } from '../../services/reports/stageFacts';

const rules = createCaseRules({ council: 'default' });
const ctx: FoldContext = { calendar: rules.calendar, pack: rules.pack, inPeriod: (fq) => fq === '2026-27 Q3' };

function entry(acknowledgedOn: string | null): StatsEntry {
  const s1 = { receivedFq: '2026-27 Q3', ackFq: acknowledgedOn ? '2026-27 Q3' : null, respondedFq: '2026-27 Q3', ackOnTime: acknowledgedOn ? 1 : 0, onTime: 1, workingDays: 8, decision: 'upheld' };
  return { stats: { s1 }, governance: { sr: null, s1: ['2026-11-02', acknowledgedOn, '2026-11-12', '2026-11-16', '2026-11-16', 0], s2: null, signposted: [] } } as unknown as StatsEntry;
}

test('answered without an acknowledgement: the Code acknowledgement was missed', () => {
  expect(stageFacts(entry(null), 's1', ctx)).toMatchObject({ acknowledged: false, ackWithinCode: false, responded: true });
});

test('acknowledged in three working days: within the Code', () => {
  expect(stageFacts(entry('2026-11-05'), 's1', ctx)).toMatchObject({ acknowledged: true, ackWithinCode: true });
});
