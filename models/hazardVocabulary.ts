/**
 * The words of housing hazards (Awaab's Law): the kinds of hazard the detector recognises, the
 * two levels the Hazards in Social Housing (Prescribed Requirements) (England) Regulations 2025
 * define, and the kinds of vulnerability that raise a case's level. Shared by the detector, the
 * policy packs, the case record and the Teams card.
 */
import { z } from 'zod';

/** Matters a resident may describe; most are HHSRS hazards, named as residents would think of them. */
export const HAZARD_KINDS = [
  'damp_mould', // damp, mould, fungal growth (the regulations' significant hazard, phase 1)
  'gas', // a gas leak or smell, carbon monoxide
  'electrical', // exposed wiring, sparking, shocks, burning sockets, water in the electrics, no power
  'water_leak', // water coming through a ceiling, a burst pipe
  'flooding', // water inside the home
  'no_water', // no water supply at all
  'sanitation', // the only toilet unusable, sewage inside
  'heating', // no heating or hot water (excess cold)
  'structural', // a ceiling, wall, floor, roof or stairs collapsing or about to
  'security', // an outside door or window that cannot be secured
] as const;
export const HazardKind = z.enum(HAZARD_KINDS);
export type HazardKind = z.infer<typeof HazardKind>;

export const HAZARD_LEVELS = ['emergency', 'significant'] as const;
export const HazardLevel = z.enum(HAZARD_LEVELS);
export type HazardLevel = z.infer<typeof HazardLevel>;

/** Who in the home is at greater risk (the regulations judge the risk to the actual occupier). */
export const VULNERABILITY_CUES = ['young_child', 'older_person', 'pregnancy', 'health_condition', 'disability', 'said_vulnerable'] as const;
export const VulnerabilityCue = z.enum(VULNERABILITY_CUES);
export type VulnerabilityCue = z.infer<typeof VulnerabilityCue>;

/** The steps the regulations time, in the order they fall. */
export const HAZARD_STEPS = ['investigate', 'make_safe', 'written_summary', 'safety_work', 'further_works'] as const;
export const HazardStep = z.enum(HAZARD_STEPS);
export type HazardStep = z.infer<typeof HazardStep>;

/** 0 emergency, 1 significant, 2 no hazard: the queue's first sort key. */
export const HAZARD_RANK: Record<HazardLevel | 'none', 0 | 1 | 2> = { emergency: 0, significant: 1, none: 2 };
