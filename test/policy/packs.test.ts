import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPackLoader, listPacks, loadPack, PolicyPackError, validatePack } from '../../services/policy/loadPack';
import { CODE_DOCS, PolicyPack } from '../../services/policy/packSchema';
import { ombudsmanFor, ownsService, serviceOwner, signpostFor } from '../../services/policy/routing';
import { ROUTE_IDS, SERVICE_AREAS } from '../../models/vocabulary';
import { sourceProblems, sourcesIn } from '../../services/policy/sourceCheck';
import { createWorkingDayCalendar, dueDateFor } from '../../services/workingDays';

const SHIPPED = ['default', 'ig-team', 'leicester', 'oadby-wigston', 'south-cambs-housing', 'south-derbyshire'];
const DISTRICTS = ['oadby-wigston', 'south-derbyshire', 'south-cambs-housing'];

/** A mutable copy of a shipped pack to break on purpose. */
function copyOf(id: string): Record<string, any> {
  return structuredClone(loadPack(id)) as Record<string, any>;
}

describe('shipped policy packs', () => {
  test('the six packs are shipped and each one validates', () => {
    expect(listPacks()).toEqual(SHIPPED);
    for (const id of SHIPPED) expect(loadPack(id).id).toBe(id);
  });

  test.each(SHIPPED)('%s has a plain-English signpost with a named contact for every route', (id) => {
    const pack = loadPack(id);
    expect(Object.keys(pack.signposts).sort()).toEqual([...ROUTE_IDS].sort());
    for (const route of ROUTE_IDS) {
      const signpost = signpostFor(pack, route);
      expect(signpost.message.length).toBeGreaterThan(40);
      expect(signpost.contact.name).not.toBe('');
    }
  });

  test.each(SHIPPED)('%s tells residents in danger to call 999, and gives 101 and the gas emergency line', (id) => {
    const pack = loadPack(id);
    const emergency = signpostFor(pack, 'emergency');
    expect(emergency.contact.phone).toBe('999');
    expect(emergency.more?.map((c) => c.phone)).toContain('0800 111 999');
    const police = signpostFor(pack, 'police_matter');
    expect(police.contact.phone).toBe('101');
    expect(police.message).toContain('999');
    expect(signpostFor(pack, 'information_rights').contact).toMatchObject({ phone: '0303 123 1113', url: 'https://ico.org.uk' });
  });

  test('the source check names each rule whose document is missing or whose quote is not in it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pack-sources-'));
    writeFileSync(path.join(dir, 'council.txt'), 'We will acknowledge your complaint within “five working days”.\n');
    const pack = {
      a: { source: { doc: 'council.txt', section: '1', quote: "we will acknowledge your complaint within \"five  working days\"" } },
      b: { nested: { source: { doc: 'council.txt', section: '2', quote: 'within ten days' } } },
      c: { source: { doc: 'missing.txt', section: '3' } },
      d: { source: { doc: CODE_DOCS[0], section: '5.1' } },
    };
    expect(sourceProblems(pack, dir)).toEqual([
      'b.nested.source: quote not found in council.txt: "within ten days"',
      `c.source: document missing.txt is not in ${dir}`,
    ]);
  });

  test.each(SHIPPED)('every rule in %s cites its document and section', (id) => {
    const sources = sourcesIn(loadPack(id));
    expect(sources.length).toBeGreaterThan(40);
    for (const { source } of sources) expect(source.doc.length * source.section.length).toBeGreaterThan(0);
  });

  test('each council pack is drawn from its own document', () => {
    const ownDoc: Record<string, string> = {
      'oadby-wigston': 'oadby-wigston-borough-council.txt',
      'ig-team': 'corporate-procedure-information-governance.txt',
      'south-derbyshire': 'south-derbyshire-district-council.txt',
      'south-cambs-housing': 'south-cambridgeshire-housing-services.txt',
      leicester: 'leicester-city-council.txt',
    };
    for (const [id, doc] of Object.entries(ownDoc)) {
      const pack = loadPack(id);
      expect([pack.timescales.stage1.acknowledge.source.doc, pack.timescales.stage1.respond.source.doc, pack.representatives.source.doc]).toEqual([doc, doc, doc]);
    }
  });
});

describe('what the documents say', () => {
  test('South Cambridgeshire acknowledges within 3 working days and replies within 10 working days of acknowledging', () => {
    const { stage1, stage2 } = loadPack('south-cambs-housing').timescales;
    expect(stage1.acknowledge).toMatchObject({ days: 3, unit: 'working_days', from: 'receipt' });
    expect(stage1.respond).toMatchObject({ days: 10, unit: 'working_days', from: 'acknowledgement' });
    expect(stage2).toMatchObject({ acknowledge: { days: 3 }, respond: { days: 20, from: 'acknowledgement' } });
  });

  test('South Cambridgeshire replies to a comment within 10 working days only when asked', () => {
    expect(loadPack('south-cambs-housing').timescales.commentReply).toMatchObject({ days: 10, unit: 'working_days', onlyIfAsked: true });
  });

  test('Leicester has a single stage, aiming to resolve within 10 weeks of receipt', () => {
    const pack = loadPack('leicester');
    expect(pack.stages).toBe(1);
    expect(pack.timescales.stage2).toBeNull();
    expect(pack.timescales.stage1.acknowledge.days).toBe(3);
    expect(pack.timescales.stage1.respond).toMatchObject({ days: 10, unit: 'weeks', from: 'receipt' });
    expect(pack.timeLimit).toBeNull();
  });

  test('Leicester requires written authorisation and ID from someone acting for a resident', () => {
    expect(loadPack('leicester').representatives).toMatchObject({ consentRequired: true, writtenAuthorisationRequired: true, idRequired: true });
  });

  test('South Derbyshire does not normally accept anonymous complaints; serious ones go to the Chief Executive', () => {
    const { anonymous } = loadPack('south-derbyshire');
    expect(anonymous.handling).toBe('not_normally');
    expect(anonymous.decidedBy).toMatch(/Chief Executive/);
    expect(anonymous.whatHappens).toMatch(/serious/);
  });

  test('South Derbyshire stage 2 reply is 10 working days, extendable to 20 in all with good reason', () => {
    expect(loadPack('south-derbyshire').timescales.stage2?.respond.days).toBe(10);
    expect(loadPack('south-derbyshire').timescales.stage2?.extension).toMatchObject({ maxDays: 10, reasonRequired: true });
  });

  test('South Derbyshire lets a resident ask in writing for their councillor to be kept informed', () => {
    expect(loadPack('south-derbyshire').representatives.rules.map((r) => r.rule).join(' ')).toMatch(/councillor.*in writing|in writing.*councillor/i);
  });

  test('Oadby & Wigston accepts anonymous complaints but cannot reply to them', () => {
    expect(loadPack('oadby-wigston').anonymous).toMatchObject({ handling: 'accepted', replyPossible: false });
  });

  test('the IG-team council gives one month after the stage 1 reply to ask for stage 2', () => {
    expect(loadPack('ig-team').timescales.stage2RequestWindow).toMatchObject({ days: 1, unit: 'months', from: 'stage1_response' });
  });

  test('the default pack follows the Complaint Handling Codes', () => {
    const pack = loadPack('default');
    expect(pack.timescales.stage1).toMatchObject({
      acknowledge: { days: 5 },
      respond: { days: 10, from: 'acknowledgement' },
      extension: { maxDays: 10, reasonRequired: true },
    });
    expect(pack.timescales.stage2).toMatchObject({
      acknowledge: { days: 5 },
      respond: { days: 20, from: 'acknowledgement' },
      extension: { maxDays: 20, reasonRequired: true },
    });
    expect(pack.timeLimit).toMatchObject({ months: 12, discretion: true });
    expect(SERVICE_AREAS.every((area) => ownsService(pack, area))).toBe(true);
  });

  test('every pack with a time limit sets it at 12 months', () => {
    for (const id of SHIPPED.filter((i) => i !== 'leicester')) expect(loadPack(id).timeLimit?.months).toBe(12);
  });
});

describe('routing', () => {
  test.each(DISTRICTS)('%s does not run highways and sends residents to its county council', (id) => {
    const pack = loadPack(id);
    expect(ownsService(pack, 'highways')).toBe(false);
    const owner = serviceOwner(pack, 'highways');
    expect(owner.owner).toBe('elsewhere');
    if (owner.owner === 'elsewhere') expect(owner.body.name).toMatch(/(Leicestershire|Derbyshire|Cambridgeshire) County Council/);
  });

  test('Leicester, a unitary council, runs highways and social care itself', () => {
    const pack = loadPack('leicester');
    expect(ownsService(pack, 'highways')).toBe(true);
    expect(serviceOwner(pack, 'adult_social_care')).toEqual({ owner: 'council' });
  });

  test("South Cambridgeshire's housing pack sends bins to the district council's main contact", () => {
    const pack = loadPack('south-cambs-housing');
    expect(ownsService(pack, 'housing_repairs')).toBe(true);
    const owner = serviceOwner(pack, 'waste_recycling');
    expect(owner).toMatchObject({ owner: 'elsewhere', body: { name: expect.stringMatching(/South Cambridgeshire District Council/) } });
  });

  test('council housing complaints go to the Housing Ombudsman, everything else to the LGSCO', () => {
    for (const id of SHIPPED) {
      const pack = loadPack(id);
      expect(ombudsmanFor(pack, 'housing_repairs')).toMatchObject({ which: 'housing', body: { phone: '0300 111 3000' } });
      expect(ombudsmanFor(pack, 'council_tax')).toMatchObject({ which: 'lgsco', body: { phone: '0300 061 0614' } });
    }
    expect(ombudsmanFor(loadPack('south-cambs-housing'), 'housing_options').which).toBe('lgsco');
  });

  test('the eight-week Housing Ombudsman wait in older documents is kept but marked as no longer law', () => {
    for (const id of ['oadby-wigston', 'south-cambs-housing']) {
      const pack = loadPack(id);
      expect(pack.ombudsman.housingWait).toMatchObject({ weeks: 8, unlessDesignatedPerson: true, superseded: expect.stringMatching(/2023/) });
      expect(ombudsmanFor(pack, 'housing_management').waitAfterFinalResponse).toBeNull();
    }
    expect(loadPack('south-cambs-housing').representatives.designatedPersons?.who.join(' ')).toMatch(/MP.*councillor.*tenant panel/);
  });

  test("a pack's timescale rule gives a due date on the working-day calendar", () => {
    const pack = loadPack('leicester');
    const calendar = createWorkingDayCalendar({ region: pack.calendar.region, closureDays: pack.calendar.closureDays });
    // 10 weeks from Monday 16 March 2026 is the spring bank holiday, so the reply is due the next day.
    expect(dueDateFor(calendar, pack.timescales.stage1.respond, { receipt: '2026-03-16' })).toBe('2026-05-26');
    const sc = loadPack('south-cambs-housing').timescales.stage1;
    expect(dueDateFor(calendar, sc.acknowledge, { receipt: '2026-04-02' })).toBe('2026-04-09');
  });
});

describe('loading packs', () => {
  test('a loaded pack is cached and cannot be changed by its callers', () => {
    const pack = loadPack('oadby-wigston');
    expect(loadPack('oadby-wigston')).toBe(pack);
    expect(Object.isFrozen(pack.timescales.stage1.respond)).toBe(true);
  });

  test('an unknown pack is refused with the list of packs that exist', () => {
    expect(() => loadPack('bristol')).toThrow('Policy pack "bristol" is unknown; available packs: default, ig-team, leicester');
    expect(() => loadPack('../package')).toThrow(/is unknown/);
  });

  test('a broken pack is refused with one message listing every problem and where it is', () => {
    const broken = copyOf('leicester');
    broken.timescales.stage1.respond.days = 0;
    delete broken.signposts.emergency;
    broken.caseRefPrefix = 'lcc';
    broken.ombudsman.lgsco.phone = 'call us';
    broken.timescales.stage2 = broken.timescales.stage1;
    broken.services.runs = ['waste_recycling'];
    broken.unexpected = true;

    let error: unknown;
    try {
      validatePack(broken, 'leicester');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyPackError);
    const { message, problems } = error as PolicyPackError;
    expect(message.split('\n')[0]).toBe('Policy pack "leicester" is invalid:');
    expect(message).toContain(' - timescales.stage1.respond.days: expected a positive integer');
    expect(message).toContain(' - signposts.emergency: is missing');
    expect(message).toContain(' - caseRefPrefix: expected 2 to 6 capital letters such as OWBC');
    expect(message).toContain(' - ombudsman.lgsco.phone: expected a phone number');
    expect(message).toContain('(pack): Unrecognized key: "unexpected"');
    expect(problems.length).toBeGreaterThanOrEqual(5);
  });

  test('cross-field rules are checked once the fields themselves are valid', () => {
    const broken = copyOf('oadby-wigston');
    broken.stages = 1;
    broken.services.elsewhere = [];
    broken.feedbackKinds = broken.feedbackKinds.filter((k: { kind: string }) => k.kind !== 'complaint');
    expect(() => validatePack(broken)).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          'timescales.stage2: must be null when stages is 1',
          'feedbackKinds: must define "complaint"',
          'services.elsewhere: does not say who runs: highways, transport, libraries, education, adult_social_care, childrens_services, public_health, trading_standards',
        ]),
      }),
    );
  });

  test('a pack file that is not JSON, or whose id does not match its name, is refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'packs-'));
    writeFileSync(path.join(dir, 'garbled.json'), '{ "id": ');
    writeFileSync(path.join(dir, 'renamed.json'), JSON.stringify({ ...copyOf('default'), id: 'default' }));
    const loader = createPackLoader(dir);
    expect(loader.listPacks()).toEqual(['garbled', 'renamed']);
    expect(() => loader.loadPack('garbled')).toThrow(/Policy pack "garbled" is invalid:\n - \(file\): not readable JSON/);
    expect(() => loader.loadPack('renamed')).toThrow('id: is "default" but the file is named "renamed.json"');
  });

  test('the schema type and the loaded pack agree', () => {
    const parsed: PolicyPack = PolicyPack.parse(copyOf('south-derbyshire'));
    expect(parsed.calendar.region).toBe('england-and-wales');
  });
});
