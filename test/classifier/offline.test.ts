/**
 * The offline engine on messages written for these tests (none is in test/fixtures/labelled.jsonl;
 * a test below checks that).
 */
import type { FeedbackKind, RouteId, ServiceArea } from '../../models/vocabulary';
import { defaultContext } from '../../services/classifier/context';
import { classifyOffline } from '../../services/classifier/offline';
import { loadLabelled } from '../../services/classifier/scoring';
import { Classification, type ClassifierContext } from '../../services/classifier/types';

const NOW = new Date('2026-11-20T12:00:00Z');
const classify = (text: string, receivedAt: Date = NOW, context: ClassifierContext = defaultContext) =>
  classifyOffline({ text, receivedAt, context });

type Case = [text: string, route: RouteId];
const ROUTE_CASES: Case[] = [
  ['I can smell gas in my kitchen, is someone coming?', 'emergency'],
  ['theres smoke pouring out of the flat below mine!!', 'emergency'],
  ['the ceiling in the bathroom looks like its about to collapse', 'emergency'],
  ['water coming through the light fitting in my hallway, the lights have gone off', 'emergency'],
  ['no one was hurt but a big chunk of concrete has fallen off the balcony above onto the walkway', 'emergency'],
  ['my neighbour punched my son in the face', 'police_matter'],
  ['someone smashed my car window and took my laptop last night', 'police_matter'],
  ['people keep shouting racist abuse at my family when we go to the shop', 'police_matter'],
  ['I was attacked by a dog in the park and the owner just walked off', 'police_matter'],
  ['the couple upstairs argue and bang about till 4am every night', 'antisocial_behaviour'],
  ['gangs of teenagers on motorbikes tearing round the rec every evening', 'antisocial_behaviour'],
  ['pls help my nieghbours dog has been barking 4 hours straight', 'antisocial_behaviour'],
  ['someone is leaving dog mess outside my door every day on purpose', 'antisocial_behaviour'],
  ['I was given a parking fine even though I paid for a ticket, the machine was broken', 'statutory_appeal'],
  ['they have refused my planning application for a loft conversion', 'statutory_appeal'],
  ['my house should be in band B not band D for council tax', 'statutory_appeal'],
  ['I have been overpaid housing benefit apparently and now you want £2000 back', 'statutory_appeal'],
  ['pothole damaged my tyre', 'insurance_claim'],
  ['I fell over a broken kerb on Queens Road and sprained my ankle, who do I claim from', 'insurance_claim'],
  ['the council tree in the street dropped a branch on my car and dented the roof', 'insurance_claim'],
  ['Cllr Brown was abusive to me on twitter', 'councillor_conduct'],
  ['the mayor lied to residents at the public meeting', 'councillor_conduct'],
  ['my solicitors will be in touch about the mould in my flat', 'legal_proceedings'],
  ['The council has taken me to court over rent arrears and I want to complain about the housing officer', 'legal_proceedings'],
  ['I submitted a FOI request in January and have heard nothing', 'information_rights'],
  ['you published my name and address on the planning portal without asking', 'information_rights'],
  ['my social worker keeps cancelling visits', 'social_care'],
  ['my elderly father has dementia and his carers have not turned up for 3 days', 'social_care'],
  ['the kids at number 9 are always out on the street at midnight and look hungry, I think they are being neglected', 'social_care'],
  ['the head teacher at my sons primary shouted at him in assembly', 'school'],
  ['My son was excluded from school for something he did not do', 'school'],
  ['my GP surgery keeps cancelling my appointments', 'other_organisation'],
  ['the police did nothing when I reported my stolen bike', 'other_organisation'],
  ['Leicestershire County Council have not gritted our road all winter', 'other_organisation'],
  ['I went for an interview for the finance officer job and the panel were rude', 'employment'],
  ['I sent my CV for the gardener vacancy and heard nothing, typical', 'employment'],
  ['I suspect my neighbour is committing benefit fraud', 'fraud_whistleblowing'],
  ['I want to report a housing officer who I think is corrupt', 'fraud_whistleblowing'],
  ['my company is still waiting for payment of our invoice from your highways department', 'supplier_contract'],
  ['As a local builder we completed the works in June but your finance team still has not paid our invoice', 'supplier_contract'],
  ['I want to complain about how I was treated at the housing office two years ago', 'out_of_time'],
  ['my bin was missed 18 months ago and you never apologised', 'out_of_time'],
  ['the ombudsman already investigated and closed my complaint', 'already_considered'],
  ['My complaint about the repairs went to the Housing Ombudsman who made a decision last year', 'already_considered'],
];

type KindCase = [text: string, kind: FeedbackKind];
const KIND_CASES: KindCase[] = [
  ['the street light outside number 10 keeps flickering', 'service_request'],
  ['bins not collected on our road today', 'service_request'],
  ['fly tipping at the end of Oak Lane, looks like builders rubbish', 'service_request'],
  ['can I get a bulky waste collection for a sofa next week', 'service_request'],
  ['council tax band question - how do I find out what band my house is?', 'service_request'],
  ['Hi, I got a penalty charge notice yesterday, how do I pay it?', 'service_request'],
  ["i dont want to complain, just letting you know the park bins are overflowing", 'service_request'],
  ['Not urgent, but the gas meter cupboard door is hanging off', 'service_request'],
  ['you never responded to my ASB reports', 'complaint'],
  ['I reported the streetlight 2 months ago and its still broken', 'complaint'],
  ['reported my noisy neighbour to the council in April and still no one has been out to see me', 'complaint'],
  ['my bin has been missed 3 weeks running, sort it out', 'complaint'],
  ['the girl on reception at the civic centre was so rude to me today', 'complaint'],
  ['ur bin men r useless, missed my bin AGAIN', 'complaint'],
  ['The bin men are lovely but the pothole I reported months ago is still there', 'complaint'],
  ['Thank you for nothing, still no heating after 3 weeks', 'complaint'],
  ["I've rung FIVE times about my leaking roof and every time I'm told someone will ring back. nobody has. my ceiling is now stained", 'complaint'],
  ['It would be nice to have more bins along the seafront', 'comment'],
  ['suggestion: put the bin calendar on the app', 'comment'],
  ['not a complaint but the new bin lorries are very loud at 6am', 'comment'],
  ['Thank you to Julie at the council tax office, she sorted everything out in 5 minutes', 'compliment'],
  ['really pleased with how fast the graffiti was removed, thanks guys', 'compliment'],
  ['the crew who empty our bins are always cheerful and helpful', 'compliment'],
];

describe('offline classifier', () => {
  it('uses messages that are not in the labelled set', () => {
    const labelled = new Set(loadLabelled().map((m) => m.text.trim().toLowerCase()));
    const overlap = [...ROUTE_CASES, ...KIND_CASES].filter(([text]) => labelled.has(text.trim().toLowerCase()));
    expect(overlap).toEqual([]);
  });

  // The cue matcher keeps its answers for the latest message (services/classifier/match.ts): a
  // message classified again, after others and alone, gets the same answer as the first time.
  it('answers a message the same whatever was classified before it', () => {
    const texts = [...ROUTE_CASES, ...KIND_CASES].map(([text]) => text);
    const first = texts.map((t) => classify(t));
    expect(texts.map((t) => classify(t))).toEqual(first);
    expect([...texts].reverse().map((t) => classify(t))).toEqual([...first].reverse());
    expect(texts.map((t) => (classify('the bins were not collected'), classify(t)))).toEqual(first);
  });

  it.each(ROUTE_CASES)('%s -> %s', (text, route) => {
    expect(classify(text).exclusions).toContain(route);
  });

  it.each(KIND_CASES)('%s -> %s with no exclusion', (text, kind) => {
    const r = classify(text);
    expect({ kind: r.kind, exclusions: r.exclusions }).toEqual({ kind, exclusions: [] });
  });

  it('calls a first report a service request and the same problem reported again a complaint', () => {
    expect(classify('the streetlight outside no 12 has gone out').kind).toBe('service_request');
    expect(classify("I reported the streetlight outside no 12 a month ago and nothing's been done").kind).toBe('complaint');
  });

  it('treats a complaint about how ASB reports were handled as a complaint, not an ASB signpost', () => {
    expect(classify('my neighbour plays loud music every night').exclusions).toEqual(['antisocial_behaviour']);
    const r = classify('I have reported my neighbour playing loud music to the council 5 times and nobody has done anything');
    expect(r.exclusions).toEqual([]);
    expect(r.kind).toBe('complaint');
    expect(r.reasons.some((x) => x.includes('antisocial_behaviour not used'))).toBe(true);
  });

  it('does not raise an emergency that is negated or long over', () => {
    expect(classify('this is not an emergency but the fire door on our landing will not close properly').exclusions).not.toContain('emergency');
    expect(classify('there is no smell of gas any more since the engineer came').exclusions).not.toContain('emergency');
    expect(classify('our kitchen flooded in March because you never fixed the pipe, now it is all mouldy').exclusions).not.toContain('emergency');
    expect(classify('Well done to the team who ran the bonfire and fireworks display').exclusions).toEqual([]);
  });

  it('keeps a gas smell an emergency even when the resident plays it down', () => {
    expect(classify('this is not an emergency, but there is a smell of gas sometimes near the meter').exclusions).toContain('emergency');
  });

  it('marks dissatisfaction even on a first report, and not on a neutral one', () => {
    expect(classify('the bins were not collected today, really annoying').dissatisfied).toBe(true);
    expect(classify('the bins were not collected today').dissatisfied).toBe(false);
  });

  describe('time limit', () => {
    const received = new Date('2025-06-10T12:00:00Z');
    it.each([
      ['In 2023 a council van clipped my wing mirror and I want to complain about the driver'],
      ['18 months ago the housing officer was rude to me'],
      ['last March the grass cutters left the verge in a mess'],
      ['two years ago the planning department lost my documents'],
      ['on 03/02/2024 I was given wrong advice by the benefits team'],
      ['a year and a half back your contractor damaged my fence and never paid for it'],
      ['during lockdown the council stopped collecting our garden waste without telling us'],
      ['the summer before last the grass cutters flattened my wall'],
    ])('%s -> out_of_time', (text) => {
      expect(classify(text, received).exclusions).toContain('out_of_time');
    });

    it.each([
      ['In 2025 the housing officer was rude to me'],
      ['six months ago the housing officer was rude to me'],
      ['my recycling box has been missed since 2023 and it is still happening'],
      ['last month the grass cutters left the verge in a mess'],
      ['two weeks back the grass cutters left the verge in a mess'],
      ['since lockdown the bins have been collected late every week'],
    ])('%s -> in time', (text) => {
      expect(classify(text, received).exclusions).not.toContain('out_of_time');
    });

    it('measures from receivedAt, not from today', () => {
      const text = 'In March 2024 the repairs team left my door hanging off';
      expect(classify(text, new Date('2024-09-01T12:00:00Z')).exclusions).not.toContain('out_of_time');
      expect(classify(text, new Date('2025-09-01T12:00:00Z')).exclusions).toContain('out_of_time');
    });

    it('uses the context time limit, and none when the policy states none', () => {
      const text = '18 months ago the housing officer was rude to me';
      expect(classify(text, received, { ...defaultContext, timeLimitMonths: 24 }).exclusions).not.toContain('out_of_time');
      expect(classify(text, received, { ...defaultContext, timeLimitMonths: Number.POSITIVE_INFINITY }).exclusions).not.toContain('out_of_time');
    });
  });

  describe('two-tier councils', () => {
    const countyServices = new Set<ServiceArea>(['highways', 'transport', 'libraries', 'education', 'adult_social_care', 'childrens_services']);
    const district: ClassifierContext = { ownsService: (a) => !countyServices.has(a), timeLimitMonths: 12 };

    it('signposts a highways matter to another organisation when the council does not run highways', () => {
      const r = classify('huge pothole outside the chip shop on Station Road', NOW, district);
      expect(r.serviceAreas).toContain('highways');
      expect(r.exclusions).toEqual(['other_organisation']);
      expect(r.reasons).toContain('route other_organisation: highways is not run by this council');
    });

    it('keeps a district service with the district', () => {
      expect(classify('my green bin was not emptied this week', NOW, district).exclusions).toEqual([]);
    });

    it('keeps highways with a unitary council', () => {
      expect(classify('huge pothole outside the chip shop on Station Road').exclusions).toEqual([]);
    });
  });

  describe('safeguarding', () => {
    it.each([
      ['my daughter says she wants to hurt herself and I dont know what to do'],
      ['my boyfriend beats me and I have nowhere to go'],
      ['I am worried my elderly neighbour is being financially abused by her son'],
      ['the kids next door are left on their own all weekend and look starving'],
    ])('%s -> safeguarding', (text) => {
      expect(classify(text).safeguarding).toBe(true);
    });

    it('is not raised for an ordinary complaint', () => {
      expect(classify('my son missed the school bus because it never turned up').safeguarding).toBe(false);
    });

    it('sends suicide risk to the emergency route and domestic abuse to the police route', () => {
      expect(classify('i am going to kill myself if i get evicted').exclusions).toContain('emergency');
      expect(classify('my husband hits me when he has been drinking').exclusions).toContain('police_matter');
    });
  });

  it('reads typos and text-speak', () => {
    expect(classify('i want to make a compliant about the recyling colection').kind).toBe('complaint');
    expect(classify('my nieghbour has put his fence on my land').exclusions).toContain('antisocial_behaviour');
    expect(classify('thx 4 sorting the pot hole so quick, brilliant').kind).toBe('compliment');
  });

  it('finds every issue in a message with several', () => {
    const r = classify('A pothole on our road burst my tyre and I want it paid for. Also my neighbours have parties every night till 3am.');
    expect(r.exclusions).toEqual(expect.arrayContaining(['insurance_claim', 'antisocial_behaviour']));
    expect(r.serviceAreas).toEqual(expect.arrayContaining(['highways']));
  });

  it('always returns a valid classification with short reasons that do not copy the message', () => {
    const long = 'My neighbour '.padEnd(400, 'blah ') + ' plays music loudly at night and nobody from the council ever does anything about it';
    for (const text of [long, '???', 'hello', '   x   ', ...ROUTE_CASES.map(([t]) => t)]) {
      const r = classify(text);
      expect(Classification.safeParse(r).success).toBe(true);
      for (const reason of r.reasons) expect(reason.length).toBeLessThan(140);
    }
  });
});

describe('a councillor or MP writing for someone is a representative', () => {
  const classify = (text: string) => classifyOffline({ text, receivedAt: new Date('2026-11-23T10:00:00Z'), context: defaultContext });
  test.each([
    'I am Councillor Khan writing for my constituent whose housing benefit claim has been ignored for 3 months',
    "As ward councillor for Castle I'm raising a resident's repairs that the council keeps ignoring",
    'On behalf of my constituent, I must complain that her repeated calls about mould were never answered',
  ])('%s', (text) => {
    const result = classify(text);
    expect(result.exclusions).not.toContain('councillor_conduct');
    expect(result.kind).toBe('complaint');
  });

  test('but a councillor complaining about another councillor is conduct', () => {
    expect(classify('I am a councillor and another councillor was abusive to me in the chamber').exclusions).toContain('councillor_conduct');
  });
});
