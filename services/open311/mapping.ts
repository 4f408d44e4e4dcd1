/**
 * Which of the works system's services a report goes to. Each of the pack's service areas is
 * matched to the endpoint's services by name, group and keywords (the words below say what each
 * area covers); the pack's explicit `open311.services` mapping wins over matching. Within the
 * candidates, the resident's own words pick the service (the classifier's topic, as it were):
 * "my bin wasn't emptied" goes to "Missed bin collection", not "Bulky waste".
 */
import { SERVICE_AREAS, type ServiceArea } from '../../models/vocabulary';
import type { Service } from './wire';

/** What each service area covers, in the words a works system's service names and keywords use. */
export const AREA_WORDS: Record<ServiceArea, readonly string[]> = {
  waste_recycling: ['bin', 'bins', 'waste', 'refuse', 'rubbish', 'recycling', 'collection', 'bulky', 'garden waste', 'wheelie', 'box', 'container', 'food waste'],
  street_cleansing: ['litter', 'fly tipping', 'flytipping', 'fly-tipping', 'graffiti', 'dog fouling', 'dog mess', 'street cleaning', 'cleansing', 'sweeping', 'needles', 'dumped'],
  highways: ['pothole', 'road', 'pavement', 'footpath', 'street light', 'streetlight', 'lighting', 'drain', 'gully', 'flooding', 'gritting', 'highway', 'kerb', 'traffic sign', 'bollard', 'manhole'],
  transport: ['bus', 'bus stop', 'bus shelter', 'timetable', 'passenger transport'],
  parking: ['parking', 'car park', 'abandoned vehicle', 'yellow lines', 'parking permit'],
  housing_repairs: ['repair', 'damp', 'mould', 'leak', 'boiler', 'heating', 'council home', 'tenant repair'],
  housing_management: ['tenancy', 'estate', 'rent', 'neighbour', 'communal'],
  housing_options: ['homeless', 'housing register'],
  planning: ['planning', 'building control', 'enforcement', 'dangerous structure'],
  council_tax: ['council tax'],
  benefits: ['benefit'],
  environmental_health: ['noise', 'pest', 'rats', 'mice', 'food hygiene', 'pollution', 'smoke', 'bonfire', 'odour'],
  licensing: ['licence', 'license', 'taxi'],
  parks_open_spaces: ['park', 'grass', 'grass cutting', 'tree', 'hedge', 'play area', 'playground', 'cemetery', 'open space', 'bench', 'verge'],
  leisure_culture: ['leisure', 'museum', 'sports'],
  libraries: ['library'],
  education: ['school'],
  adult_social_care: ['social care'],
  childrens_services: ['children'],
  public_health: ['public health'],
  trading_standards: ['trading standards', 'scam'],
  customer_services: ['website', 'contact centre'],
  elections: ['electoral', 'election', 'polling'],
  other: [],
};

const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'for', 'my', 'our', 'is', 'was', 'it', 'has', 'have', 'not', 'been', 'with', 'this', 'that', 'there', 'we', 'i', 'me', 'you', 'your', 'be', 'are', 'were', 'no', 'again', 'report', 'problem', 'issue', 'other', 'general']);

/** Lower-case words, a plural's "s" dropped, without the words every report has. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+/g) ?? [])
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w))
    .filter((w) => w.length > 1 && !STOP.has(w));
}

const phraseIn = (phrase: string, haystack: string[]) => {
  const p = words(phrase);
  if (!p.length) return false;
  for (let i = 0; i + p.length <= haystack.length; i++) if (p.every((w, j) => haystack[i + j] === w)) return true;
  return false;
};

/** How well a service fits an area: its name and group count most, then its keywords, then its description. */
export function areaScore(service: Service, area: ServiceArea): number {
  const vocab = AREA_WORDS[area];
  const fields: Array<[string | undefined, number]> = [
    [service.service_name, 3],
    [service.group, 3],
    [service.keywords, 2],
    [service.description, 1],
  ];
  let score = 0;
  for (const [field, weight] of fields) {
    if (!field) continue;
    const w = words(field);
    if (vocab.some((phrase) => phraseIn(phrase, w))) score += weight;
  }
  return score;
}

/** How well a resident's words fit a service (words shared with its name, keywords and description). */
export function textScore(service: Service, text: string): number {
  const said = new Set(words(text));
  const count = (field: string | undefined, weight: number) => [...new Set(words(field ?? ''))].filter((w) => said.has(w)).length * weight;
  return count(service.service_name, 3) + count(service.keywords, 2) + count(service.group, 1) + count(service.description, 1);
}

export interface AreaMapping {
  area: ServiceArea;
  /** Best first. */
  services: Service[];
  /** 'pack' when the pack names the codes, 'matched' when found by name, group and keywords. */
  how: 'pack' | 'matched';
}

export interface Mapping {
  areas: AreaMapping[];
  /** Areas the council runs for which no service was found. */
  unmappedAreas: ServiceArea[];
  /** Codes the pack names that the endpoint does not offer. */
  unknownCodes: string[];
  /** Services no area took (listed so staff can add them to the pack). */
  unusedServices: Service[];
}

/** Maps every area the council runs to the endpoint's services. */
export function mapServices(services: readonly Service[], runs: readonly ServiceArea[], explicit: Partial<Record<ServiceArea, string[]>> = {}): Mapping {
  const byCode = new Map(services.map((s) => [s.service_code, s]));
  const areas: AreaMapping[] = [];
  const unmappedAreas: ServiceArea[] = [];
  const unknownCodes: string[] = [];
  for (const area of runs) {
    const codes = explicit[area];
    if (codes?.length) {
      const found = codes.map((c) => byCode.get(c)).filter((s): s is Service => !!s);
      unknownCodes.push(...codes.filter((c) => !byCode.has(c)));
      if (found.length) {
        areas.push({ area, services: found, how: 'pack' });
        continue;
      }
    }
    const scored = services.map((s) => ({ s, score: areaScore(s, area) })).filter((x) => x.score > 0).sort((a, b) => b.score - a.score);
    if (scored.length) areas.push({ area, services: scored.map((x) => x.s), how: 'matched' });
    else if (area !== 'other') unmappedAreas.push(area);
  }
  const used = new Set(areas.flatMap((a) => a.services.map((s) => s.service_code)));
  return { areas, unmappedAreas, unknownCodes: [...new Set(unknownCodes)], unusedServices: services.filter((s) => !used.has(s.service_code)) };
}

/** The areas a pack says the council runs itself. */
export function areasRun(runs: 'all' | readonly ServiceArea[]): ServiceArea[] {
  return runs === 'all' ? [...SERVICE_AREAS] : [...runs];
}

export type Choice = { kind: 'one'; service: Service } | { kind: 'ask'; services: Service[] } | { kind: 'none' };

/**
 * The service for a report: the candidates of its service areas (in the classifier's order), ranked
 * by the resident's words; a clear winner is taken, a tie is asked. With no area candidate, a
 * service the words clearly name (two words or more in common) is taken.
 */
export function chooseService(mapping: Mapping, areas: readonly ServiceArea[], text: string, all: readonly Service[]): Choice {
  const candidates: Service[] = [];
  for (const area of areas) for (const s of mapping.areas.find((a) => a.area === area)?.services ?? []) if (!candidates.includes(s)) candidates.push(s);
  if (candidates.length === 1) return { kind: 'one', service: candidates[0] };
  if (candidates.length > 1) {
    const ranked = candidates.map((s) => ({ s, score: textScore(s, text) })).sort((a, b) => b.score - a.score);
    if (ranked[0].score > 0 && ranked[0].score > (ranked[1]?.score ?? 0)) return { kind: 'one', service: ranked[0].s };
    return { kind: 'ask', services: ranked.slice(0, 6).map((x) => x.s) };
  }
  const ranked = all.map((s) => ({ s, score: textScore(s, text) })).sort((a, b) => b.score - a.score);
  if (ranked[0] && ranked[0].score >= 5 && ranked[0].score > (ranked[1]?.score ?? 0)) return { kind: 'one', service: ranked[0].s };
  return { kind: 'none' };
}
