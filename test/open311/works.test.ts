/**
 * Reports reach the council's works system over Open311 GeoReport v2, through the whole bot: a
 * resident's chat (real Bot Framework adapter over HTTP, real dialogs and database), staff in a
 * stand-in Teams, and a local works system implementing the GeoReport v2 specification
 * (test/support/open311Server.ts). What is asserted is what the resident reads, what staff see in
 * Teams, what the works system received and what the case holds.
 */
import { startFakeChannel, FakeChannel } from '../support/channel';
import { startOpen311Server, Open311Server } from '../support/open311Server';
import { person, TENANT, TRIAGE_CHANNEL } from '../teams/support/activities';
import { staffAndTriage, startTeamsTestApp, TeamsTestApp } from '../teams/support/app';
import { cardText } from '../teams/support/cards';
import { LocalIssuer, startLocalIssuer } from '../teams/support/jwks';
import { FakeTeams, startFakeTeams } from '../teams/support/teamsChannel';
import { OPEN311_POLL_JOB } from '../../services/open311';
import { API_KEY, chat, JURISDICTION, PNG, SERVICES, until } from './support';

const manager = person('Alex Jones', '00000000-0000-4000-8000-00000000003a');
const APP_ID = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = `api://bot.example.org/${APP_ID}`;
const REF = /Your reference is ([A-Z]+-\d{4}-\d{6})/;

describe('reports to the works system over Open311', () => {
  let works: Open311Server;
  let teams: FakeTeams;
  let resident: FakeChannel;
  let issuer: LocalIssuer;
  let t: TeamsTestApp;

  beforeAll(async () => {
    works = await startOpen311Server({ services: SERVICES, apiKey: API_KEY, jurisdiction: JURISDICTION });
    teams = await startFakeTeams();
    resident = await startFakeChannel();
    issuer = await startLocalIssuer();
    t = await startTeamsTestApp('open311_works', {
      TEAMS_TENANT_ID: TENANT,
      TEAMS_SSO_AUDIENCE: `${AUDIENCE},${APP_ID}`,
      TEAMS_SSO_JWKS_URL: issuer.jwksUrl,
      OPEN311_ENDPOINT: works.url,
      OPEN311_API_KEY: API_KEY,
      OPEN311_JURISDICTION: JURISDICTION,
    });
    await staffAndTriage(t.app, teams.serviceUrl, [[manager, 'manager']]);
    await until('the services read at start', async () => (await t.app.works!.service.overview()).services.length === SERVICES.length);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await teams?.close();
    await resident?.close();
    await issuer?.close();
    await works?.close();
  });

  const posted = (reference: string) => [...works.requests.values()].filter((r) => String(r.posted.description).includes(reference));
  const threadTexts = () => teams.sent.filter((s) => s.kind === 'send' && s.conversationId !== TRIAGE_CHANNEL).map((s) => String(s.body.text ?? ''));
  async function threadCard(reference: string): Promise<string> {
    const built = await t.app.teams.notifier['deps'].cards.forReference(reference);
    return cardText(built!.card);
  }
  /** The scheduled poll's work, now (the job runs it every OPEN311_POLL_MINUTES). */
  const poll = () => t.app.works!.service.poll();

  /** Files a report in the chat; returns the reference and everything the bot said. */
  async function report(conversation: string, first: string, answers: Array<string | { attach: true }>): Promise<{ reference: string; said: string[] }> {
    const say = chat(t.url, resident, conversation);
    const said = [await say(first)];
    for (const a of answers) {
      if (typeof a === 'string') said.push(await say(a));
      else said.push(await say('', { attachments: [{ contentType: 'image/png', contentUrl: `data:image/png;base64,${PNG.toString('base64')}`, name: 'bin.png' }] }));
    }
    const reference = REF.exec(said.join('\n'))?.[1];
    if (!reference) throw new Error(`no reference in:\n${said.join('\n---\n')}`);
    return { reference, said };
  }

  let bin: { reference: string; id: string; conversation: string };

  test("services are mapped to the pack's service areas; what could not be mapped is logged and listed in the tab", async () => {
    const logs = t.logs.join('\n');
    expect(logs).toMatch(/"unmappedAreas":\[[^\]]*"licensing"[^\]]*\][^\n]*these service areas match no service/);
    const token = await issuer.sign({ aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: manager.aadObjectId, name: manager.name });
    const res = await fetch(`${t.url}/api/tab/open311`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain(API_KEY);
    const tab = JSON.parse(body);
    const area = (a: string) => tab.mapped.find((m: { area: string }) => m.area === a)?.services.map((s: { code: string }) => s.code);
    expect(area('waste_recycling')).toEqual(expect.arrayContaining(['MB01', 'BW01']));
    expect(area('street_cleansing')).toEqual(['FT01']);
    expect(area('highways')).toEqual(expect.arrayContaining(['PH01', 'SL01']));
    expect(tab.unmappedAreas).toEqual(expect.arrayContaining(['licensing', 'council_tax']));
    expect(tab.unmappedAreas).not.toContain('waste_recycling');
    // The tab shows its works-system panel because the staff member's own details say there is one.
    const me = await (await fetch(`${t.url}/api/tab/me`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(me.worksSystem).toBe(true);
    // Without a token the tab's API says nothing.
    expect((await fetch(`${t.url}/api/tab/open311`)).status).toBe(401);
  });

  test("\"my bin wasn't emptied\" is asked the service's required questions and posted with its code, the resident's words, the answers and a photo link", async () => {
    const conversation = `o311-bin-${Date.now()}`;
    const { reference, said } = await report(conversation, "My bin wasn't emptied this week, it's outside 14 Elm Road, Oadby LE2 5AB", [
      'Report a problem',
      'Garden waste (green bin)',
      'Yes',
      'Yes, they can contact me',
      { attach: true },
      'Done',
      'Jane Smith, jane.smith@example.org',
      'No',
      'Send it',
    ]);
    const all = said.join('\n');
    const question = resident.activities.find((a) => a.conversationId === conversation && a.text === 'Which bin was not emptied?') as { suggestedActions?: { actions: { title: string }[] } } | undefined;
    expect(question?.suggestedActions?.actions.map((x) => x.title)).toEqual(['General waste (black bin)', 'Recycling (blue bin)', 'Garden waste (green bin)']);
    expect(all).toContain('Was the bin out by 7am on collection day?');
    expect(all).not.toContain('Anything else the crew should know'); // not required
    expect(said.at(-1)).toContain(`Your reference is ${reference}`);
    expect(said.at(-1)).toContain('We\'re passing your report to the team who look after "Missed bin collection"');

    const [request] = await until('the request at the works system', () => (posted(reference).length ? posted(reference) : undefined));
    expect(request.service_code).toBe('MB01');
    expect(request.posted.description).toContain("My bin wasn't emptied this week");
    expect(request.posted).toMatchObject({
      api_key: API_KEY,
      jurisdiction_id: JURISDICTION,
      'attribute[bin_type]': 'garden',
      'attribute[out_by_7]': 'yes',
      address_string: expect.stringContaining('14 Elm Road'),
      email: 'jane.smith@example.org',
      first_name: 'Jane',
      last_name: 'Smith',
    });
    // The photo: a signed link the works system can fetch, and nothing else can be reached with it.
    const photo = await fetch(String(request.media_url));
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
    // a day more on the expiry (base-36 seconds), the signature left as it was
    const tampered = String(request.media_url).replace(/(\/media\/[0-9a-f]{24})\.([0-9a-z]+)\./, (_m, file: string, exp: string) => `${file}.${(parseInt(exp, 36) + 86400).toString(36)}.`);
    expect(tampered).not.toBe(String(request.media_url));
    expect((await fetch(tampered)).status).toBe(404);

    // The resident is told the works system's reference in their chat; the case and card have it.
    const told = await until('the works reference in the chat', () => resident.textsFor(conversation).find((x) => x.includes('Their reference for it is')));
    expect(told).toContain(`Your report ${reference} is now with the team who will put it right. Their reference for it is ${request.service_request_id}.`);
    const timeline = await t.app.cases.timeline(reference);
    expect(timeline.map((e) => e.what)).toContain(`Sent to the works system: their reference ${request.service_request_id}`);
    expect(await threadCard(reference)).toMatch(new RegExp(`Works system[\\s\\S]*Sent as "Missed bin collection": their reference ${request.service_request_id}, status open`));
    bin = { reference, id: request.service_request_id, conversation };
  });

  test('status changes and notes reach the timeline and the Teams card on the next poll, which is scheduled', async () => {
    const jobs = await t.app.cases.jobs.find({ name: OPEN311_POLL_JOB });
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs[0].runAt.getTime()).toBeGreaterThan(Date.now());

    works.setStatus(bin.id, 'open', 'Crew booked for Thursday morning.');
    const before = works.calls.length;
    expect((await poll()).changed).toBeGreaterThanOrEqual(1);
    // Read back in one batched GET, by id, without the key.
    const reads = works.calls.slice(before).filter((c) => c.method === 'GET' && c.path === '/requests.json');
    expect(reads.length).toBe(1);
    expect(reads[0].query.service_request_id.split(',')).toContain(bin.id);
    expect(reads[0].query.jurisdiction_id).toBe(JURISDICTION);

    const timeline = await t.app.cases.timeline(bin.reference);
    const note = timeline.find((e) => e.what === 'Works system: status open');
    expect(note?.details.text).toContain('Crew booked for Thursday morning.');
    await until('the update in the case thread', () => threadTexts().find((x) => x.includes(`Works system update for ${bin.reference}`) && x.includes('Crew booked')));
    expect(await threadCard(bin.reference)).toContain('Their notes: Crew booked for Thursday morning.');
    // Nothing changed: nothing recorded twice.
    await poll();
    expect((await t.app.cases.timeline(bin.reference)).filter((e) => e.what === 'Works system: status open')).toHaveLength(1);
  });

  test('a resident replying unhappy is offered a complaint linked to the request, which stays open in the works system', async () => {
    const say = chat(t.url, resident, bin.conversation);
    const offer = await say("Nobody has come and it's been days. I'm really not happy with how this is being handled.");
    expect(offer).toContain(`You can make a complaint about how your report ${bin.reference} has been handled.`);
    expect(offer).toContain(`Your report stays open with the team (their reference ${bin.id})`);
    const made = await say('Make a complaint');
    expect(made).toContain(`Your complaint is recorded on the same reference, ${bin.reference}`);
    expect(made).toMatch(/We aim to send you a full reply by \w+day, \d+ \w+ 20\d\d\./);

    const view = (await t.app.cases.getByReference(bin.reference))!;
    expect(view.stage).toBe('stage1');
    const convert = (await t.app.cases.timeline(bin.reference)).find((e) => e.command === 'convert')!;
    expect(String(convert.details.reason)).toContain(`works system reference ${bin.id}, which stays open`);
    expect(String(convert.details.reason)).toContain("really not happy");
    expect(works.requests.get(bin.id)!.status).toBe('open');
    await until('staff told in the thread', () => threadTexts().find((x) => x.includes(`${bin.reference} is now a complaint`)));
  });

  test('closed in the works system: recorded, and the resident is told in their chat (the complaint carries on)', async () => {
    works.setStatus(bin.id, 'closed', 'Garden bin emptied on 3 December.');
    await poll();
    const told = await until('the closing update in the chat', () => resident.textsFor(bin.conversation).find((x) => x.includes('marked it as done')));
    expect(told).toContain(`An update on your report ${bin.reference} (their reference ${bin.id}): the team have marked it as done.`);
    expect(told).toContain('Their notes: Garden bin emptied on 3 December.');
    const timeline = await t.app.cases.timeline(bin.reference);
    expect(timeline.map((e) => e.what)).toContain('Works system: done (closed)');
    // A complaint is not answered by the works system closing the request.
    expect((await t.app.cases.getByReference(bin.reference))!.stage).toBe('stage1');
    expect(await threadCard(bin.reference)).toContain('done (closed)');
  });

  test('a report still a service request is answered when the works system closes it, with the offer to complain', async () => {
    const conversation = `o311-pothole-${Date.now()}`;
    const { reference } = await report(conversation, 'There is a deep pothole in the road outside 22 High Street, Oadby LE2 1AA', ['Report a problem', 'No, keep them with the council', 'Skip', 'Sam Lee, sam.lee@example.org', 'No', 'Send it']);
    const [request] = await until('the pothole at the works system', () => (posted(reference).length ? posted(reference) : undefined));
    expect(request.service_code).toBe('PH01');
    // Contact details stay with the council when the resident said so.
    expect(request.posted.email).toBeUndefined();
    expect(request.posted.first_name).toBeUndefined();
    // The works system has it a moment before the bot has recorded its answer.
    await until('the works reference in the chat', () => resident.textsFor(conversation).find((x) => x.includes('Their reference for it is')));
    works.setStatus(request.service_request_id, 'closed', 'Pothole filled.');
    await poll();
    await until('the update in the chat', () => resident.textsFor(conversation).find((x) => x.includes('marked it as done')));
    const view = (await t.app.cases.getByReference(reference))!;
    expect(view.status).toBe('responded');
    expect(view.tracks.service_request?.reply?.summary).toBe('Pothole filled.');
    // The outcome letter is written (and kept as not sent here: written correspondence is not set up).
    await until('the outcome letter', async () => (await t.app.cases.timeline(reference)).find((e) => e.command === 'correspondence' && /not sent/.test(e.what)));

    // Unhappy, quoting the reference in another conversation: asked who they are first.
    const other = chat(t.url, resident, `o311-other-${Date.now()}`);
    const asked = await other(`About ${reference}: the pothole is back already, I'm not happy with the repair at all`);
    expect(asked).toContain('Please type the email address or phone number you gave us with it.');
    expect(asked).not.toContain('pothole');
    const offer = await other('sam.lee@example.org');
    expect(offer).toContain(`You can make a complaint about how your report ${reference} has been handled.`);
    const passed = await other('No, just pass on my message');
    expect(passed).toContain(`I've added that to ${reference}`);
    expect((await t.app.cases.getByReference(reference))!.stage).toBe('service_request');
  });

  test('a service that answers with a token: its reference is looked up and the resident told once it is known', async () => {
    const conversation = `o311-bulky-${Date.now()}`;
    const { reference, said } = await report(conversation, 'Please collect an old sofa and a broken fridge from outside 3 Park Lane, Oadby LE2 4XY', ['Report a problem', 'Yes, they can contact me', 'Skip', 'Ann Brown, 07911 123456', 'No', 'Send it']);
    expect(said.at(-1)).toContain('"Bulky waste collection"');
    const [request] = await until('the request at the works system', () => (posted(reference).length ? posted(reference) : undefined));
    expect(request.service_code).toBe('BW01');
    expect(request.posted.phone).toBe('+447911123456');
    await until('the token recorded', async () => (await t.app.cases.timeline(reference)).find((e) => e.what === 'Sent to the works system'));
    await poll(); // not assigned yet
    expect(resident.textsFor(conversation).some((x) => x.includes('Their reference for it is'))).toBe(false);
    works.pendingTokens.clear();
    await poll();
    const told = await until('the reference in the chat', () => resident.textsFor(conversation).find((x) => x.includes('Their reference for it is')));
    expect(told).toContain(`Their reference for it is ${request.service_request_id}.`);
    expect(works.calls.some((c) => c.method === 'GET' && c.path.startsWith('/tokens/tok-'))).toBe(true);
  });

  test('the works system down: the resident has our reference at once, the report is retried with backoff and sent once it is back', async () => {
    works.down = true;
    const conversation = `o311-down-${Date.now()}`;
    const { reference, said } = await report(conversation, 'Someone has dumped a pile of rubbish bags and a mattress by the garages behind 9 Mill Lane, Oadby LE2 6PP', ['Report a problem', 'Yes, they can contact me', 'Skip', 'Ravi Patel, ravi.patel@example.org', 'No', 'Send it']);
    expect(said.at(-1)).toContain(`Your reference is ${reference}`);
    await until('a failed attempt', async () => (await t.app.works!.service.summary(reference))?.lastError);
    expect(await threadCard(reference)).toMatch(/Not sent yet as "Fly-tipping": the works system could not be reached \(POST requests\.json: the server answered 503\); trying again/);
    works.down = false;
    const told = await until('the reference in the chat once it is back', () => resident.textsFor(conversation).find((x) => x.includes('Their reference for it is')), 20_000);
    expect(posted(reference)).toHaveLength(1);
    expect(told).toContain(`Their reference for it is ${posted(reference)[0].service_request_id}.`);
  });

  test('a 400 from the works system is shown to staff on the card and in the thread with its own words, and not retried', async () => {
    const conversation = `o311-light-${Date.now()}`;
    const { reference } = await report(conversation, 'The street light outside 5 Church Lane, Oadby LE2 7QQ has been out for a week', ['Report a problem', 'Yes, they can contact me', 'Skip', 'Mo Khan, mo.khan@example.org', 'No', 'Send it']);
    const notice = await until('the refusal in the thread', () => threadTexts().find((x) => x.includes(`Works system refused ${reference}`)));
    expect(notice).toContain('lat and long are required for Street light not working: give the column number or a position on the map');
    expect(await threadCard(reference)).toContain('Refused by the works system: 400: lat and long are required for Street light not working');
    const timeline = await t.app.cases.timeline(reference);
    expect(timeline.find((e) => e.what === 'Refused by the works system')?.details.text).toContain('lat and long are required');
    await new Promise((r) => setTimeout(r, 2500)); // past the first retry's delay
    expect(works.calls.filter((c) => c.method === 'POST' && c.body.includes(encodeURIComponent(reference))).length).toBe(1);
    expect(resident.textsFor(conversation).some((x) => /refused|lat and long/.test(x))).toBe(false);
  });

  test('open requests are read back in batches of at most 50 ids per GET', async () => {
    const collection = t.db.connection.collection('open311_requests');
    const now = new Date();
    const seeded = Array.from({ length: 60 }, (_, i) => ({
      _id: `SEED-${i}`, council: 'default', serviceCode: 'PH01', serviceName: 'Pothole', attributes: {}, shareContact: false, state: 'sent', serviceRequestId: `9${String(i).padStart(3, '0')}`,
      token: null, serviceNotice: null, status: 'open', statusNotes: null, updatedDatetime: null, rejection: null, lastError: null, queuedAt: now, sentAt: now, checkedAt: null,
    }));
    await collection.insertMany(seeded as never);
    try {
      const before = works.calls.length;
      await poll();
      const reads = works.calls.slice(before).filter((c) => c.method === 'GET' && c.path === '/requests.json').map((c) => c.query.service_request_id.split(','));
      expect(reads.length).toBeGreaterThanOrEqual(2);
      expect(reads.every((ids) => ids.length <= 50)).toBe(true);
      const asked = new Set(reads.flat());
      expect(seeded.every((d) => asked.has(d.serviceRequestId))).toBe(true);
    } finally {
      await collection.deleteMany({ _id: { $in: seeded.map((d) => d._id) } } as never);
    }
  });

  test('hostile photo links and tab requests get a 4xx and nothing else', async () => {
    const bad = ['x', 'a'.repeat(5000), '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%E0%A4%A', '000000000000000000000000.9999999999.' + 'A'.repeat(43), '{"$ne":null}', '6b106280cf83f5226aac0a94.1.AkD110JZ2CRQ5NW5OWxXxpHEo0zF5H05bt3YGXodDvY'];
    for (const token of bad) {
      const res = await fetch(`${t.url}/api/open311/media/${token}`);
      expect([400, 404, 410, 414]).toContain(res.status);
      expect(res.headers.get('content-type') ?? '').not.toMatch(/^image\//);
    }
    for (const q of ['?x[$gt]=', '?__proto__[polluted]=1']) expect([400, 401]).toContain((await fetch(`${t.url}/api/tab/open311${q}`, { headers: { authorization: 'Bearer a.b.c' } })).status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  test('the API key is sent only in POST bodies, and never reaches a log or a page', async () => {
    expect(works.calls.filter((c) => c.method === 'GET').every((c) => !JSON.stringify(c).includes(API_KEY))).toBe(true);
    expect(works.calls.filter((c) => c.method === 'GET').every((c) => c.query.jurisdiction_id === JURISDICTION)).toBe(true);
    expect(t.logs.join('\n')).not.toContain(API_KEY);
    for (const page of ['/', '/chat', '/tab', '/tab/static/tab.js']) expect(await (await fetch(`${t.url}${page}`)).text()).not.toContain(API_KEY);
    // Nor personal details in the logs.
    expect(t.logs.join('\n')).not.toMatch(/jane\.smith|Jane Smith|Elm Road|07911 123456/);
  });
});
