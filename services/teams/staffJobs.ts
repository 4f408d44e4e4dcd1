/**
 * Telling staff in Teams, through scheduled jobs (services/scheduler) so it never holds up a
 * resident's turn and survives Teams being down or the bot restarting: a new case or a resident's
 * message is stored as a job, run at once in the background, and retried with backoff if Teams
 * cannot be reached. Deadline reminders (scheduled by the case service) are delivered the same way.
 */
import { randomUUID } from 'node:crypto';
import type { StaffNotifier } from './staffNotifier';
import { createDeadlineReminderHandler, type ReminderSource, DEADLINE_REMINDER_JOB } from '../cases';
import type { JobStore } from '../scheduler/jobStore';
import type { Scheduler } from '../scheduler/scheduler';
import type { TeamsStaffNotifier } from './notifier';

export const POST_CASE_JOB = 'teams.post-case';
export const RESIDENT_MESSAGE_JOB = 'teams.resident-message';
export const CASE_NOTICE_JOB = 'teams.case-notice';

/** What the resident conversation calls: quick (one insert), whatever state Teams is in. */
export class QueuedStaffNotifier implements StaffNotifier {
  constructor(
    private readonly jobs: JobStore,
    private readonly kick: () => void,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async caseOpened(reference: string): Promise<void> {
    const now = this.clock();
    // One job per case: opening the same case again (a retried turn) adds nothing.
    await this.jobs.schedule({ id: `${POST_CASE_JOB}:${reference}`, name: POST_CASE_JOB, runAt: now, group: reference, data: { reference } }, now);
    this.kick();
  }

  async residentMessage(reference: string, text: string): Promise<void> {
    const now = this.clock();
    await this.jobs.schedule({ id: `${RESIDENT_MESSAGE_JOB}:${reference}:${now.getTime()}:${randomUUID()}`, name: RESIDENT_MESSAGE_JOB, runAt: now, group: reference, data: { reference, text } }, now);
    this.kick();
  }

  /** A notice for staff in the case's thread (a letter that will not arrive); `key` makes it once only. */
  async caseNotice(reference: string, key: string, text: string): Promise<void> {
    const now = this.clock();
    await this.jobs.schedule({ id: `${CASE_NOTICE_JOB}:${key}`, name: CASE_NOTICE_JOB, runAt: now, group: reference, data: { reference, text } }, now);
    this.kick();
  }
}

/** The jobs that talk to Teams, on a scheduler the app runs. */
export function defineStaffJobs(scheduler: Scheduler, notifier: TeamsStaffNotifier, cases: ReminderSource): Scheduler {
  return scheduler
    .define(POST_CASE_JOB, (job) => notifier.caseOpened(String(job.data.reference)))
    .define(RESIDENT_MESSAGE_JOB, (job) => notifier.residentMessage(String(job.data.reference), String(job.data.text)))
    .define(CASE_NOTICE_JOB, (job) => notifier.caseNotice(String(job.data.reference), String(job.data.text)))
    .define(DEADLINE_REMINDER_JOB, createDeadlineReminderHandler(cases, (n) => notifier.deadlineReminder(n)));
}
