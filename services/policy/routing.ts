/**
 * Questions the conversation asks of a pack: where to send a matter the complaints procedure
 * does not handle, whether the council runs a service at all (two-tier areas), and which
 * ombudsman a resident can go to at the end.
 */
import type { Contact, ElsewhereBody, OmbudsmanBody, PolicyPack, Signpost, SourceRef } from './packSchema';
import type { RouteId, ServiceArea } from '../../models/vocabulary';

export function signpostFor(pack: PolicyPack, routeId: RouteId): Signpost {
  return pack.signposts[routeId];
}

export function ownsService(pack: PolicyPack, area: ServiceArea): boolean {
  return pack.services.runs === 'all' || pack.services.runs.includes(area);
}

export type ServiceOwner =
  | { owner: 'council' }
  | { owner: 'elsewhere'; body: Contact; message: string; source: SourceRef };

/** Who runs a service: this council, or the body (county, the district's main service…) to signpost to. */
export function serviceOwner(pack: PolicyPack, area: ServiceArea): ServiceOwner {
  if (ownsService(pack, area)) return { owner: 'council' };
  const entry: ElsewhereBody | undefined = pack.services.elsewhere.find((e) => e.areas.includes(area));
  // The schema guarantees every area is covered; this guards packs built by hand in code.
  if (!entry) throw new Error(`Policy pack "${pack.id}" does not say who runs "${area}"`);
  return { owner: 'elsewhere', body: entry.body, message: entry.message, source: entry.source };
}

export interface OmbudsmanRoute {
  which: 'lgsco' | 'housing';
  body: OmbudsmanBody;
  when: PolicyPack['ombudsman']['when'];
  /** Only for the Housing Ombudsman, and null when no wait applies (or the rule is superseded in law). */
  waitAfterFinalResponse: { weeks: number; unlessDesignatedPerson: boolean; source: SourceRef } | null;
  designatedPersons: PolicyPack['representatives']['designatedPersons'];
  source: SourceRef;
}

/** Housing landlord areas go to the Housing Ombudsman; everything else to the LGSCO. */
export function ombudsmanFor(pack: PolicyPack, area: ServiceArea): OmbudsmanRoute {
  const { ombudsman } = pack;
  if (ombudsman.housingAreas.areas.includes(area)) {
    const wait = ombudsman.housingWait;
    return {
      which: 'housing',
      body: ombudsman.housing,
      when: ombudsman.when,
      waitAfterFinalResponse: wait && !wait.superseded ? { weeks: wait.weeks, unlessDesignatedPerson: wait.unlessDesignatedPerson, source: wait.source } : null,
      designatedPersons: pack.representatives.designatedPersons,
      source: ombudsman.housingAreas.source,
    };
  }
  return {
    which: 'lgsco',
    body: ombudsman.lgsco,
    when: ombudsman.when,
    waitAfterFinalResponse: null,
    designatedPersons: null,
    source: ombudsman.housingAreas.source,
  };
}
