/** The end of the intake when the case has a housing hazard: what the resident is told, and in what order. */
import type { OpenedCase } from '../models/caseDraft';
import type { PolicyPack } from '../services/policy/packSchema';
import { detectHazard } from '../services/hazards/detect';
import { hazardDay } from '../services/hazards/wording';
import type { HazardKind } from '../models/hazardVocabulary';
import { contactLine } from './format';
import { EMERGENCY_IN_WORDS, HAZARD_IN_WORDS, hazards as words } from '../locale/hazards.en-GB';

const TIME = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

/** "4:30pm on Sat, 19 Dec 2026" */
function when(d: { dueOn: string; dueAt: Date | null }): string {
  const day = hazardDay(d.dueOn);
  return d.dueAt ? `${TIME.format(d.dueAt).replace(' ', '').toLowerCase()} on ${day}` : day;
}

export interface HazardNotice {
  /** Said before anything else (an emergency: phone now). */
  first: string | null;
  /** Said after the reference: what will happen and by when. */
  after: string;
}

/**
 * `toldAtOnce`: the resident was told to phone in the first reply (emergencyAtOnce), so the end
 * only reminds them in a line.
 */
export function hazardNotice(hazard: NonNullable<OpenedCase['hazard']>, pack: PolicyPack, toldAtOnce = false): HazardNotice | null {
  const law = pack.hazards;
  if (!law) return null;
  const contact = law.emergencyContact;
  const due = (step: string) => hazard.deadlines.find((d) => d.step === step);
  const inWords = hazard.level === 'emergency' ? EMERGENCY_IN_WORDS : HAZARD_IN_WORDS;
  const what = hazard.kinds.map((k) => inWords[k as HazardKind]).filter(Boolean);
  if (hazard.level === 'emergency') {
    const gas = pack.signposts.emergency?.more?.find((c) => /gas/i.test(c.name));
    const safe = due('make_safe') ?? due('investigate');
    return {
      first: toldAtOnce ? words.emergency.reminder(contact) : words.emergency.callNow(what, contact, gas ? contactLine(gas) : null),
      after: safe ? words.emergency.promise(when(safe)) : words.significant.unsafe,
    };
  }
  const investigate = due('investigate');
  if (!investigate) return null;
  const at = (step: string) => {
    const d = due(step);
    return d ? when(d) : null;
  };
  return {
    first: null,
    after: [
      words.significant.intro(what),
      words.significant.steps({ investigate: when(investigate), summary: at('written_summary'), safety: at('safety_work'), further: at('further_works') }),
      words.significant.unsafe,
      words.significant.worse(contact),
    ].join('\n'),
  };
}

/**
 * For the first message of an intake that describes an emergency hazard (a landlord council): phone
 * now, with the council's number, and carry on here too. Null when it does not, or the council is not a landlord.
 */
export function emergencyAtOnce(text: string, pack: PolicyPack, at: Date): string | null {
  const law = pack.hazards;
  const found = law ? detectHazard(text, { at, significantKinds: law.significantKinds.kinds }) : null;
  if (!law || found?.level !== 'emergency') return null;
  return words.emergency.atOnce(found.kinds.map((k) => EMERGENCY_IN_WORDS[k]), law.emergencyContact, gasLineOf(pack));
}

const gasLineOf = (pack: PolicyPack) => {
  const gas = pack.signposts.emergency?.more?.find((c) => /gas/i.test(c.name));
  return gas ? contactLine(gas) : null;
};

/**
 * For a later message about a case that describes an emergency hazard (a landlord council): phone
 * now, day or night. Null when it does not, or the council is not a landlord.
 */
export function emergencyInLaterMessage(text: string, pack: PolicyPack, at: Date): string | null {
  const law = pack.hazards;
  const found = law ? detectHazard(text, { at, significantKinds: law.significantKinds.kinds }) : null;
  if (!law || found?.level !== 'emergency') return null;
  const gas = pack.signposts.emergency?.more?.find((c) => /gas/i.test(c.name));
  return words.emergency.callNow(found.kinds.map((k) => EMERGENCY_IN_WORDS[k]), law.emergencyContact, gas ? contactLine(gas) : null);
}
