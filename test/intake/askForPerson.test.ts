/**
 * Asking for a person in everyday words ("can i speak to someone", "a real person please, not a
 * robot") gets the council's contact at any point, as "talk to a person" does; a description
 * that mentions speaking to someone is still a description.
 */
import { Database } from '../../services/database/database';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness } from './harness';
import { casesFor } from './cases';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('intake_ask_for_person');
});
afterAll(() => dropTestDb(db));

const harness = () => createHarness({ connection: db.connection, cases: casesFor(db.connection, 'south-derbyshire'), council: 'south-derbyshire' });

test.each(['I need to talk to a real person please, not a robot', 'can i speak to someone', 'Could I speak to an adviser please', 'is there someone i can talk to'])('"%s" as the first message gets the contact, not a guess at the type', async (text) => {
  const h = harness();
  await h.join();
  const reply = (await h.say(text)).join('\n');
  expect(reply).toMatch(/To talk to someone, contact/);
  expect(reply).not.toMatch(/It sounds like/);
});

test('mid-way, the request is answered and the question asked again, with nothing lost', async () => {
  const h = harness();
  await h.join();
  expect((await h.say('My green bin on Church Street in Melbourne was not emptied this week')).join('\n')).toMatch(/Is that right/);
  const reply = (await h.say('can i speak to someone')).join('\n');
  expect(reply).toMatch(/To talk to someone, contact[\s\S]*kept what you've told me so far[\s\S]*Is that right/);
});

test('"I tried to speak to someone three times and nobody answered" is a description, not a request for a person', async () => {
  const h = harness();
  await h.join();
  const reply = (await h.say('I tried to speak to someone three times about my missed bins and nobody answered')).join('\n');
  expect(reply).not.toMatch(/To talk to someone, contact/);
});
