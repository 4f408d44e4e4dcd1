/**
 * A housing hazard end to end, through the real bot over /api/messages (local mode) on a real
 * database, for a council that is a landlord (Oadby & Wigston): what the resident is told at the
 * end, what the case holds, the banner on the card posted to the (stand-in) Teams triage channel,
 * and the queue order, read from the database.
 */
import type { CaseRecord } from '../../models/caseRecord';
import { QUEUE_SORT } from '../../services/cases/queries';
import { activity, FakeChannel, postActivity, startFakeChannel } from '../support/channel';
import { BOT, person, TEAM_ID, TENANT, TRIAGE_CHANNEL } from '../teams/support/activities';
import { openCase, startTeamsTestApp, TeamsTestApp } from '../teams/support/app';
import { cardProblems, cardsIn, cardText } from '../teams/support/cards';
import { FakeTeams, startFakeTeams } from '../teams/support/teamsChannel';

const manager = person('Alex Jones', '00000000-0000-4000-8000-0000000000a1');
const REF = /Your reference is (OWBC-\d{4}-\d{6})/;

/** What a resident would answer to each question, whatever order the intake asks them in. */
function answerTo(reply: string, buttons: string[]): string {
  const rules: Array<[RegExp, string]> = [
    [/here's what you've told us|check it, then send it/i, 'Send it'],
    [/record it for our repairs team/i, 'Yes, carry on'],
    [/for yourself, or for someone else/i, 'For myself'],
    [/name and an email|name and (a )?phone|how can we contact you/i, 'Jane Tenant, jane.tenant@example.org'],
    [/photos or documents/i, 'Skip'],
    [/easier for you/i, 'No, nothing needed'],
    [/first time you have told us/i, 'No'],
    [/where (is|was|did)|which address|what('s| is) the address/i, '12 Elm Road, Wigston, LE18 2AB'],
    [/when did/i, 'It started in October'],
    [/what would you like us to do/i, 'Get rid of the mould and stop it coming back'],
    [/is that right|sounds like/i, 'Yes'],
  ];
  for (const [re, answer] of rules) if (re.test(reply)) return answer;
  return buttons[0] ?? 'Yes';
}

describe('a housing hazard through the real bot', () => {
  let t: TeamsTestApp;
  let teams: FakeTeams;
  let channel: FakeChannel;

  beforeAll(async () => {
    teams = await startFakeTeams();
    channel = await startFakeChannel();
    t = await startTeamsTestApp('hazards_e2e', { TEAMS_TENANT_ID: TENANT, COUNCIL: 'oadby-wigston' });
    await t.app.teams.staff.grant({ aadObjectId: manager.aadObjectId, name: manager.name, teamsUserId: manager.id }, 'manager');
    await t.app.teams.registry.setTriageChannel(
      {
        tenantId: TENANT,
        teamId: TEAM_ID,
        channelId: TRIAGE_CHANNEL,
        reference: { channelId: 'msteams', serviceUrl: teams.serviceUrl, conversation: { id: TRIAGE_CHANNEL, isGroup: true, conversationType: 'channel', tenantId: TENANT }, bot: BOT },
      },
      manager.aadObjectId,
    );
  });
  afterAll(async () => {
    await t?.close();
    await teams?.close();
    await channel?.close();
  });

  /** Runs a whole intake from the first message; returns the reference and the last reply. */
  async function converse(first: string): Promise<{ reference: string; firstReply: string; last: string; sentAt: number }> {
    const conversationId = `hazard-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const transcript: string[] = [];
    let reply = '';
    const say = async (text: string) => {
      const before = channel.textsFor(conversationId).length;
      const res = await postActivity(t.url, activity(channel.serviceUrl, conversationId, { text }));
      expect(res.status).toBeLessThan(300);
      const mine = channel.activities.filter((a) => a.conversationId === conversationId && a.type === 'message');
      reply = channel.textsFor(conversationId).slice(before).join('\n---\n');
      transcript.push(`> ${text}`, reply);
      return ((mine[mine.length - 1]?.suggestedActions as { actions?: Array<{ title: string }> })?.actions ?? []).map((a) => a.title);
    };
    const sentAt = Date.now();
    let buttons = await say(first);
    const firstReply = reply;
    for (let turn = 0; turn < 16 && !REF.test(reply); turn++) buttons = await say(answerTo(reply, buttons));
    if (process.env.SHOW_TRANSCRIPT) process.stdout.write(`${transcript.join('\n')}\n`);
    const reference = REF.exec(reply)?.[1];
    if (!reference) throw new Error(`no reference after 16 turns:\n${transcript.join('\n')}`);
    return { reference, firstReply, last: reply, sentAt };
  }

  const dayOf = (iso: string) =>
    new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' }).format(new Date(`${iso}T12:00:00Z`)).replace(/^(\w+) /, '$1, ');

  test('mould round the windows, nobody at risk: the resident is told each legal step and its date', async () => {
    const { reference, last } = await converse('There is mould round the bedroom windows and on the bathroom ceiling, and the walls feel damp.');
    const stored = (await t.db.connection.collection<CaseRecord>('cases').findOne({ _id: reference }))!;
    expect(stored.hazard).toMatchObject({ level: 'significant', kinds: ['damp_mould'], vulnerability: [] });
    expect(stored).toMatchObject({ priority: 'high', hazardRank: 1 });
    const due = Object.fromEntries(stored.hazard!.deadlines.map((d) => [d.step, d.dueOn]));
    expect(last).toMatch(/Damp or mould can harm your health, so we're treating this as a hazard in your home\. By law, we will:/);
    expect(last).toContain(`• come and investigate by ${dayOf(due.investigate)}`);
    expect(last).toContain(`(by ${dayOf(due.written_summary)} at the latest)`);
    expect(last).toContain(`(by ${dayOf(due.safety_work)} at the latest)`);
    expect(last).toContain(`within 12 weeks (by ${dayOf(due.further_works)} at the latest)`);
    expect(last).toContain('If it gets worse, or it\'s affecting someone\'s health, phone Oadby & Wigston Borough Council on 0116 288 8961.');
    expect(last).not.toMatch(/emergency/i);

    // Its card opens with the amber banner: the steps counted from the investigation say "at the latest".
    const created = await teams.waitFor((s) => s.kind === 'create' && cardText(cardsIn(s.body.activity as object)[0]).includes(reference), `the card of ${reference}`);
    const card = cardsIn(created.body.activity as object)[0] as { body: Array<{ style?: string }> };
    expect(cardProblems(card)).toEqual([]);
    expect(card.body[0].style).toBe('warning');
    const banner = cardText({ type: 'AdaptiveCard', version: '1.5', body: [card.body[0]] });
    expect(banner).toMatch(/^Significant hazard: damp and mould/);
    expect(banner).toContain(`Investigate: ${dayOf(due.investigate)}`);
    expect(banner).toContain(`Written summary to the tenant: by ${dayOf(due.written_summary)} at the latest`);
    expect(banner).not.toMatch(/At risk/);
  });

  test('a complaint about damp and mould the repairs team keeps cancelling: the complaint is filed and the hazard’s dates are given too', async () => {
    const { reference, last } = await converse('My kitchen has had damp and mould for four months, I reported it twice and the repairs team cancelled both appointments');
    const stored = (await t.db.connection.collection<CaseRecord>('cases').findOne({ _id: reference }))!;
    expect(stored.kind).toBe('complaint');
    expect(stored.hazard).toMatchObject({ level: 'significant', kinds: ['damp_mould'] });
    expect(last).toMatch(/we're treating this as a hazard in your home/);
    expect(last).toMatch(/confirm we've received your complaint by/);
    expect(stored.hazard!.reasons).toContain('reported_before');
    const created = await teams.waitFor((s) => s.kind === 'create' && cardText(cardsIn(s.body.activity as object)[0]).includes(reference), `the card of ${reference}`);
    const card = cardsIn(created.body.activity as object)[0] as { body: unknown[] };
    expect(cardText({ type: 'AdaptiveCard', version: '1.5', body: [card.body[0]] })).toMatch(/reported this before: the deadlines may run from that earlier report/);
  });

  test('a later message quoting the reference that the ceiling has come down: phone now, and the case becomes an emergency', async () => {
    const ref = await openCase(t.cases, { kind: 'service_request', description: 'The gutter over my back door is leaking.', serviceAreas: ['housing_repairs'] });
    const conversationId = `later-${Date.now()}`;
    const res = await postActivity(t.url, activity(channel.serviceUrl, conversationId, { text: `About ${ref}: part of the kitchen ceiling has now come down.` }));
    expect(res.status).toBeLessThan(300);
    const replies = channel.textsFor(conversationId);
    expect(replies[0]).toMatch(/this could be an emergency: part of your home that could fall or collapse\./);
    expect(replies[0]).toContain('Please also phone Oadby & Wigston Borough Council now on 0116 288 8961');
    // The advice comes at once; the message reaches the case once the resident shows it is theirs.
    expect(replies[1]).toMatch(/check it's yours before I add anything/);
    await postActivity(t.url, activity(channel.serviceUrl, conversationId, { text: 'jane.smith@example.org' }));
    const after = channel.textsFor(conversationId).slice(replies.length);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(new RegExp(`added that to ${ref}`));
    expect((await t.cases.getByReference(ref))!.hazard).toMatchObject({ level: 'emergency', kinds: ['structural'] });
  });

  test('exposed wires: the emergency signpost also gives the council’s own line and offers to record it, and the case is opened as an emergency', async () => {
    const { reference, firstReply, last } = await converse('There are bare wires hanging out of the bathroom ceiling and the light is flickering.');
    expect(firstReply).toContain('Please phone Oadby & Wigston Borough Council on 0116 288 8961 now, day or night.');
    const stored = (await t.db.connection.collection<CaseRecord>('cases').findOne({ _id: reference }))!;
    expect(stored.hazard).toMatchObject({ level: 'emergency', kinds: ['electrical'] });
    expect(stored.signposted).toContain('emergency');
    // Told to phone at the start: the end reminds them in a line.
    expect(last).toContain("This could be an emergency: if you haven't phoned Oadby & Wigston Borough Council on 0116 288 8961 yet, please do it now, day or night.");
    const timeline = await t.cases.timeline(reference);
    expect(timeline[0].what).toMatch(/emergency hazard recognised \(electrical danger\)/);
  });

  test('black mould in a 3-year-old’s bedroom: the resident is told to phone now and when the home will be made safe; staff see it first', async () => {
    // A missed bin reported ten days ago is due before anything new, until a hazard arrives.
    const bin = await openCase(t.cases, { kind: 'service_request', receivedAt: new Date(Date.now() - 10 * 86_400_000), description: 'My green bin was not emptied on Monday.' });
    const damp = await openCase(t.cases, { kind: 'complaint', description: 'There is mould on the bathroom ceiling and you have not been to look at it.', serviceAreas: ['housing_repairs'] });

    const { reference, firstReply, last, sentAt } = await converse("There's black mould all over my daughter's bedroom wall. She's 3 and has asthma and she coughs all night.");

    // The first reply: phone now, with the number, and an offer to record it here too.
    expect(firstReply).toMatch(/this could be an emergency: damp or mould that could make someone in your home seriously ill\./);
    expect(firstReply).toMatch(/If anyone is in danger, call 999 now\./);
    expect(firstReply).toContain('Please also phone Oadby & Wigston Borough Council now on 0116 288 8961, day or night');
    expect(firstReply).toMatch(/Shall I record it for our repairs team now\?/);
    expect(firstReply).not.toMatch(/complaints process can deal with|don't use the complaints form/);

    const stored = (await t.db.connection.collection<CaseRecord>('cases').findOne({ _id: reference }))!;
    expect(stored.hazard).toMatchObject({ level: 'emergency', kinds: ['damp_mould'], vulnerability: expect.arrayContaining(['young_child', 'health_condition']) });
    const makeSafe = stored.hazard!.deadlines.find((d) => d.step === 'make_safe')!;
    expect(makeSafe.dueAt!.getTime() - stored.hazard!.awareAt.getTime()).toBe(24 * 3_600_000);
    expect(stored.hazard!.awareAt.getTime()).toBeGreaterThanOrEqual(sentAt - 1000);
    const day = dayOf(makeSafe.dueOn);
    const time = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' }).format(makeSafe.dueAt!).replace(' ', '').toLowerCase();
    // What the resident read last: a one-line reminder to phone, then the reference, then what the law promises and by when.
    expect(last).toContain("This could be an emergency: if you haven't phoned Oadby & Wigston Borough Council on 0116 288 8961 yet, please do it now, day or night.");
    expect(last).not.toMatch(/We aim to deal with it by|kind words|Don't wait for a reply/);
    expect(last).toContain(`make your home safe within 24 hours of your message: by ${time} on ${day}.`);
    expect(last).toMatch(/somewhere safe to stay/);
    expect(last.indexOf('could be an emergency')).toBeLessThan(last.indexOf(`Your reference is ${reference}`));

    // The case: urgent, housing repairs, and the hazard on its timeline.
    expect(stored).toMatchObject({ priority: 'urgent', hazardRank: 0 });
    expect(stored.serviceAreas).toContain('housing_repairs');
    const opened = (await t.cases.timeline(reference))[0];
    expect(opened.what).toMatch(/emergency hazard recognised \(damp and mould\): investigate by .+; make safe by /);

    // The card in the triage channel starts with the hazard banner and its deadlines.
    const created = await teams.waitFor((s) => s.kind === 'create' && cardText(cardsIn(s.body.activity as object)[0]).includes(reference), `the card of ${reference}`);
    const card = cardsIn(created.body.activity as object)[0] as { body: Array<{ style?: string }> };
    expect(cardProblems(card)).toEqual([]);
    expect(card.body[0].style).toBe('attention');
    const banner = cardText({ type: 'AdaptiveCard', version: '1.5', body: [card.body[0]] });
    expect(banner).toMatch(/^Emergency hazard: damp and mould/);
    expect(banner).toMatch(/At risk: a young child, a health condition/);
    expect(banner).toMatch(/Investigate: \w{3}, \d{1,2} \w{3} \d{4} \d{2}:\d{2}/);
    expect(banner).toMatch(/Make safe: /);
    expect(cardText(card)).toContain(`${reference} ·`);

    // The queue, from the database and from the service: the emergency, then the significant hazard, then the overdue bin.
    const docs = await t.db.connection.collection('case_queue').find({ council: 'oadby-wigston', open: true }).sort(QUEUE_SORT).toArray();
    const mine = [reference, damp, bin];
    expect(docs.map((d) => d._id).filter((id) => mine.includes(String(id)))).toEqual([reference, damp, bin]);
    // Every emergency before every significant hazard before everything else.
    const ranks = docs.map((d) => d.hazardRank as number);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks[0]).toBe(0);
    const queue = (await t.cases.queue()).filter((c) => mine.includes(c.reference));
    expect(queue.map((c) => [c.reference, c.hazard])).toEqual([
      [reference, 'emergency'],
      [damp, 'significant'],
      [bin, null],
    ]);
    const binCase = (await t.cases.getByReference(bin))!;
    expect(binCase.dueOn! < (await t.cases.getByReference(damp))!.dueOn!).toBe(true);
  });
});
