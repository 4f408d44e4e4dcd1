/**
 * The shared words of the domain: feedback kinds, the route ids of matters the complaints
 * procedure does not handle (../shared/policies/README.md), and the service areas a council
 * (or another tier of local government) runs. Packs, the classifier and cases all use these.
 */
import { z } from 'zod';

export const FEEDBACK_KINDS = ['complaint', 'service_request', 'comment', 'compliment'] as const;
export const FeedbackKind = z.enum(FEEDBACK_KINDS);
export type FeedbackKind = z.infer<typeof FeedbackKind>;

export const ROUTE_IDS = [
  'statutory_appeal',
  'insurance_claim',
  'councillor_conduct',
  'legal_proceedings',
  'information_rights',
  'antisocial_behaviour',
  'police_matter',
  'emergency',
  'social_care',
  'school',
  'other_organisation',
  'employment',
  'fraud_whistleblowing',
  'supplier_contract',
  'out_of_time',
  'already_considered',
] as const;
export const RouteId = z.enum(ROUTE_IDS);
export type RouteId = z.infer<typeof RouteId>;

/** Routes that must reach the resident before anything else, whatever any engine says. */
export const SAFETY_ROUTES: readonly RouteId[] = ['emergency', 'police_matter'];

/**
 * Service areas, wide enough to tell a district council's services from a county's
 * (FixMyStreet-style two-tier routing) and to report volumes by area.
 */
export const SERVICE_AREAS = [
  'waste_recycling', // bins, bulky waste, recycling (district)
  'street_cleansing', // litter, fly-tipping, graffiti, dog fouling (district)
  'highways', // roads, pavements, potholes, street lights, gritting (county / unitary)
  'transport', // buses, concessionary passes, school transport (county / unitary)
  'parking', // car parks, parking enforcement
  'housing_repairs', // council homes as landlord: repairs, damp and mould
  'housing_management', // tenancy, rent, estates, allocations as landlord
  'housing_options', // homelessness, housing register
  'planning', // planning applications, building control, enforcement
  'council_tax', // council tax billing and recovery
  'benefits', // housing benefit, council tax support
  'environmental_health', // noise, pests, food hygiene, pollution
  'licensing', // taxi, alcohol, premises
  'parks_open_spaces', // parks, grass cutting, trees, play areas, cemeteries
  'leisure_culture', // leisure centres, museums, events
  'libraries', // libraries (county / unitary)
  'education', // schools, admissions, SEND (county / unitary)
  'adult_social_care', // (county / unitary)
  'childrens_services', // (county / unitary)
  'public_health', // (county / unitary)
  'trading_standards', // (county / unitary)
  'customer_services', // contact centre, website, general handling
  'elections', // electoral registration
  'other',
] as const;
export const ServiceArea = z.enum(SERVICE_AREAS);
export type ServiceArea = z.infer<typeof ServiceArea>;
