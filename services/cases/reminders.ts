/**
 * Deadline reminders: for the deadline a case is working towards, a "due soon" job a few
 * working days before it and a "missed" job on the next working day after it, both stored as
 * scheduled jobs (services/scheduler) so they survive restarts and run once across instances.
 * Jobs are rescheduled at every transition; the handler checks the case again when it fires,
 * so a reminder for a deadline that has been met or moved says nothing.
 */
import type { CaseRecord, Priority, StaffRef, TrackKey } from '../../models/caseRecord';
import type { HazardStep } from '../../models/hazardVocabulary';
import { hazardDue } from '../hazards/wording';
import type { JobHandler } from '../scheduler/scheduler';
import type { ScheduleJob } from '../scheduler/jobStore';
import { currentTrackKey } from './deadlines';
import { londonInstant } from '../workingDays/londonTime';
import type { CaseRules } from './rules';
import type { CaseView } from './views';

export const DEADLINE_REMINDER_JOB = 'case.deadline-reminder';

export type ReminderType = 'deadline_due_soon' | 'deadline_missed';
type Deadline = 'acknowledge' | 'respond';

interface ReminderData {
  reference: string;
  track: TrackKey;
  deadline: Deadline;
  dueOn: string;
  type: ReminderType;
  /** A housing hazard's legal step (Awaab's Law) instead of the track's deadline. */
  hazardStep?: HazardStep;
}

/** How long before a clock-time hazard deadline (24 hours) staff are reminded. */
const HAZARD_HOURS_BEFORE = 4;

/** What the Teams side is asked to deliver. Carries no personal data. */
export interface DeadlineNotification {
  type: ReminderType;
  reference: string;
  council: string;
  kind: CaseRecord['kind'];
  stage: TrackKey;
  deadline: Deadline;
  dueOn: string;
  /** Working days from today to the due date; negative once missed. */
  workingDaysLeft: number;
  priority: Priority;
  assignee: StaffRef | null;
  /** Who to tell: the assignee when there is one, and always the triage channel. */
  audience: Array<'assignee' | 'triage'>;
  /** For a housing hazard's legal step: which, and when it is due ("Thu, 3 Dec 2026 18:55"). */
  hazard?: { step: HazardStep; due: string };
}

export type Notify = (event: DeadlineNotification) => Promise<void> | void;

/**
 * One reminder before each legal step of an open case's hazard: a few hours before a 24-hour
 * deadline, the morning of the working day before a day deadline. Staff record the steps in
 * notes, so a reminder goes until the case closes or the hazard's dates change.
 */
function hazardJobsFor(record: CaseRecord, rules: CaseRules): ScheduleJob[] {
  if (!record.hazard || !record.open) return [];
  const track = currentTrackKey(record) ?? 'service_request';
  return record.hazard.deadlines.map((d) => ({
    id: `reminder:${record._id}:hazard:${d.step}:${d.dueOn}`,
    name: DEADLINE_REMINDER_JOB,
    group: record._id,
    runAt: d.dueAt ? new Date(d.dueAt.getTime() - HAZARD_HOURS_BEFORE * 3_600_000) : londonInstant(rules.calendar.addWorkingDays(d.dueOn, -1), rules.reminderTime),
    data: { reference: record._id, track, deadline: 'respond', dueOn: d.dueOn, type: 'deadline_due_soon', hazardStep: d.step } satisfies ReminderData,
  }));
}

export function reminderJobsFor(record: CaseRecord, rules: CaseRules): ScheduleJob[] {
  return [...trackJobsFor(record, rules), ...hazardJobsFor(record, rules)];
}

function trackJobsFor(record: CaseRecord, rules: CaseRules): ScheduleJob[] {
  const key = currentTrackKey(record);
  const track = key ? record.tracks[key] : undefined;
  if (!key || !track || record.status === 'responded' || record.status === 'closed') return [];
  const deadlines: Array<[Deadline, string]> = [];
  if (track.acknowledgeBy && !track.acknowledgedOn) deadlines.push(['acknowledge', track.acknowledgeBy]);
  if (track.respondBy && !track.respondedOn) deadlines.push(['respond', track.respondBy]);
  const { calendar, dueSoonWorkingDays, reminderTime } = rules;
  return deadlines.flatMap(([deadline, dueOn]) =>
    (
      [
        ['deadline_due_soon', calendar.addWorkingDays(dueOn, -dueSoonWorkingDays)],
        ['deadline_missed', calendar.addWorkingDays(dueOn, 1)],
      ] as const
    ).map(([type, on]) => ({
      id: `reminder:${record._id}:${key}:${deadline}:${type}:${dueOn}`,
      name: DEADLINE_REMINDER_JOB,
      group: record._id,
      runAt: londonInstant(on, reminderTime),
      data: { reference: record._id, track: key, deadline, dueOn, type } satisfies ReminderData,
    })),
  );
}

/** Whether the deadline a reminder was set for is still outstanding, unchanged. */
function stillDue(view: CaseView, d: ReminderData): boolean {
  if (view.stage !== d.track || view.status === 'responded' || view.status === 'closed') return false;
  const track = view.tracks[d.track];
  if (!track) return false;
  return d.deadline === 'acknowledge' ? !track.acknowledgedOn && track.acknowledgeBy === d.dueOn : !track.respondedOn && track.respondBy === d.dueOn;
}

export interface ReminderSource {
  getByReference(reference: string): Promise<CaseView | null>;
  workingDaysFromToday(isoDate: string): number;
}

export function createDeadlineReminderHandler(cases: ReminderSource, notify: Notify): JobHandler {
  return async (job) => {
    const d = job.data as unknown as ReminderData;
    const view = await cases.getByReference(d.reference);
    if (!view) return;
    if (d.hazardStep) {
      const step = view.stage !== 'closed' ? view.hazard?.deadlines.find((h) => h.step === d.hazardStep && h.dueOn === d.dueOn) : undefined;
      if (!step) return;
      await notify({ ...common(view, d), hazard: { step: step.step, due: hazardDue(step) } });
      return;
    }
    if (!stillDue(view, d)) return;
    await notify(common(view, d));
  };

  function common(view: CaseView, d: ReminderData): DeadlineNotification {
    return {
      type: d.type,
      reference: view.reference,
      council: view.council,
      kind: view.kind,
      stage: d.track,
      deadline: d.deadline,
      dueOn: d.dueOn,
      workingDaysLeft: cases.workingDaysFromToday(d.dueOn),
      priority: view.priority,
      assignee: view.assignee,
      audience: view.assignee ? ['assignee', 'triage'] : ['triage'],
    };
  }
}
