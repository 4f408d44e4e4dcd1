/** The contact question alone: name and a way to reply in one answer, by post, anonymity where allowed, and bad details. */
import { ContactDialog, ContactOptions, ContactResult } from '../../dialogs/contactDialog';
import { loadPack } from '../../services/policy';
import { clock, pack, Row, runRow } from './support';

const ASK = /How can we contact you about this\? Please type your name and an email address or phone number\./;
const complaint: ContactOptions = { known: { kind: 'complaint' } };

const rows: Row<ContactOptions, ContactResult>[] = [
  {
    name: 'name and email in one answer',
    options: complaint,
    turns: [['begin', [ASK, /\[By post instead\]/], /Stay anonymous/], ['Jane Smith, jane.smith@example.org', /^$/]],
    result: { answers: { anonymous: false, contact: { name: 'Jane Smith', email: 'jane.smith@example.org', preferredContact: 'email' } } },
  },
  {
    name: 'a name alone, then the way to reach them; the name is not asked again',
    options: complaint,
    turns: [['begin', ASK], ['Tom Morgan', /Thanks, Tom Morgan\. What email address or phone number/], ['07911 123456', /^$/]],
    result: { answers: { anonymous: false, contact: { name: 'Tom Morgan', phone: '+447911123456', preferredContact: 'phone' } } },
  },
  {
    name: 'a broken email address and a short phone number are refused, then the name is asked',
    options: complaint,
    turns: [
      ['begin', ASK],
      ['Ann Lee ann@example', /That email address doesn't look right/],
      ['0116 25', /That phone number doesn't look right/],
      ['ann.lee@example.org', /what's your name\?/],
      ['Ann Lee', /^$/],
    ],
    result: { answers: { anonymous: false, contact: { name: 'Ann Lee', email: 'ann.lee@example.org', preferredContact: 'email' } } },
  },
  {
    // One answer gives one way to reach them (services/intake/extract); a phone number from an earlier message is the other.
    name: 'an email now and a phone number said before: which they prefer',
    options: { known: { kind: 'complaint', contact: { phone: '+447911654321' } } },
    turns: [['begin', /Thanks, we'll use 07911 654321 to contact you about this\. What's your name\?/], ['Raj Patel raj@example.org', /How would you prefer us to contact you\?.*\[By email\] \[By phone\]/s], ['By phone', /^$/]],
    result: { answers: { anonymous: false, contact: { name: 'Raj Patel', email: 'raj@example.org', phone: '+447911654321', preferredContact: 'phone' } } },
  },
  {
    // An email typed to an earlier question is not asked for again: only the name is.
    name: 'an email given before: only the name is asked, and the name alone answers it',
    options: { known: { kind: 'complaint', contact: { email: 'jo@example.com' } } },
    turns: [['begin', /Thanks, we'll use jo@example\.com to contact you about this\. What's your name\?/, /type your name and an email/], ['Jo Bloggs', /^$/]],
    result: { answers: { anonymous: false, contact: { name: 'Jo Bloggs', email: 'jo@example.com', preferredContact: 'email' } } },
  },
  {
    name: 'by post: an address without a postcode is asked again',
    options: complaint,
    turns: [
      ['begin', ASK],
      ['By post instead', /What address should we write to\?/],
      ['12 High Street, Leicester', /I couldn't find a postcode/],
      ['By post instead', /What address should we write to/],
      ['12 High Street, Leicester LE1 5YA', /what's your name\?/],
      ['Mary Jones', /^$/],
    ],
    result: { answers: { anonymous: false, contact: { name: 'Mary Jones', address: '12 High Street, Leicester LE1 5YA', postcode: 'LE1 5YA', preferredContact: 'post' } } },
  },
  {
    name: 'a refusal to give a number is not a name: the other ways are offered and the name stands',
    options: complaint,
    turns: [
      ['begin', ASK],
      ['Helen Rose', /Thanks, Helen Rose\. What email address or phone number/],
      ["I'd rather not give my number", /That's fine\. You can give an email address or a phone number, whichever you prefer, or choose By post instead/],
      ['helen.rose@example.com', /^$/],
    ],
    result: { answers: { anonymous: false, contact: { name: 'Helen Rose', email: 'helen.rose@example.com', preferredContact: 'email' } } },
  },
  {
    name: '"no" or a button\'s words typed at the question never replace the name or become one',
    options: complaint,
    turns: [
      ['begin', ASK],
      ['Give a comment or suggestion', /Please give an email address or a phone number/],
      ['Amy Jones', /Thanks, Amy Jones\./],
      ['no', /Thanks, Amy Jones\./],
      ['07911 123456', /^$/],
    ],
    result: { answers: { anonymous: false, contact: { name: 'Amy Jones', phone: '+447911123456', preferredContact: 'phone' } } },
  },
  {
    name: 'details given in earlier messages are not asked for',
    options: { known: { kind: 'complaint', contact: { name: 'Jo Bloggs', email: 'jo@example.org' } } },
    turns: [['begin', /^$/]],
    result: { answers: { contact: { name: 'Jo Bloggs', email: 'jo@example.org', preferredContact: 'email' } } },
  },
  {
    name: 'nobody said who it is for: the question says "or someone else", and says so in the result',
    options: { known: { kind: 'complaint', whoDeferred: true } },
    turns: [['begin', /If you're contacting us for someone else, tell us who they are too/], ['Sam Hill sam@example.org', /^$/]],
    result: { answers: { whoHinted: true, anonymous: false, contact: { name: 'Sam Hill', email: 'sam@example.org', preferredContact: 'email' } } },
  },
  {
    name: 'a compliment needs no details: "No reply needed"',
    options: { known: { kind: 'compliment' } },
    turns: [['begin', /If you would like us to be able to contact you.*\[No reply needed\]/s], ['No reply needed', /^$/]],
    result: { answers: { anonymous: true, contact: { preferredContact: 'none' } } },
  },
  {
    name: 'changing from the summary starts afresh',
    options: { known: { kind: 'complaint', contact: { name: 'Old Name', email: 'old@example.org', preferredContact: 'email' } }, changing: true },
    turns: [['begin', ASK], ['New Name new@example.org', /^$/]],
    result: { answers: { anonymous: false, contact: { name: 'New Name', email: 'new@example.org', preferredContact: 'email' } } },
  },
];

describe('contact dialog', () => {
  test.each(rows)('$name', async (row) => {
    await runRow(new ContactDialog({ pack, clock }), row);
  });

  // South Cambridgeshire's pack accepts anonymous complaints.
  const anonPack = loadPack('south-cambs-housing');
  test.each<Row<ContactOptions, ContactResult>>([
    {
      name: 'staying anonymous is explained and confirmed',
      options: complaint,
      turns: [['begin', /\[Stay anonymous\]/], ['Stay anonymous', /If you stay anonymous, we can't reply to you/], ['Yes, stay anonymous', /^$/]],
      result: { answers: { anonymous: true, contact: { preferredContact: 'none' } } },
    },
    {
      name: 'changing their mind about anonymity asks for details again',
      options: complaint,
      turns: [['begin', /\[Stay anonymous\]/], ['anonymous', /Do you want to stay anonymous\?/], ['No, give my details', ASK], ['Lee Chan lee@example.org', /^$/]],
      result: { answers: { anonymous: false, contact: { name: 'Lee Chan', email: 'lee@example.org', preferredContact: 'email' } } },
    },
  ])('$name', async (row) => {
    await runRow(new ContactDialog({ pack: anonPack, clock }), row);
  });
});
