/**
 * The danger question's answer on the case (dialogs/dangerCheckDialog.ts asks it): kept when the
 * case is opened and through later commands, read as "not asked" on cases stored before it was
 * kept, and only ever an answer and routes from the vocabulary.
 */
import type { Database } from '../../services/database/database';
import { CaseInputError, type CaseService } from '../../services/cases';
import { caseModel } from '../../models/caseRecord';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, draft, officer, service, testClock } from './support';

let db: Database;
let cases: CaseService;
const clock = testClock('2026-03-02T10:00:00Z');

beforeAll(async () => {
  db = await openTestDb('cases_danger_answer');
  cases = service(db, { clock: clock.now, reminders: false });
});
afterAll(() => dropTestDb(db));

const stored = (reference: string) => db.connection.collection<{ _id: string }>('cases').findOne({ _id: reference });

describe('the danger answer on a case', () => {
  test('is stored when the case opens and kept through later commands', async () => {
    const { reference } = await cases.open(draft({ kind: 'service_request', dangerAnswer: { routes: ['police_matter'], answer: 'other' } }), { commandId: cmd('open') });
    expect(await stored(reference)).toMatchObject({ dangerAnswer: { routes: ['police_matter'], answer: 'other' } });
    await cases.acknowledge({ reference, commandId: cmd(), actor: officer });
    expect((await cases.getByReference(reference))!.dangerAnswer).toEqual({ routes: ['police_matter'], answer: 'other' });
  });

  test('is null when the question was not asked, and on a case stored before it was kept', async () => {
    const { reference } = await cases.open(draft({ kind: 'service_request' }), { commandId: cmd('open') });
    expect(await stored(reference)).toMatchObject({ dangerAnswer: null });
    await db.connection.collection<{ _id: string }>('cases').updateOne({ _id: reference }, { $unset: { dangerAnswer: '' } });
    await cases.acknowledge({ reference, commandId: cmd(), actor: officer });
    expect((await cases.getByReference(reference))!.dangerAnswer).toBeNull();
  });

  test('is refused outside the vocabulary, by the case service and by the mongoose schema', async () => {
    const bad = { routes: ['fire_brigade'], answer: 'maybe' } as never;
    await expect(cases.open(draft({ dangerAnswer: bad }), { commandId: cmd('open') })).rejects.toThrow(CaseInputError);
    const Case = caseModel(db.connection);
    const refused = new Case({ _id: 'OWBC-2026-000001', dangerAnswer: bad }).validateSync();
    expect(Object.keys(refused?.errors ?? {}).sort()).toEqual(['dangerAnswer.answer', 'dangerAnswer.routes.0']);
    expect(new Case({ _id: 'OWBC-2026-000001', dangerAnswer: { routes: ['emergency'], answer: 'yes' } }).validateSync()).toBeUndefined();
  });
});
