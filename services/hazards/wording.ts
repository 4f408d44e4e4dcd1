/** How staff read a hazard: on the case's timeline and the Teams card. */
import type { HazardLevel, HazardStep, HazardKind, VulnerabilityCue } from '../../models/hazardVocabulary';

export const HAZARD_KIND_LABEL: Record<HazardKind, string> = {
  damp_mould: 'damp and mould',
  gas: 'gas or carbon monoxide',
  electrical: 'electrical danger',
  water_leak: 'water coming in',
  flooding: 'flooding inside',
  no_water: 'no water supply',
  sanitation: 'no usable toilet or sewage',
  heating: 'no heating or hot water',
  structural: 'structural danger',
  security: 'home cannot be secured',
};

export const HAZARD_LEVEL_LABEL: Record<HazardLevel, string> = { emergency: 'Emergency hazard', significant: 'Significant hazard' };

export const HAZARD_STEP_LABEL: Record<HazardStep, string> = {
  investigate: 'Investigate',
  make_safe: 'Make safe',
  written_summary: 'Written summary to the tenant',
  safety_work: 'Begin safety work',
  further_works: 'Start further works',
};

export const VULNERABILITY_LABEL: Record<VulnerabilityCue, string> = {
  young_child: 'a young child',
  older_person: 'an older person',
  pregnancy: 'pregnancy',
  health_condition: 'a health condition',
  disability: 'a disability',
  said_vulnerable: 'someone at risk',
};

const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });

/** "Thu, 3 Dec 2026" for an ISO date (London). */
export function hazardDay(isoDate: string): string {
  return DAY.format(new Date(`${isoDate}T12:00:00Z`)).replace(/^(\w+) /, '$1, ');
}

/** "Thu, 3 Dec 2026 10:15" for a clock-time deadline, the day alone otherwise. */
export function hazardDue(d: { dueOn: string; dueAt: Date | null }): string {
  return d.dueAt ? `${hazardDay(d.dueOn)} ${TIME.format(d.dueAt)}` : hazardDay(d.dueOn);
}

interface HazardLike {
  level: HazardLevel;
  kinds: readonly HazardKind[];
  deadlines: ReadonlyArray<{ step: HazardStep; dueOn: string; dueAt: Date | null }>;
}

/** One line for the timeline: "emergency hazard (gas or carbon monoxide): investigate by …, make safe by …". */
export function hazardLine(h: HazardLike): string {
  const steps = h.deadlines.map((d) => `${HAZARD_STEP_LABEL[d.step].toLowerCase()} by ${hazardDue(d)}`);
  return `${HAZARD_LEVEL_LABEL[h.level].toLowerCase()} recognised (${h.kinds.map((k) => HAZARD_KIND_LABEL[k]).join(', ')}): ${steps.join('; ')}`;
}

/** "Emergency hazard: gas or carbon monoxide" */
export function hazardCardTitle(h: Pick<HazardLike, 'level' | 'kinds'>): string {
  return `${HAZARD_LEVEL_LABEL[h.level]}: ${h.kinds.map((k) => HAZARD_KIND_LABEL[k]).join(', ')}`;
}
