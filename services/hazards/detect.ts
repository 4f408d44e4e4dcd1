/**
 * Recognises housing hazards in what a resident writes, whatever kind of message it is (a report,
 * a complaint, even a comment), for councils that are social landlords: damp and mould, and the
 * emergency hazards the Hazards in Social Housing (Prescribed Requirements) (England) Regulations
 * 2025 and the government's guidance describe (a gas leak, exposed or sparking electrics, water
 * pouring in or flooding inside, no water at all, sewage or the only toilet unusable, no heating or
 * hot water in cold weather or for someone at risk, a collapse, an outside door that cannot be
 * secured).
 *
 * It runs beside the classifier, not inside it: the kind of message and the route are the
 * classifier's; this only says whether the home may have a hazard, how serious it looks, and why.
 * It judges the way a triage officer would on the words alone, erring towards safety; the
 * council's competent investigator decides. Rules, not a model: each cue is a phrase a resident
 * would use, checked in its own sentence against what takes it away (a negation, mould on food,
 * flooding in the street, a home the council is not landlord of, a problem already put right).
 */
import type { HazardKind, HazardLevel, VulnerabilityCue } from '../../models/hazardVocabulary';

export interface HazardFinding {
  level: HazardLevel;
  /** Every kind recognised, the most serious first. */
  kinds: HazardKind[];
  vulnerability: VulnerabilityCue[];
  /** Short codes saying why (for staff and the timeline): the kinds, and e.g. severe, symptoms, cold_weather. */
  reasons: string[];
}

export interface DetectOptions {
  /** When the message was received: heating loss from November to March counts as in cold weather. */
  at?: Date;
  /** The resident said, in the intake, that someone is at risk or has a health condition. */
  vulnerable?: boolean;
  /** Kinds the regulations make significant hazards (below emergency level); damp and mould when absent. */
  significantKinds?: readonly HazardKind[];
}

type Level = HazardLevel | 'conditional';
interface Cue {
  kind: HazardKind;
  re: RegExp;
  /** conditional: the level depends on the situation (see levelOf). */
  level: Level;
  /** Takes the cue away when it matches the same sentence. */
  unless?: RegExp;
}

// ---- phrases -------------------------------------------------------------------------------------

const HOME_FABRIC = String.raw`wallpaper|paintwork|paint|sills?|corners?|walls?|ceilings?|windows?|window sills?|bedrooms?|bathroom|kitchen|living room|lounge|hall(way)?|landing|stairs|carpets?|floors?|floorboards|skirting( boards?)?|plaster|cupboards?|wardrobes?|loft|flat|house|home|bungalow|maisonette|property|room|rooms|porch`;
const OUTDOORS = /\b(road|roads|street|streets|pavement|footpath|lane|car park|field|fields|park|garden|gardens|drive|driveway|underpass|gull(y|ies)|town|village|area|river|brook|outside|in the street|roundabout|bus stop)\b/;
const INDOORS = /\b(kitchen|bathroom|bedroom|bedrooms|living room|lounge|hallway|inside|indoors|downstairs|upstairs|carpets?|landing|ceiling|cellar|basement)\b|\b(in|into|inside|through|throughout) (my|our|the|his|her|their) (house|flat|home|bungalow|maisonette|property)\b/;
const FOOD = /\b(bread|food|cheese|fruit|sandwich(es)?|yogh?urt|meal|meals|pizza|takeaway|vegetables|veg|jam|cake|cakes|milk|jelly|leftovers|lunch|loaf|packed lunch|crisps|coffee|tea bags?)\b/;
const FABRIC_NEAR = new RegExp(String.raw`\b(walls?|ceilings?|windows?|window sills?|bedrooms?|bathroom|carpets?|floors?|skirting|plaster|wardrobes?|loft|room|rooms|cot|mattress|bed|curtains|clothes|furniture|sofa|shoes)\b`);
const NEGATION_BEFORE = /\b(no|not|never|without|free (of|from)|isn'?t any|aren'?t any|haven'?t (got )?any|hasn'?t (got )?any|don'?t have any|no sign of|no longer|nor)\s+(\w+\s+){0,2}$/;

const CUES: Cue[] = [
  // Gas and carbon monoxide: always an emergency.
  { kind: 'gas', level: 'emergency', re: /\b(smell(s|ing|ed|t)?|stink(s|ing)?|whiff|reek(s|ing)?) (of |like )?gas\b/ },
  { kind: 'gas', level: 'emergency', re: /\bgas (leak|leaking|smell|escape|escaping|is leaking|coming out)\b/ },
  { kind: 'gas', level: 'emergency', re: /\bleak(ing|s)? (of )?gas\b/ },
  { kind: 'gas', level: 'emergency', re: /\b(eggy|rotten eggs?) smell\b|\bsmell(s|ing)? (of |like )?(rotten )?eggs\b|\bsmell\b[^.]{0,40}\b(think|thinks|might be|could be|must be|probably|maybe) (it'?s |it is )?gas\b/ },
  { kind: 'gas', level: 'emergency', re: /\bcarbon monoxide (poisoning|leak|leaking|alarm (is |keeps )?(going off|beeping|sounding|went off))\b/ },
  { kind: 'gas', level: 'emergency', re: /\b(co|carbon monoxide) (alarm|detector) (is |keeps |has been |kept )?(going off|beeping|sounding|went off|goes off)\b/ },

  // Electrics.
  { kind: 'electrical', level: 'emergency', re: /\b(exposed|bare|live|hanging|loose) (live |electric(al)? )?wir(e|es|ing)\b/ },
  { kind: 'electrical', level: 'emergency', re: /\bwir(es|ing) (are |is )?(exposed|hanging (out|down)|sticking out|showing|bare|melted|burnt|burned)\b/ },
  { kind: 'electrical', level: 'emergency', re: /\b(sockets?|plugs?|switch(es)?|light switch|fuse ?box|consumer unit|light fittings?|cooker|electrics)\b[^.]{0,40}\b(spark(s|ing|ed)?|burning|smoking|smoke|scorch(ed|ing)?|melt(ed|ing)|charred|blackened|buzzing|crackling|hot to (the )?touch|on fire|caught fire)\b/ },
  { kind: 'electrical', level: 'emergency', re: /\b(spark(s|ing|ed)?|smoke|smoking)\b[^.]{0,30}\b(from|out of|coming out of|in) (the |a |my |our )?(sockets?|plugs?|switch(es)?|fuse ?box|consumer unit|light fittings?|wall|ceiling light)\b/ },
  { kind: 'electrical', level: 'emergency', re: /\b(electric(al)? shocks?|got a shock|gets a shock|getting shocks|shocked me|gave (me|him|her|us) a shock)\b/ },
  { kind: 'electrical', level: 'emergency', re: /\b(burning smell|smell of burning|smells? (of )?burning)\b[^.]{0,40}\b(sockets?|plugs?|fuse ?box|electric(s|al)?|wiring|lights?|consumer unit)\b/ },
  { kind: 'electrical', level: 'emergency', re: /\b(sockets?|plugs?|fuse ?box|electrics|wiring|consumer unit)\b[^.]{0,30}\bsmell(s|ing)? (of )?burning\b/ },
  { kind: 'electrical', level: 'emergency', re: /\bwater\b[^.]{0,50}\b(coming|dripping|leaking|pouring|running|getting)\b[^.]{0,30}\b(light fittings?|lights?|electrics|sockets?|fuse ?box|consumer unit|wiring)\b/ },
  { kind: 'electrical', level: 'emergency', re: /\bno (electricity|electric|power)( at all)?\b/, unless: /\bpower cut\b/ },

  // Water coming in.
  { kind: 'water_leak', level: 'emergency', re: /\b(water|rain)\b[^.]{0,40}\b(pouring|gushing|streaming|flooding|coming|running|pissing|cascading)\b[^.]{0,20}\b(through|in through|down through|out of|from)\b[^.]{0,15}\b(the |my |our )?(ceiling|roof|light)/ },
  { kind: 'water_leak', level: 'emergency', re: /\bceiling\b[^.]{0,30}\b(bulging|sagging|bowing|pouring|gushing|caving)\b/ },
  { kind: 'water_leak', level: 'emergency', re: /\b(burst (water )?pipes?|pipes? (has |have )?burst)\b/ },
  { kind: 'water_leak', level: 'emergency', re: /\bleak(s|ing)?\b[^.]{0,30}\b(won'?t stop|can'?t stop|cannot stop|getting worse|everywhere|can'?t turn (it )?off)\b/ },
  { kind: 'flooding', level: 'emergency', re: /\b(flood(ed|ing|s)?|water everywhere|standing water|inches of water|ankle deep)\b/, unless: /\bflood of\b/ },
  { kind: 'no_water', level: 'emergency', re: /\bno (running |cold |mains )?water\b(?! pressure)/, unless: /\bno (running )?hot water\b/ },
  { kind: 'no_water', level: 'emergency', re: /\b(nothing|no water) (comes|coming) out of the taps\b|\bwater (supply )?(has been |is |was )?(cut off|turned off)\b|\btaps? (are |is )?not (working|running)\b/, unless: /\bhot water\b/ },

  // Toilet and sewage.
  { kind: 'sanitation', level: 'emergency', re: /\b(raw sewage|sewage|sewer (is )?(backing up|overflowing)|drains? (are |is )?(backing up|overflowing) (into|in))\b/ },
  { kind: 'sanitation', level: 'conditional', re: /\b(toilet|loo|wc)\b[^.]{0,30}\b(overflowing|blocked|broken|not flushing|won'?t flush|doesn'?t flush|does not flush|unusable|not working|isn'?t working|can'?t be used)\b/ },

  // Heating and hot water: an emergency in cold weather or for someone at risk.
  { kind: 'heating', level: 'conditional', re: /\b(no|without( any)?|not had( any)?|haven'?t had( any)?) (central )?(heating|heat|hot water)\b/ },
  {
    kind: 'heating',
    level: 'conditional',
    re: /\b(heating|boiler|radiators?|hot water|central heating|storage heaters?|heaters?|gas fire)\b[^.]{0,30}\b(broken|broke|broken down|not working|isn'?t working|is not working|not been working|hasn'?t been working|doesn'?t work|does not work|won'?t (come on|work|turn on|fire up|ignite|start)|stopped working|has stopped|packed up|packed in|conked out|died|failed|keeps (going off|cutting out|turning off|breaking down)|out of order|not coming on|stone cold|not heating up)\b/,
    unless: /\b(heating (bill|bills|costs?)|cost of (the )?heating|afford (the |to put the |to have the )?heating|boiler service|service (the |my |our )?boiler)\b/,
  },
  { kind: 'heating', level: 'conditional', re: /\bradiators? (are |is )?(stone )?(cold|freezing)\b/ },

  // Structure.
  {
    kind: 'structural',
    level: 'emergency',
    re: /\b(ceilings?|roof|walls?|floors?|stairs|staircase|balcony|chimney|chimney stack|porch|bay window|window frames?|plaster(board)?)\b[^.]{0,40}\b(collaps(ed|ing|e|es)|caved in|caving in|fell in|fallen in|fell down|fallen down|falling (down|in|off|apart)|come down|came down|coming down|about to (fall|collapse|come down|give way)|given way|gave way|giving way|coming away|come away|came away)\b/,
  },
  { kind: 'structural', level: 'emergency', re: /\b(collapsed|fallen) (ceiling|roof|wall|floor|chimney)\b/ },
  { kind: 'structural', level: 'emergency', re: /\bcracks?\b[^.]{0,40}\b(getting (bigger|wider|worse)|widening|spreading|moving|can see (through|outside|daylight)|dangerous|unsafe)\b/ },
  { kind: 'structural', level: 'emergency', re: /\b(ceiling|roof|wall|floor|balcony|stairs)\b[^.]{0,20}\b(is|are|looks|feels|seems) (unsafe|dangerous|unstable)\b/ },

  // Security: an outside door or window that cannot be secured.
  {
    kind: 'security',
    level: 'emergency',
    re: /\b(front|back|external|outside|main|entrance|communal|patio|flat|rear) doors?\b[^.]{0,40}\b(won'?t|will not|doesn'?t|does not|can'?t|cannot|can not|isn'?t|not|no longer) (lock|close|shut|secure|locking|closing|shutting)\b/,
  },
  { kind: 'security', level: 'emergency', re: /\b(my|our|the) doors?\b[^.]{0,40}\b(won'?t|will not|doesn'?t|does not|can'?t|cannot|can not|isn'?t|no longer) (lock|close|shut|secure)\b/ },
  { kind: 'security', level: 'emergency', re: /\b(can'?t|cannot|can not|unable to|no way to) (lock|secure|shut|close) (my|the|our) (front |back |external |outside |main |patio |rear )?(door|flat|house|home|property)\b/ },
  { kind: 'security', level: 'emergency', re: /\b(front|back|external|outside|main|entrance|patio|rear) doors?\b[^.]{0,30}\b(broken|smashed|kicked in|forced|hanging off|off (its|the) hinges|came off|fallen off|damaged|bust)\b/ },
  { kind: 'security', level: 'emergency', re: /\b(door )?locks? (is |are |has |have )?(broken|snapped|jammed|bust)\b[^.]{0,30}\b(front|back|main|outside|patio)?\s*door\b|\b(front|back|main|outside|patio) door locks? (is |are |has |have )?(broken|snapped|jammed|bust)\b/ },
  { kind: 'security', level: 'conditional', re: /\b(windows?|glass|panes?)\b[^.]{0,30}\b(smashed|broken|shattered|kicked in|put through|cracked)\b|\b(smashed|broken|shattered) (window|windows|glass)\b/ },
];

// Damp and mould: significant; an emergency when someone at risk is exposed to it badly.
const MOULD = /\b(mould|mouldy|moulds|mildew|fungus|fungi|fungal( growth)?|black spots|mushrooms? growing)\b/;
const MOULD_IDIOM = /\bbreak(s|ing)? the mould\b|\b(jelly|cake|pudding|chocolate|silicone|baking|plaster of paris) moulds?\b|\bmould(s)? (for|to make)\b/;
const DAMP = /\b(damp|dampness|rising damp|penetrating damp|wet walls|walls (are |is )?(wet|soaking|sodden|running with water)|water running down the walls|condensation|(letting|lets|let) (the )?(rain|water) in|(walls?|ceilings?|bedroom|room|carpets?|floor|mattress)\b[^.]{0,15}\b(soaked|soaking|sodden|wet through|drenched))\b/;
const DAMP_NOT_HOME = /\bdamp (weather|day|days|morning|mornings|evening|cloth|cloths|towels?|hair|squib|washing|sponge|rag|patch on the (grass|lawn))\b|\b(weather|it) (is|was|has been) (a bit )?damp\b/;
const CONDENSATION_ONLY = /\bcondensation\b/;
const CONDENSATION_BAD = /\bcondensation\b[^.]{0,40}\b(streaming|running|pouring|dripping|bad|terrible|awful|every (morning|day|night)|soaking|puddles?|pools?|mould)\b|\b(streaming|running|dripping|pouring|soaking) (with )?condensation\b/;
const OUTDOOR_FUNGUS = /\b(fungus|fungi|mushrooms?) (on|in|growing (on|in)) (the )?(tree|trees|lawn|grass|garden|verge|field|park|stump)\b/;
const SEVERE_DAMP =
  /\b(black mould|black with (mould|damp)|black spots|covered (in|with)|everywhere|all over|spreading|spread(s)? (to|into|across)|whole (wall|walls|room|ceiling|flat|house|home)|every room|thick|furry|green mould|growing (on|out of|up)|on (the |our |my |his |her |their )?(clothes|furniture|bed|beds|mattress|cot|toys|shoes|sofa|curtains)|mushrooms?|dripping (down|off) the walls|running down the walls|soaking wet|sodden|can'?t get rid|keeps coming back|come back again|came back)\b/;
const SYMPTOMS =
  /\b(can'?t breathe|cannot breathe|struggl(e|es|ing) to breathe|breathing (problems|difficult|difficulties|in the spores)|wheez(e|es|ing|y)|cough(s|ing)?|chest (infection|infections|problems)|asthma attacks?|inhalers?|nebuli[sz]er|hospital|a ?& ?e|admitted|ambulance|gp|doctor|nhs 111|respiratory|(ill|sick|poorly|unwell) (because of|from|with) (the )?(mould|damp)|(making|made|makes) (me|us|him|her|them|my [a-z]+|the (kids|children|baby|family)|everyone) (ill|sick|poorly|unwell|cough)|(been|is|are|keeps? getting|kept getting|gets?|getting|always) (poorly|ill|sick|unwell)|rash(es)?|headaches|nose ?bleeds|sore throats?)\b/;
const ACUTE_SYMPTOMS = /\b(can'?t breathe|cannot breathe|struggl(e|es|ing) to breathe|asthma attacks?|hospital|a ?& ?e|admitted|ambulance)\b/;
/** Something that places damp or mould in a home rather than in general ("the council should tackle damp"). */
const HOME_ANCHOR = new RegExp(
  String.raw`\b(${HOME_FABRIC})\b|\b(my|our|their|his|her) (home|house|flat|place|property|bungalow|maisonette)\b|\b(i|we|i'?ve|we'?ve|they|you) (have|got|live)\b|\bthere'?s\b|\bthere (is|are)\b`,
);

const VULNERABILITY: Array<[VulnerabilityCue, RegExp]> = [
  [
    'young_child',
    /\b(baby|babies|newborn|new born|new baby|infant|infants|toddler|toddlers|little ones?|kids?|children|child|childs|son|sons|daughter|daughters|(my|our|her|his|their) (little )?(boy|girl|boys|girls|lad|lass)|grandchild(ren)?|grandson|granddaughter|nursery|(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ](month|months|week|weeks)[- ]old|([1-9]|1[0-5]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ](year|yr)s?[- ]old|twins)\b/,
  ],
  [
    'older_person',
    /\b(elderly|pensioners?|oap|old age|older person|older people|old lady|old man|in (his|her|my|their|our) (70|80|90)s|aged (6[5-9]|[7-9]\d)|(6[5-9]|[7-9]\d)[- ]years?[- ]old|my (nan|nana|nanna|gran|granny|grandma|grandmother|grandad|granddad|grandfather)|over (70|75|80)|(mum|mother|dad|father|nan|gran|grandma|grandad|husband|wife|partner|he|she|who) (is|'s) (6[5-9]|[7-9]\d)\b)\b/,
  ],
  ['pregnancy', /\b(pregnant|pregnancy|expecting (a baby|twins|our first)|due to give birth|weeks pregnant|maternity)\b/],
  [
    'health_condition',
    /\b(asthma|asthmatic|copd|bronchitis|bronchiectasis|emphysema|lung (condition|disease|problems)|breathing (problems|difficulties|condition)|respiratory (condition|illness|problems)|cystic fibrosis|chemo(therapy)?|cancer|immune (system|compromised|suppressed)|immunocompromised|immunosuppressed|heart (condition|problems|disease|failure)|sickle cell|diabet(es|ic)|eczema|chest infections?|pneumonia|transplant|dementia|terminally ill|frail|ill health|long[- ]term (illness|condition))\b/,
  ],
  ['disability', /\b(disabled|disability|disabilities|wheelchair|mobility (problems|issues|scooter)|housebound|bed ?bound|bed-bound|blind|deaf|learning disabilit(y|ies))\b/],
  ['said_vulnerable', /\bvulnerable\b/],
];

const COLD_WEATHER = /\b(freezing|frozen|cold|snow(ing)?|frost(y)?|icy|sub[- ]?zero|below zero|minus \d+|chilly|bitter(ly)?|winter|can see (my|our|their) breath|temperatures? (have |has )?(dropped|plummeted))\b/;
const WINDOW_INSECURE = /\b(ground floor|anyone (could|can) (get|climb|break) in|can'?t (secure|lock|close)|insecure|not secure|break[- ]?in|broken into|burgl|open to the (street|outside|elements)|shards|glass everywhere|baby|toddler|child|children|kids)\b/;
const SPACE_HEATING = /\b(heating|heat|boiler|radiators?|heaters?|gas fire|warm)\b/;
const OTHER_TOILET = /\b(other|second|another|downstairs|upstairs|spare) (toilet|loo|wc)\b/;
const TOILET_URGENT = /\b(overflowing|only (toilet|loo)|one (toilet|loo)|sewage)\b/;

/** The council is not the landlord here: Awaab's Law binds social landlords for their own tenants. */
const NOT_COUNCIL_TENANT =
  /\b(my own (home|house|flat|property|bungalow)|i own (my|the|this|our) (home|house|flat|property|bungalow)|we own (our|the|this) (home|house|flat|property)|owner[- ]occupier|home ?owners?|(my|our|the) mortgage|privately rent(ed|ing)?|private(ly)? rented|private (landlord|let|tenant|tenancy|rental|house|home|property|flat|bungalow)|letting agents?|estate agents?|housing association|leaseholder|shared ownership|bought (my|our|the) (house|home|flat)|my landlord is (not|n'?t) the council)\b/;
const COUNCIL_TENANT = /\bcouncil (tenant|tenants|house|home|flat|property|bungalow|maisonette|tenancy|landlord)\b|\b(rent|rented|renting) (it |my \w+ |our \w+ )?from the council\b|\bthe council is (my|our) landlord\b/;
/**
 * A public building as where the hazard is ("at the leisure centre", "the school has"), not a home.
 * Only the place as location or subject counts: "he can't go to school because of the mould" is
 * about the home.
 */
const PUBLIC_PLACE = String.raw`leisure centre|swimming (pool|baths)|library|school|classroom|town hall|civic (centre|offices)|supermarket|restaurant|takeaway|cafe|café|gym|changing rooms?|public (toilets?|loos?)|bus (station|shelter)|community (centre|hall)|church|car park|playground|cemetery|crematorium|market|sports hall|pavilion`;
const NOT_A_HOME = new RegExp(
  String.raw`\b(in|at|inside|on|around) (the |a |our |my |his |her |their |this |that )?(local |new |council'?s? )?(\w+'s )?(${PUBLIC_PLACE})\b|\b(${PUBLIC_PLACE})('s)? (has|have|is|are|was|were|roof|showers?|changing rooms?|toilets?|walls?|ceilings?|floors?|building|kitchen|canteen|classrooms?|windows?)\b`,
);
const HOME_SUBJECT = /\b(my|our|his|her|their) (home|house|flat|bungalow|maisonette|bedroom|kitchen|bathroom|living room|lounge|place|property|hall|hallway)\b|\b(council (house|flat|home|property)|tenant|tenancy|where (i|we) live|i live|we live)\b/;
/** Thanks for something put right, with nothing still wrong. */
const THANKS = /\b(thank|thanks|grateful|well done|brilliant|great job|fantastic|pleased with|happy with)\b/;
const PUT_RIGHT = /\b(fix(ed|ing)|sort(ed|ing)( out)?|repair(ed|ing)|resolv(ed|ing)|treat(ed|ing)|clear(ed|ing)|remov(ed|ing)|gone|dealt with|dealing with|replac(ed|ing)|put(ting)? right|made safe|making (it |my home |our home )?safe)\b/;
const STILL_WRONG = /\b(still|again|back|returned|came back|come back|keeps|kept|not fixed|isn'?t fixed|hasn'?t been|never|but now|except|when will|waiting|will (it|you|they|someone) (be|come))\b|\?/;

// ---- matching ------------------------------------------------------------------------------------

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\bmold(y|s)?\b/g, (_m, end: string | undefined) => `mould${end ?? ''}`)
    // Apostrophes people leave out: "wont lock", "cant breathe", "doesnt work".
    .replace(/\b(won|can|don|doesn|isn|aren|didn|hasn|haven|wasn|weren|couldn|wouldn)t\b/g, "$1't")
    .replace(/\s+/g, ' ')
    .trim();
}

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\n+|\s+-\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The first match of re in s that no negation just before it takes away. */
function affirmed(s: string, re: RegExp): boolean {
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (const m of s.matchAll(global)) {
    if (!NEGATION_BEFORE.test(s.slice(Math.max(0, m.index - 40), m.index))) return true;
  }
  return false;
}

function dampIn(s: string, whole: string, atRisk: boolean): { found: boolean; severe: boolean } {
  const mould = affirmed(s, MOULD) && !MOULD_IDIOM.test(s) && !OUTDOOR_FUNGUS.test(s) && !(FOOD.test(s) && !FABRIC_NEAR.test(s));
  const damp = affirmed(s, DAMP) && !DAMP_NOT_HOME.test(s) && (!CONDENSATION_ONLY.test(s) || CONDENSATION_BAD.test(s) || /\bdamp\b/.test(s));
  // Damp that is harming someone is in their home, whatever else the sentence says.
  // A message of a few words ("damp and mould") to a landlord's chat is about the home too.
  const found = (mould || damp) && (HOME_ANCHOR.test(s) || HOME_ANCHOR.test(whole) || SYMPTOMS.test(s) || atRisk || whole.split(' ').length <= 4);
  return { found, severe: found && SEVERE_DAMP.test(s) };
}

const ORDER: HazardKind[] = ['gas', 'electrical', 'structural', 'flooding', 'water_leak', 'no_water', 'sanitation', 'security', 'heating', 'damp_mould'];

/** What the message says about hazards in the home, or null when it describes none. */
export function detectHazard(text: string, options: DetectOptions = {}): HazardFinding | null {
  const whole = normalise(text);
  if (!whole) return null;
  if (NOT_COUNCIL_TENANT.test(whole) && !COUNCIL_TENANT.test(whole)) return null;
  if (NOT_A_HOME.test(whole) && !HOME_SUBJECT.test(whole)) return null;
  if (THANKS.test(whole) && PUT_RIGHT.test(whole) && !STILL_WRONG.test(whole)) return null;

  const vulnerability = VULNERABILITY.filter(([, re]) => affirmed(whole, re)).map(([cue]) => cue);
  if (options.vulnerable && !vulnerability.includes('said_vulnerable')) vulnerability.push('said_vulnerable');
  const atRisk = vulnerability.length > 0;
  const month = options.at ? Number(new Intl.DateTimeFormat('en-GB', { month: 'numeric', timeZone: 'Europe/London' }).format(options.at)) : null;
  const coldWeather = COLD_WEATHER.test(whole.replace(/\bcold (water|tap|taps|only)\b/g, '')) || (month !== null && (month >= 11 || month <= 3));
  const significantKinds = options.significantKinds ?? ['damp_mould'];

  const levels = new Map<HazardKind, HazardLevel>();
  const reasons = new Set<string>();
  const raise = (kind: HazardKind, level: HazardLevel) => {
    if (levels.get(kind) !== 'emergency') levels.set(kind, level);
  };

  let dampSevere = false;
  let symptoms = false;
  for (const s of sentencesOf(whole)) {
    for (const cue of CUES) {
      if (!affirmed(s, cue.re) || cue.unless?.test(s)) continue;
      if ((cue.kind === 'flooding' || cue.kind === 'sanitation') && OUTDOORS.test(s) && !INDOORS.test(s)) continue;
      const level = cue.level === 'conditional' ? conditionalLevel(cue.kind, s, whole, { atRisk, coldWeather, significantKinds }, reasons) : cue.level;
      if (level) raise(cue.kind, level);
    }
    const damp = dampIn(s, whole, atRisk);
    if (damp.found) {
      raise('damp_mould', 'significant');
      dampSevere ||= damp.severe;
    }
    symptoms ||= SYMPTOMS.test(s) && (damp.found || MOULD.test(whole) || DAMP.test(whole));
  }
  if (levels.has('damp_mould')) {
    if (dampSevere) reasons.add('severe');
    if (symptoms) reasons.add('symptoms');
    // The risk is to the people who live there: someone at risk exposed to bad mould, or anyone already in hospital with it.
    if ((atRisk && (dampSevere || symptoms)) || (symptoms && ACUTE_SYMPTOMS.test(whole))) levels.set('damp_mould', 'emergency');
  }
  if (levels.size === 0) return null;

  const kinds = [...levels.keys()].sort((a, b) => rank(levels, a) - rank(levels, b) || ORDER.indexOf(a) - ORDER.indexOf(b));
  const level: HazardLevel = [...levels.values()].includes('emergency') ? 'emergency' : 'significant';
  if (atRisk) reasons.add('vulnerable');
  return { level, kinds, vulnerability, reasons: [...kinds, ...reasons] };
}

const rank = (levels: Map<HazardKind, HazardLevel>, kind: HazardKind) => (levels.get(kind) === 'emergency' ? 0 : 1);

function conditionalLevel(
  kind: HazardKind,
  s: string,
  whole: string,
  ctx: { atRisk: boolean; coldWeather: boolean; significantKinds: readonly HazardKind[] },
  reasons: Set<string>,
): HazardLevel | null {
  const fallback = ctx.significantKinds.includes(kind) ? 'significant' : null;
  switch (kind) {
    case 'heating': {
      // No heating in cold weather is an emergency for anyone; no hot water alone, for someone at risk.
      const spaceHeating = SPACE_HEATING.test(s.replace(/\bhot water\b/g, ''));
      if (spaceHeating && ctx.coldWeather) reasons.add('cold_weather');
      return (spaceHeating && ctx.coldWeather) || ctx.atRisk ? 'emergency' : fallback;
    }
    case 'sanitation':
      return TOILET_URGENT.test(whole) || !OTHER_TOILET.test(whole) ? 'emergency' : fallback;
    case 'security':
      return WINDOW_INSECURE.test(s) || WINDOW_INSECURE.test(whole) ? 'emergency' : fallback;
    default:
      return fallback;
  }
}
