/**
 * The card and the action handler agree, through the real bot and database. Cases are put in
 * states where every staff action shows; each card is the one a refresh invoke returns, and each
 * form's inputs (ids, maxLength, isRequired) are read from that card JSON and sent back in invokes:
 *  - every verb the handler knows shows on some card, and every verb a card shows is one it knows;
 *  - a form filled in (the version left wrong, so nothing applies) has no problem but the version;
 *  - a text at its card limit is taken, one character more is refused with that limit;
 *  - leaving out a field the card requires is refused (by the handler, or by the case service, with
 *    nothing changed); leaving out every optional one is not.
 * Then the ombudsman-referral rule: the card offers it exactly where pressing it records a
 * referral, and the case service's own command agrees.
 */
import { STAFF_VERBS } from '../../services/staffActions/registry';
import { cardAction, person, post, TENANT } from './support/activities';
import { openCase, startTeamsTestApp, TeamsTestApp } from './support/app';
import { cardActions, cardProblems, cardText } from './support/cards';
import { FakeTeams, startFakeTeams } from './support/teamsChannel';

const manager = person('Alex Jones', '00000000-0000-4000-8000-0000000000a9');
const investigator = person('Sam Patel', '00000000-0000-4000-8000-0000000000b9');
const reviewer = person('Priya Shah', '00000000-0000-4000-8000-0000000000c9');

type Json = Record<string, any>;
interface Form {
  verb: string;
  data: Record<string, unknown>;
  inputs: Json[];
}

/** Every Action.Execute on the card with the inputs it sends: its ShowCard's (associatedInputs auto), or none. */
function formsOf(card: Json): Form[] {
  const out: Form[] = [];
  const walk = (node: unknown, inputs: Json[]): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inputs));
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if (o.type === 'Action.Execute') out.push({ verb: o.verb, data: o.data, inputs });
    if (o.type === 'Action.ShowCard') {
      const own = (o.card.body as Json[]).filter((e) => typeof e.type === 'string' && e.type.startsWith('Input.'));
      return walk(o.card.actions, own);
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v, inputs);
  };
  walk(card.body, []);
  return out;
}

const isEmail = (input: Json) => /email/i.test(input.label ?? '');
/** A value a person could enter in the input. */
function filled(input: Json): string {
  switch (input.type) {
    case 'Input.Text':
      return isEmail(input) ? 'cllr.reid@example.org' : 'Looked into it.';
    case 'Input.Date':
      return '2030-01-02';
    case 'Input.ChoiceSet':
      return input.choices[0].value;
    case 'Input.Toggle':
      return input.valueOff;
    default:
      throw new Error(`an input the test does not know: ${input.type}`);
  }
}
const ofLength = (input: Json, n: number) => (isEmail(input) ? `${'a'.repeat(n - '@example.org'.length)}@example.org` : 'a'.repeat(n));

describe('staff actions: the card and the handler agree', () => {
  let t: TeamsTestApp;
  let teams: FakeTeams;
  const seen: unknown[] = [];
  const actor = (p: typeof manager) => ({ id: p.aadObjectId, name: p.name, role: 'staff' as const });
  let n = 0;
  const cmd = () => `actions-test-${Date.now()}-${++n}`;

  beforeAll(async () => {
    teams = await startFakeTeams();
    // South Derbyshire: a stage 2 review, and councillors can be copied in, so every action can show.
    t = await startTeamsTestApp('teams_actions', { TEAMS_TENANT_ID: TENANT, COUNCIL: 'south-derbyshire' });
    await t.app.teams.staff.grant({ aadObjectId: manager.aadObjectId, name: manager.name, teamsUserId: manager.id }, 'manager');
    await t.app.teams.staff.grant({ aadObjectId: investigator.aadObjectId, name: investigator.name, teamsUserId: investigator.id }, 'investigator');
    await t.app.teams.staff.grant({ aadObjectId: reviewer.aadObjectId, name: reviewer.name, teamsUserId: reviewer.id }, 'reviewer');
  });
  afterAll(async () => {
    for (const card of seen) expect(cardProblems(card)).toEqual([]);
    await t?.close();
    await teams?.close();
  });

  async function press(verb: string, data: Record<string, unknown>) {
    const res = await post(t.url, cardAction({ serviceUrl: teams.serviceUrl }, manager, verb, data));
    expect(res.status).toBe(200);
    seen.push(res.body.value);
    return { card: res.body.value as Json, text: cardText(res.body.value) };
  }
  const card = async (reference: string) => (await press('refreshCard', { reference })).card;
  const version = async (reference: string) => (await t.cases.getByReference(reference))!.version;
  /** The problems the card lists after "That could not be done:". */
  const problems = (text: string) => (/That could not be done:\n((?:- .*(?:\n|$))+)/.exec(text)?.[1] ?? '').split('\n').filter((l) => l.startsWith('- '));

  async function answered(reference: string) {
    await t.cases.acknowledge({ reference, commandId: cmd(), actor: actor(investigator) });
    await t.cases.respond({ reference, commandId: cmd(), actor: actor(investigator), decision: 'upheld', sameForEveryPoint: true, reasons: 'The crew missed it.', remedy: 'Collected the next day.' });
  }

  /** Cases in the states that between them show every action, and their cards as staff get them. */
  async function cards(): Promise<Array<{ reference: string; card: Json }>> {
    const pending = { name: 'Owen Morgan', role: 'family' as const, relationship: 'grandson', email: 'owen.morgan@example.org', consentConfirmed: true, authorisation: 'pending' as const };
    const fresh = await openCase(t.cases, { representative: pending });
    const acknowledged = await openCase(t.cases);
    await t.cases.acknowledge({ reference: acknowledged, commandId: cmd(), actor: actor(investigator) });
    const responded = await openCase(t.cases);
    await answered(responded);
    await t.cases.recordLearning({ reference: responded, commandId: cmd(), actor: actor(manager), theme: 'delay', detail: 'The route sheet was out of date.', action: { text: 'Brief the crews.', owner: { id: investigator.aadObjectId, name: investigator.name }, dueOn: '2030-01-02' } });
    const request = await openCase(t.cases, { kind: 'service_request' });
    const closed = await openCase(t.cases);
    await t.cases.close({ reference: closed, commandId: cmd(), actor: actor(manager), reason: 'withdrawn' });
    const out = [];
    for (const reference of [fresh, acknowledged, responded, request, closed]) out.push({ reference, card: await card(reference) });
    return out;
  }

  test('every verb the handler takes shows on a card, with limits and required fields the handler applies', async () => {
    const all = await cards();
    const forms = all.flatMap(({ reference, card }) => formsOf(card).map((f) => ({ ...f, reference })));
    const shown = new Set(forms.map((f) => f.verb));
    for (const { card } of all) expect(card.refresh.action.verb).toBe('refreshCard');
    expect([...shown].sort()).toEqual(STAFF_VERBS.filter((v) => v !== 'refreshCard').sort());

    const checked: string[] = [];
    for (const f of forms) {
      if (checked.includes(f.verb)) continue; // each verb once, from the first card that shows it
      checked.push(f.verb);
      const values = Object.fromEntries(f.inputs.map((i) => [i.id, filled(i)]));
      const wrongVersion = { ...f.data, version: 0 };
      const only = async (data: Record<string, unknown>) => problems((await press(f.verb, data)).text);

      // Filled in, the only problem is the version the test made wrong: the handler takes every input the card has.
      expect({ verb: f.verb, problems: await only({ ...wrongVersion, ...values }) }).toEqual({ verb: f.verb, problems: [expect.stringMatching(/./)] });

      for (const input of f.inputs.filter((i) => i.maxLength)) {
        const at = await only({ ...wrongVersion, ...values, [input.id]: ofLength(input, input.maxLength) });
        const over = await only({ ...wrongVersion, ...values, [input.id]: ofLength(input, input.maxLength + 1) });
        expect({ verb: f.verb, input: input.id, at: at.length, over: over.join(' ') }).toEqual({
          verb: f.verb,
          input: input.id,
          at: 1,
          over: expect.stringContaining(`at most ${input.maxLength} characters`),
        });
      }

      const required = f.inputs.filter((i) => i.isRequired);
      const optional = Object.fromEntries(f.inputs.filter((i) => !i.isRequired).map((i) => [i.id, '']));
      // Only what the card requires: the handler asks for nothing more.
      expect({ verb: f.verb, problems: (await only({ ...wrongVersion, ...values, ...optional })).length }).toEqual({ verb: f.verb, problems: 1 });
      for (const input of required) {
        const left = { ...values, [input.id]: '' };
        if ((await only({ ...wrongVersion, ...left })).length === 2) continue; // the handler refused it
        // The handler leaves this one to the case service, which refuses it and changes nothing.
        const before = await version(f.reference);
        const { text } = await press(f.verb, { ...f.data, ...left });
        expect({ verb: f.verb, input: input.id, version: await version(f.reference) }).toEqual({ verb: f.verb, input: input.id, version: before });
        expect(text).toMatch(/must state|could not be/);
      }
    }
    expect(checked.sort()).toEqual([...shown].sort());
  });

  test('a verb no card has is answered with the current card, and nothing changes', async () => {
    const reference = await openCase(t.cases);
    const before = await version(reference);
    const { text } = await press('deleteCase', { reference, version: before });
    expect(text).toContain('That button is from an older version of the app.');
    expect(await version(reference)).toBe(before);
  });

  test('the ombudsman referral: offered exactly where pressing it records one, and the case service agrees', async () => {
    const stage1 = await openCase(t.cases);
    const acknowledged = await openCase(t.cases);
    await t.cases.acknowledge({ reference: acknowledged, commandId: cmd(), actor: actor(investigator) });
    const responded = await openCase(t.cases);
    await answered(responded);
    const review = await openCase(t.cases);
    await answered(review);
    await t.cases.escalate({ reference: review, commandId: cmd(), actor: { id: 'resident', name: 'Resident', role: 'resident' } });
    const closed = await openCase(t.cases);
    await t.cases.close({ reference: closed, commandId: cmd(), actor: actor(manager), reason: 'duplicate' });
    const anonymised = await openCase(t.cases);
    await t.cases.close({ reference: anonymised, commandId: cmd(), actor: actor(manager), reason: 'withdrawn' });
    await t.cases.anonymise({ reference: anonymised, commandId: cmd(), actor: { id: 'system', name: 'Retention', role: 'system' }, reason: 'retention' });
    const request = await openCase(t.cases, { kind: 'service_request' });
    const comment = await openCase(t.cases, { kind: 'comment' });
    const withOmbudsman = await openCase(t.cases);
    await t.cases.referToOmbudsman({ reference: withOmbudsman, commandId: cmd(), actor: actor(manager) });

    // Any complaint, answered or not, open or closed, may go to the ombudsman (services/cases/transitions.ts).
    const expected: Array<[string, string, boolean]> = [
      ['a new complaint', stage1, true],
      ['an acknowledged complaint', acknowledged, true],
      ['an answered complaint', responded, true],
      ['a stage 2 review', review, true],
      ['a closed complaint', closed, true],
      ['an anonymised complaint', anonymised, false],
      ['a service request', request, false],
      ['a comment', comment, false],
      ['a case already with the ombudsman', withOmbudsman, false],
    ];
    const seenRule: Array<[string, boolean, boolean, boolean]> = [];
    for (const [name, reference] of expected) {
      const offered = cardActions(await card(reference)).some((a) => a.verb === 'referToOmbudsman');
      const before = await version(reference);
      // The command, in memory as the service runs it, says the same as the card before anything changes.
      const { stepRaw } = await import('../../services/cases/step');
      const record = await t.cases.store.load(reference);
      const byService = (() => {
        try {
          stepRaw('referToOmbudsman', record!, { reference, commandId: cmd(), actor: actor(manager) }, t.cases.rules, new Date());
          return true;
        } catch {
          return false;
        }
      })();
      const pressed = await press('referToOmbudsman', { reference, version: before, ombudsmanReference: 'LGSCO 26 001 234' });
      const recorded = (await version(reference)) === before + 1;
      if (recorded) expect((await t.cases.getByReference(reference))!.stage).toBe('ombudsman');
      else expect(pressed.text).toMatch(/can't be referred to the ombudsman|Only complaints go to the ombudsman|is with the ombudsman/);
      seenRule.push([name, offered, byService, recorded]);
    }
    expect(seenRule).toEqual(expected.map(([name, , allowed]) => [name, allowed, allowed, allowed]));
  });
});
