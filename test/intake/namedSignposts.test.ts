/**
 * Signposts that follow what the message says: the body it names (the NHS for a GP surgery, the
 * water company for a sewer), not the pack's general "another organisation" contact; and a request
 * to make (an FOI request) sent to the council, with the ICO only for one handled badly. Through
 * the real dialogs and classifier.
 */
import { Database } from '../../services/database/database';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness } from './harness';
import { casesFor } from './cases';
import { namedSignpost } from '../../services/signposting/namedBodies';
import { loadPack } from '../../services/policy';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('intake_named_signposts');
});
afterAll(() => dropTestDb(db));

async function firstReply(council: string, text: string): Promise<string> {
  const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, council), council });
  await h.join();
  return (await h.say(text)).join('\n');
}

test('a GP surgery is signposted to the NHS, not to the county council', async () => {
  const reply = await firstReply('oadby-wigston', 'My GP surgery keeps cancelling my appointments and the receptionist was rude to me');
  expect(reply).toMatch(/run by the NHS, not the council/);
  expect(reply).toMatch(/NHS 111 \(urgent medical help\): phone 111/);
  expect(reply).toMatch(/Parliamentary and Health Service Ombudsman: phone 0345 015 4033/);
  expect(reply).not.toMatch(/Leicestershire County Council/);
});

test('asking how to make an FOI request points to the council, with the ICO only for a request handled badly', async () => {
  const reply = await firstReply('oadby-wigston', 'How do I make a freedom of information request about the bin collection contract?');
  expect(reply).toMatch(/You can make a Freedom of Information request, or ask for the personal information we hold about you, by writing to Oadby & Wigston Borough Council/);
  expect(reply).toMatch(/within 20 working days/);
  expect(reply.indexOf("Information Commissioner's Office:")).toBeGreaterThan(reply.indexOf('by writing to'));
});

test('an FOI request that was never answered still goes to the ICO, as the pack says', async () => {
  const reply = await firstReply('oadby-wigston', 'I sent a freedom of information request three months ago and have never had a reply');
  expect(reply).toMatch(/the Information Commissioner's Office \(ICO\) deals with that/);
  expect(reply).not.toMatch(/You can make a Freedom of Information request/);
});

test.each([
  ['The sewer outside my house is overflowing again', /Consumer Council for Water/],
  ['My electricity supplier has doubled my bill', /Energy Ombudsman/],
  ['My housing association has ignored the leak for months', /Housing Ombudsman Service/],
  ['The dentist refused to see my son', /NHS 111/],
])('another organisation named in "%s" gets its own contact', (text, contact) => {
  const sp = namedSignpost('other_organisation', text, loadPack('oadby-wigston'));
  expect([sp?.contact.name, ...(sp?.more ?? []).map((c) => c.name)].join(' ')).toMatch(contact);
});

test('a message that names no body keeps the pack\'s own signpost', () => {
  expect(namedSignpost('other_organisation', 'The bus shelter roof is leaking', loadPack('oadby-wigston'))).toBeNull();
});
