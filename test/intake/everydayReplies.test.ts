/**
 * Yes and no as residents type them in chat ("yh", "nah thanks") are understood where a choice
 * means yes or no, and a refusal never tells them to "type its number" when the options are buttons.
 */
import { Database } from '../../services/database/database';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness } from './harness';
import { casesFor } from './cases';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('intake_everyday_replies');
});
afterAll(() => dropTestDb(db));

async function afterFirst(text: string): Promise<ReturnType<typeof createHarness>> {
  const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'oadby-wigston'), council: 'oadby-wigston' });
  await h.join();
  expect((await h.say(text)).join('\n')).toMatch(/Is that right/);
  return h;
}

test.each(['yh', 'ya', 'yup', 'yes please'])('"%s" to "Is that right?" accepts the suggestion', async (yes) => {
  const h = await afterFirst('my green bin on Brook Street in Wigston was not emptied this week');
  const reply = (await h.say(yes)).join('\n');
  expect(reply).not.toMatch(/Please choose one of the options|Is that right/);
});

test('something that is no option is asked again without "type its number"', async () => {
  const h = await afterFirst('my green bin on Brook Street in Wigston was not emptied this week');
  const reply = (await h.say('purple')).join('\n');
  expect(reply).not.toMatch(/type its number/);
});
