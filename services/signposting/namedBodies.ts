/**
 * A better signpost than the pack's general one, where the message itself says where to go: the
 * body it names (the NHS for a GP, the water company for a sewer), or, for information rights, that
 * the resident wants to make a request (which goes to the council's own team) rather than complain
 * about one (which goes to the ICO). The contacts are national bodies' public details, the same
 * for every council, so they live here and not in the packs, which hold what each council's own
 * document says. Check them before go-live.
 */
import type { RouteId } from '../../models/vocabulary';
import type { Contact, PolicyPack, Signpost, SourceRef } from '../policy/packSchema';
import { en } from '../../locale/en-GB';

const NATIONAL: SourceRef = { doc: 'README.md', section: 'Routes the classifier uses', note: 'National contact details, not given in the council documents.' };

const NHS_111: Contact = { name: 'NHS 111 (urgent medical help)', phone: '111', url: 'https://111.nhs.uk' };
const PHSO: Contact = { name: 'Parliamentary and Health Service Ombudsman', phone: '0345 015 4033', url: 'https://www.ombudsman.org.uk' };
const CCW: Contact = { name: 'Consumer Council for Water', phone: '0300 034 2222', url: 'https://www.ccwater.org.uk' };
const ENERGY_OMBUDSMAN: Contact = { name: 'Energy Ombudsman', url: 'https://www.energyombudsman.org' };
const HOUSING_OMBUDSMAN: Contact = { name: 'Housing Ombudsman Service', phone: '0300 111 3000', url: 'https://www.housing-ombudsman.org.uk' };
const ICO: Contact = { name: "Information Commissioner's Office", phone: '0303 123 1113', url: 'https://ico.org.uk' };

/** Bodies told apart by the words residents use for them; first match wins. */
const BODIES: Array<{ words: RegExp; signpost: Omit<Signpost, 'source'> }> = [
  {
    words: /\b(gp|g\.p\.|doctors?'?s?|hospital|a ?& ?e|nhs|dentists?|dental|pharmacy|pharmacist|chemist|ambulance|midwife)\b/i,
    signpost: { message: en.signpost.nhs, contact: NHS_111, more: [PHSO] },
  },
  {
    words: /\b(water (company|bill|supply|meter|pressure|main)|sewers?|sewage|severn trent|anglian water|thames water|united utilities|yorkshire water|cambridge water)\b/i,
    signpost: { message: en.signpost.water, contact: CCW },
  },
  {
    words: /\b((gas|electricity|energy) (supplier|company|bill|meter)|british gas|octopus energy|e\.?on|edf|ovo)\b/i,
    signpost: { message: en.signpost.energy, contact: ENERGY_OMBUDSMAN },
  },
  {
    words: /\bhousing association\b/i,
    signpost: { message: en.signpost.housingAssociation, contact: HOUSING_OMBUDSMAN },
  },
];

/** Asking how to make a request, as against a request already made and handled badly. */
const MAKING_REQUEST = /\b(make|making|submit|send|put in|request|requesting|ask(ing)? for|get|see|copy of)\b[^.?!]{0,60}\b(foi|freedom of information|subject access|personal (data|information)|information (you|the council) (hold|holds|have|has))\b|\b(foi|subject access) request\b/i;
const ALREADY_MADE = /\b(no (reply|response|answer)|not (replied|responded|answered)|never (replied|responded|answered|got|heard)|ignored|refused|overdue|late|unhappy|not happy|still waiting|weeks? ago|months? ago|withheld|redacted|breach|leaked|shared my)\b/i;

export function namedSignpost(route: RouteId, text: string, pack: PolicyPack): Signpost | null {
  if (route === 'other_organisation') {
    const body = BODIES.find((b) => b.words.test(text));
    return body ? { ...body.signpost, source: NATIONAL } : null;
  }
  if (route === 'information_rights' && MAKING_REQUEST.test(text) && !ALREADY_MADE.test(text)) {
    const c = pack.contacts;
    const council: Contact = { name: c.team, ...(c.phone ? { phone: c.phone } : {}), ...(c.email ? { email: c.email } : {}) };
    return { message: en.signpost.informationRequest(pack.councilName), contact: council, more: [ICO], source: NATIONAL };
  }
  return null;
}
