/** Turns the resident conversation's CaseDraft into a new case record. */
import type { ParsedCaseDraft } from '../../models/caseDraft';
import type { CaseRecord, HazardRecord, Priority, TrackKey } from '../../models/caseRecord';
import { hazardDeadlines } from '../hazards/deadlines';
import { detectHazard } from '../hazards/detect';
import { HAZARD_RANK } from '../../models/hazardVocabulary';
import type { ServiceArea } from '../../models/vocabulary';
import { derive, newTrack } from './deadlines';
import { subjectKeys, surnameOf } from './subjects';
import type { CaseRules } from './rules';

/** Urgent for safeguarding; high when vulnerable or the resident needs a call or an interpreter. */
export function derivePriority(draft: Pick<ParsedCaseDraft, 'safeguarding' | 'vulnerable' | 'adjustments'>): Priority {
  if (draft.safeguarding) return 'urgent';
  if (draft.vulnerable || draft.adjustments.some((a) => a === 'phone_instead_of_writing' || a === 'interpreter')) return 'high';
  return 'normal';
}

export const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2 };

/**
 * A housing hazard in what the resident wrote, for a council that is a landlord (its pack has
 * `hazards`), with the legal deadlines from the moment of the message. Whatever the kind of
 * message: a complaint about mould is still mould.
 */
export function recogniseHazard(draft: ParsedCaseDraft, rules: CaseRules): HazardRecord | null {
  const text = [draft.description, draft.outcomeWanted].filter(Boolean).join('\n');
  const found = hazardIn(text, draft.receivedAt, draft.vulnerable || draft.safeguarding, rules);
  // Reported before: the law's clock may have started at that report, which staff must check.
  if (found && draft.serviceAlreadyKnew) found.reasons.push('reported_before');
  return found;
}

function hazardIn(text: string, awareAt: Date, vulnerable: boolean, rules: CaseRules): HazardRecord | null {
  const law = rules.pack.hazards;
  if (!law) return null;
  const found = detectHazard(text, { at: awareAt, vulnerable, significantKinds: law.significantKinds.kinds });
  if (!found) return null;
  return {
    level: found.level,
    kinds: found.kinds,
    vulnerability: found.vulnerability,
    reasons: found.reasons,
    awareAt,
    deadlines: hazardDeadlines(found.level, awareAt, law, rules.pack.calendar.region),
  };
}

/**
 * A hazard in a resident's later message about an open case, when the case has none yet or this
 * one is more serious (an emergency where there was a significant hazard); null otherwise, so the
 * deadlines already running are not moved.
 */
export function laterHazard(record: CaseRecord, text: string, ctx: { rules: CaseRules; now: Date }): HazardRecord | null {
  if (!record.open || (record.hazard && record.hazard.level === 'emergency')) return null;
  const atRisk = record.vulnerable || record.safeguarding || (record.hazard?.vulnerability.length ?? 0) > 0;
  const found = hazardIn(text, ctx.now, atRisk, ctx.rules);
  if (!found || (record.hazard && found.level !== 'emergency')) return null;
  return found;
}

/** An emergency hazard is urgent; a significant one at least high, and urgent for someone at risk. */
export function hazardPriority(priority: Priority, hazard: HazardRecord): Priority {
  if (hazard.level === 'emergency' || hazard.vulnerability.length > 0) return 'urgent';
  return priority === 'normal' ? 'high' : priority;
}

function withHazard(priority: Priority, hazard: HazardRecord | null): Priority {
  return hazard ? hazardPriority(priority, hazard) : priority;
}

/** A hazard in a council home is a matter for housing repairs, whatever else the message is about. */
function withHousingRepairs(areas: ServiceArea[], hazard: HazardRecord | null, rules: CaseRules): ServiceArea[] {
  const runs = rules.pack.services.runs;
  if (!hazard || areas.includes('housing_repairs') || (runs !== 'all' && !runs.includes('housing_repairs'))) return areas;
  return [...areas, 'housing_repairs'];
}

const FIRST_TRACK: Record<ParsedCaseDraft['kind'], TrackKey> = {
  complaint: 'stage1',
  service_request: 'service_request',
  comment: 'feedback',
  compliment: 'feedback',
};

export function buildOpenedRecord(draft: ParsedCaseDraft, reference: string, now: Date, rules: CaseRules): CaseRecord {
  const receivedOn = rules.calendar.receiptDay(draft.receivedAt);
  const track = FIRST_TRACK[draft.kind];
  const hazard = recogniseHazard(draft, rules);
  const priority = withHazard(derivePriority(draft), hazard);
  const serviceAreas = withHousingRepairs([...new Set(draft.serviceAreas)], hazard, rules);
  const resident = { ...draft.resident };
  const representative = draft.representative ? { ...draft.representative } : null;
  const record: CaseRecord = {
    _id: reference,
    council: rules.pack.id,
    version: 1,
    kind: draft.kind,
    stage: track,
    status: 'open',
    closedFromStage: null,
    open: true,
    channel: draft.source.channel,
    platform: draft.source.platform ?? null,
    handoffId: draft.source.handoffId ?? null,
    conversationReference: draft.conversationReference ? JSON.stringify(draft.conversationReference) : null,
    receivedAt: draft.receivedAt,
    receivedOn,
    resident,
    representative,
    councillorCopy: null,
    anonymous: draft.anonymous,
    replyWanted: !draft.anonymous && draft.resident.preferredContact !== 'none',
    serviceAreas,
    leadServiceArea: serviceAreas[0] ?? null,
    description: draft.description,
    location: draft.location ?? null,
    whenText: draft.whenText ?? null,
    occurredOn: draft.occurredOn ?? null,
    occurredPrecision: draft.occurredPrecision ?? null,
    outOfTimeReason: draft.outOfTimeReason ?? null,
    outcomeWanted: draft.outcomeWanted ?? null,
    serviceAlreadyKnew: draft.serviceAlreadyKnew ?? null,
    signposted: draft.signposted,
    evidence: draft.evidence,
    adjustments: draft.adjustments,
    adjustmentNotes: draft.adjustmentNotes ?? null,
    vulnerable: draft.vulnerable,
    vulnerabilityNotes: draft.vulnerabilityNotes ?? null,
    safeguarding: draft.safeguarding,
    dangerAnswer: draft.dangerAnswer ?? null,
    priority,
    priorityRank: PRIORITY_RANK[priority],
    hazard,
    hazardRank: HAZARD_RANK[hazard?.level ?? 'none'],
    issues: draft.kind === 'complaint' ? [{ id: 1, text: draft.description, addedOn: receivedOn, source: 'original' }] : [],
    assignee: null,
    tracks: { [track]: newTrack(receivedOn) },
    dueOn: null,
    dueKind: null,
    dueSort: '~',
    learningPoints: [],
    ombudsman: null,
    closure: null,
    closedAt: null,
    anonymisedAt: null,
    search: { surname: surnameOf(resident.name), subjects: subjectKeys(resident, representative) },
    stats: { receivedFq: '', housing: false, sr: null, s1: null, s2: null, feedback: null, ombudsmanFq: null, closedFq: null },
    createdAt: now,
    updatedAt: now,
  };
  return derive(record, rules);
}
