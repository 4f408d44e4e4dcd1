/**
 * The hazard detector over many ways residents put things: reports, complaints, comments, people
 * writing for others, short and long, with and without someone at risk, and the look-alikes that
 * are not hazards in a council home (mould on food, damp weather, a private house, the street).
 */
import { detectHazard } from '../../services/hazards/detect';
import type { HazardKind, HazardLevel } from '../../models/hazardVocabulary';

const WINTER = new Date('2026-12-02T10:00:00Z');
const SUMMER = new Date('2026-06-16T10:00:00Z');

type Row = [text: string, level: HazardLevel | null, kind?: HazardKind];

const EMERGENCIES: Row[] = [
  // Gas and carbon monoxide
  ['I can smell gas in the kitchen', 'emergency', 'gas'],
  ["There's a strong smell of gas coming from the cooker", 'emergency', 'gas'],
  ['smells like gas in the hallway since this morning', 'emergency', 'gas'],
  ['We think there is a gas leak by the boiler', 'emergency', 'gas'],
  ['the carbon monoxide alarm keeps going off', 'emergency', 'gas'],
  ['CO detector is beeping and my head hurts', 'emergency', 'gas'],
  ['My mum says her flat stinks of gas', 'emergency', 'gas'],
  // Electrics
  ['There are exposed wires hanging out of the bathroom ceiling', 'emergency', 'electrical'],
  ['the socket in the living room is sparking', 'emergency', 'electrical'],
  ['Sparks came out of the plug socket when I turned the kettle on', 'emergency', 'electrical'],
  ['my son got an electric shock off the light switch', 'emergency', 'electrical'],
  ['burning smell from the fuse box and it is buzzing', 'emergency', 'electrical'],
  ['water is dripping into the light fitting in the kitchen', 'emergency', 'electrical'],
  ['We have had no electricity at all since yesterday, the rest of the street has power', 'emergency', 'electrical'],
  ['the wiring behind the cooker has melted', 'emergency', 'electrical'],
  // Water
  ['Water is pouring through the ceiling from the flat above', 'emergency', 'water_leak'],
  ['rain coming in through the roof into the bedroom', 'emergency', 'water_leak'],
  ['A pipe has burst under the sink', 'emergency', 'water_leak'],
  ['the kitchen ceiling is bulging with water', 'emergency', 'water_leak'],
  ["leak under the bath and I can't stop it", 'emergency', 'water_leak'],
  ['My kitchen is flooded', 'emergency', 'flooding'],
  ['there is standing water all over the bathroom floor', 'emergency', 'flooding'],
  ['the downstairs of the house flooded last night', 'emergency', 'flooding'],
  ['We have no water at all, nothing comes out of the taps', 'emergency', 'no_water'],
  ['no running water in the flat since Friday', 'emergency', 'no_water'],
  // Toilet and sewage
  ['Sewage is coming up through the shower drain', 'emergency', 'sanitation'],
  ['our only toilet is blocked and overflowing', 'emergency', 'sanitation'],
  ["The toilet won't flush and it's the only one we have", 'emergency', 'sanitation'],
  // Heating in cold weather or for someone at risk
  ['The boiler has broken down and we have no heating', 'emergency', 'heating'],
  ['no heating or hot water, my dad is 84', 'emergency', 'heating'],
  ['heating not working for a week and it is freezing', 'emergency', 'heating'],
  ['all the radiators are stone cold', 'emergency', 'heating'],
  ['Boiler keeps cutting out, we have a 6 month old baby', 'emergency', 'heating'],
  ['storage heaters stopped working', 'emergency', 'heating'],
  // Structure
  ['Part of the bedroom ceiling has collapsed', 'emergency', 'structural'],
  ['the ceiling in the hall looks like it is about to come down', 'emergency', 'structural'],
  ['The garden wall is falling down onto the path', 'emergency', 'structural'],
  ['there is a crack in the wall that is getting bigger every day', 'emergency', 'structural'],
  ['plaster came down off the ceiling onto my bed', 'emergency', 'structural'],
  ['the balcony feels unsafe and is coming away from the wall', 'emergency', 'structural'],
  // Security
  ["My front door won't lock after someone tried to break in", 'emergency', 'security'],
  ['the back door is hanging off its hinges', 'emergency', 'security'],
  ['I cannot lock my front door, the lock is broken', 'emergency', 'security'],
  ['the communal entrance door does not close so anyone can walk in', 'emergency', 'security'],
  ['The living room window was smashed last night and we are on the ground floor', 'emergency', 'security'],
  // Damp and mould made an emergency by who is exposed
  ["There's black mould in my daughter's bedroom, she's 3 and has asthma", 'emergency', 'damp_mould'],
  ['mould all over the walls of the baby’s room and he keeps coughing', 'emergency', 'damp_mould'],
  ['My son was admitted to hospital with a chest infection and the GP blamed the damp in our flat', 'emergency', 'damp_mould'],
  ["I'm 7 months pregnant and the bedroom is covered in black mould", 'emergency', 'damp_mould'],
  ['my nan is 88 and the mold is growing on her clothes in the wardrobe', 'emergency', 'damp_mould'],
  ['The damp is making my asthma really bad, I struggle to breathe at night', 'emergency', 'damp_mould'],
  ["I'm writing for my grandmother. Her bungalow has black mould everywhere and she has COPD", 'emergency', 'damp_mould'],
  ['we have a newborn and mould is spreading across the ceiling', 'emergency', 'damp_mould'],
  ['My son keeps missing school because the mould in our flat gives him chest infections', 'emergency', 'damp_mould'],
  ["hi, my little boy's room has mould coming through the wallpaper and he's been poorly", 'emergency', 'damp_mould'],
  ['Damp everywhere, my partner has COPD', 'emergency', 'damp_mould'],
  ['smell of burning from the socket', 'emergency', 'electrical'],
  ['the gas fire is not working', 'emergency', 'heating'],
  ['no hot water and my wife is pregnant', 'emergency', 'heating'],
  ['My elderly mother’s heating has been broken since Monday', 'emergency', 'heating'],
  ['Our ceiling fell in last night', 'emergency', 'structural'],
];

const SIGNIFICANT: Row[] = [
  ['There is mould in the bathroom', 'significant', 'damp_mould'],
  ['damp patches on the bedroom wall', 'significant', 'damp_mould'],
  ['My kitchen has had damp and mould for four months, I reported it twice and the repairs team cancelled both appointments', 'significant', 'damp_mould'],
  ['black mould round the windows', 'significant', 'damp_mould'],
  ['the walls are wet and the wallpaper is peeling off', 'significant', 'damp_mould'],
  ['Condensation is streaming down the windows every morning', 'significant', 'damp_mould'],
  ['Rising damp in the living room', 'significant', 'damp_mould'],
  ['mouldy smell in the spare room and black spots on the ceiling', 'significant', 'damp_mould'],
  ['the flat is damp', 'significant', 'damp_mould'],
  ['Mold behind the wardrobe again', 'significant', 'damp_mould'],
  ['There is fungus growing out of the skirting board', 'significant', 'damp_mould'],
  ['i keep reporting the damp in my flat and nobody comes', 'significant', 'damp_mould'],
  ['Complaint: you painted over the mould in my bathroom and it came back within a month', 'significant', 'damp_mould'],
  ['Just a comment really, the extractor fan has never worked and now the bathroom ceiling is mouldy', 'significant', 'damp_mould'],
  ['the damp proof course has failed and the wall is soaking', 'significant', 'damp_mould'],
  ["water coming through the wall when it rains, it's damp and smells", 'significant', 'damp_mould'],
  ['We have mildew on the curtains', 'significant', 'damp_mould'],
  ['mould in the kids bedroom', 'significant', 'damp_mould'],
  ['My council flat has damp in every room', 'significant', 'damp_mould'],
  ['Writing on behalf of my neighbour who is deaf: the bathroom is full of mould', 'significant', 'damp_mould'],
  ['mould on the ceiling', 'significant', 'damp_mould'],
  ['I rang the housing office three times about the damp in the kitchen', 'significant', 'damp_mould'],
  ['Thank you for coming to look at the mould in the bedroom, when will it be treated?', 'significant', 'damp_mould'],
  ['mould', 'significant', 'damp_mould'],
  ['windows rotten and letting rain in, bedroom soaked', 'significant', 'damp_mould'],
  ['I have reported black mould three times', 'significant', 'damp_mould'],
  ['DAMP AND MOULD IN BEDROOM', 'significant', 'damp_mould'],
  ["there's a damp patch on the ceiling under the bathroom", 'significant', 'damp_mould'],
];

const NOT_HAZARDS: Row[] = [
  ['There was mould on my bread from the council café', null],
  ['mould on the sandwiches at the leisure centre café', null],
  ['the cheese I bought at the market had mould on it', null],
  ['The damp course in my private house has failed', null],
  ['I own my house and there is damp in the kitchen, can you recommend a builder?', null],
  ['my private landlord will not deal with the mould in my flat', null],
  ['I rent privately and the letting agent ignores the damp', null],
  ['Our housing association flat has black mould', null],
  ['As a homeowner I want advice on condensation', null],
  ['It was a damp day and the bin men were late', null],
  ['please wipe the benches in the park, they are always damp', null],
  ['flooding on the road outside my house', null],
  ['The street floods every time it rains', null],
  ['the drain in the road is blocked and floods the pavement', null],
  ['My green bin was not emptied on Monday', null],
  ['I want to complain about my council tax bill', null],
  ['my gas bill is too high', null],
  ['the gas engineer did not turn up for the annual gas safety check', null],
  ['please can I have a new electric meter', null],
  ['There is no damp or mould in my flat but the kitchen cupboard door is loose', null],
  ['thank you for fixing the mould in my bathroom so quickly', null],
  ['Thanks to the team who treated the damp, it has all gone now', null],
  ['the council should do more about damp in its homes', null],
  ['the changing rooms at the swimming pool are full of mould', null],
  ["my son's school has mould in the classroom", null],
  ['the library roof leaks onto the books', null],
  ['the heating bill is more than I can afford', null],
  ['can someone service the boiler, it is due', null],
  ['I turned the heating off to save money', null],
  ['The pothole on Station Road is getting bigger', null],
  ['the grass verge is covered in fungus', null],
  ['mushrooms growing on the tree stump in the park', null],
  ['a flood of leaflets comes through my door every week', null],
  ['I would like to break the mould and thank the repairs team', null],
  ['my daughter made a jelly mould at the library craft club', null],
  ['The bedroom door will not close properly', null],
  ['the bus shelter window is smashed', null],
  ['a car window was smashed in the car park', null],
  ['Noise from next door every night', null],
  ['I want to compliment the housing officer who helped me', null],
  ['planning application for the extension next door', null],
  ['There is no gas leak, the engineer checked', null],
  ['the damp towels in the changing room smell', null],
  ['My sink drips a bit', null],
  ['the electrics keep tripping when the washing machine is on', null],
  ['there are rats in the loft', null],
  ['we have had no hot water for 3 days', null],
  ['my neighbours dog barks constantly', null],
];

/**
 * A second batch, written after the rules above without looking at them: 35 of 40 were right
 * before the fixes they prompted (apostrophes left out, "without heating", an age given as a bare
 * number, an eggy smell, wallpaper).
 */
const SECOND_BATCH: Row[] = [
  ['the whole flat stinks of gas and the hob is hissing', 'emergency'],
  ['Theres a funny eggy smell near the meter, think its gas', 'emergency'],
  ['my carbon monoxide detector went off twice last night', 'emergency'],
  ['wires are sticking out of the wall where the light switch was', 'emergency'],
  ['the plug socket in the kids room is scorched and smells of burning', 'emergency'],
  ['water is coming through the light fitting in the bathroom', 'emergency'],
  ['the flat upstairs has flooded and it is pouring through my ceiling', 'emergency'],
  ['my bathroom ceiling fell down this morning', 'emergency'],
  ['the stairs are coming away from the wall', 'emergency'],
  ['someone kicked my door in and now it wont lock', 'emergency'],
  ['we have been without heating since Saturday and my mum is 79', 'emergency'],
  ['the boiler packed up and its freezing, we have a baby', 'emergency'],
  ['toilet is overflowing with sewage', 'emergency'],
  ['no water coming from any taps since this morning', 'emergency'],
  ['mould is growing on my sons cot and he has a chest infection', 'emergency'],
  ['the damp in our flat has put my asthmatic son in hospital twice', 'emergency'],
  ['my partner is on chemo and the bedroom is black with mould', 'emergency'],
  ['black mould on the walls, we have a 2 week old baby', 'emergency'],
  ['there is a bit of mould in the corner of the bathroom', 'significant'],
  ['condensation running down the windows and black mould on the sills', 'significant'],
  ['the wallpaper is peeling because of damp', 'significant'],
  ['there is a horrible musty damp smell in the back bedroom', 'significant'],
  ['my clothes in the wardrobe are going mouldy', 'significant'],
  ['the extractor fan in the bathroom is broken and there is mould everywhere', 'significant'],
  ['I have told you three times about the damp in the kitchen', 'significant'],
  ['damp coming up the walls downstairs', 'significant'],
  ['the roof leaks when it rains and the ceiling has gone mouldy', 'significant'],
  ['mould on the bread in the school canteen', null],
  ['my landlord (private) wont fix the damp', null],
  ['our housing association keeps ignoring the mould', null],
  ['the market had mouldy strawberries', null],
  ['the park path floods in winter', null],
  ['the damp weather has made the bins smell', null],
  ['thank you for sorting the damp out in my flat, it is so much better', null],
  ['please could you collect my bulky waste, an old sofa', null],
  ['the street light outside is flickering', null],
  ['my gas meter needs reading', null],
  ['I am complaining about the way the housing officer spoke to me', null],
  ['what is your policy on damp and mould?', null],
  ['the leisure centre showers have black mould', null],
];

describe('hazard detection', () => {
  // Every row gets three values: jest would take a missing last one for a done callback.
  const rows = [...EMERGENCIES, ...SIGNIFICANT, ...NOT_HAZARDS, ...SECOND_BATCH].map(([t, l, k]) => [t, l, k ?? ''] as const);

  it('has a large and varied table', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(new Set(rows.map(([t]) => t.toLowerCase())).size).toBe(rows.length);
  });

  it.each(rows)('%s → %s %s', (text, level, kind) => {
    const found = detectHazard(text, { at: WINTER });
    expect(found?.level ?? null).toBe(level);
    if (kind) expect(found?.kinds).toContain(kind);
  });

  it('counts lost heating in summer as an emergency only for someone at risk', () => {
    expect(detectHazard('The boiler has broken down and we have no heating', { at: SUMMER })).toBeNull();
    expect(detectHazard('no heating, my wife is disabled and feels the cold', { at: SUMMER })?.level).toBe('emergency');
    expect(detectHazard('The boiler has broken down and we have no heating', { at: SUMMER, vulnerable: true })?.level).toBe('emergency');
    // A pack that lists excess cold among its significant hazards keeps it, below emergency.
    expect(detectHazard('The boiler has broken down and we have no heating', { at: SUMMER, significantKinds: ['damp_mould', 'heating'] })?.level).toBe(
      'significant',
    );
  });

  it('raises damp and mould to an emergency when the intake says someone is at risk and it is bad', () => {
    expect(detectHazard('black mould all over the bedroom walls', { at: WINTER })?.level).toBe('significant');
    expect(detectHazard('black mould all over the bedroom walls', { at: WINTER, vulnerable: true })?.level).toBe('emergency');
  });

  it('says why: kinds, vulnerability and severity', () => {
    const found = detectHazard("There's black mould in my daughter's bedroom, she's 3 and has asthma", { at: WINTER })!;
    expect(found.kinds).toEqual(['damp_mould']);
    expect(found.vulnerability).toEqual(expect.arrayContaining(['young_child', 'health_condition']));
    expect(found.reasons).toEqual(expect.arrayContaining(['damp_mould', 'severe', 'vulnerable']));
  });

  it('puts the most serious kind first when a message has several', () => {
    const found = detectHazard('damp in the bedroom, and now water is pouring through the ceiling light', { at: WINTER })!;
    expect(found.level).toBe('emergency');
    expect(found.kinds[0]).toBe('electrical');
    expect(found.kinds).toContain('damp_mould');
  });

  it('answers any input with null or a well-formed finding, hostile and oversized text included', () => {
    const words = ['mould', 'gas', 'smell', 'no', 'heating', 'baby', 'ceiling', 'collapsed', 'wires', 'private', 'flood', 'the', 'my', 'flat', '$where', '{"$gt":""}', '\u0000', '😀', '.', '\n', 'wont', "can't", 'not'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 60) }, () => words[Math.floor(next() * words.length)]).join(' ');
      const found = detectHazard(text, { at: WINTER, vulnerable: next() < 0.3 });
      if (found) {
        expect(['emergency', 'significant']).toContain(found.level);
        expect(found.kinds.length).toBeGreaterThan(0);
      }
    }
    expect(detectHazard('', { at: WINTER })).toBeNull();
    expect(detectHazard(`${'a'.repeat(9_990)} gas leak`, { at: WINTER })?.level).toBe('emergency');
  });

  it('treats a council tenant who mentions a private matter as a council tenant', () => {
    expect(detectHazard('I am a council tenant, my private landlord before was worse, but now there is mould in the bathroom', { at: WINTER })?.level).toBe(
      'significant',
    );
  });
});
