/**
 * Retention and the rights of the people a case is about:
 *  - after the retention period from closure (default 6 years: none of the council documents
 *    states one; Leicester points to its records retention schedule, and six years after
 *    closure is the usual entry for complaint files), personal data is anonymised by a daily job;
 *  - subject access: everything held about a person, found by email or phone, as JSON;
 *  - erasure on request: the same anonymisation, recorded on the timeline without personal data.
 * Evidence files live elsewhere: a pluggable hook deletes them.
 */
import type { Logger } from 'pino';
import type { CaseRecord } from '../../models/caseRecord';
import type { Actor } from '../../models/caseRecord';
import type { CaseService } from '../cases/caseService';
import { emailKey, phoneKey } from '../cases/subjects';
import type { CaseView, TimelineEntry } from '../cases/views';
import type { JobHandler } from '../scheduler/scheduler';
import { londonDate, londonInstant } from '../workingDays/londonTime';

export const RETENTION_SWEEP_JOB = 'retention.sweep';
export const DEFAULT_RETENTION_YEARS = 6;

export type DeleteEvidence = (reference: string, fileIds: string[]) => Promise<void>;

export interface RetentionOptions {
  cases: CaseService;
  retentionYears?: number;
  deleteEvidence?: DeleteEvidence;
  clock?: () => Date;
  logger?: Logger;
}

export interface SubjectQuery {
  email?: string;
  phone?: string;
}

export interface SubjectExport {
  generatedAt: string;
  council: string;
  subject: SubjectQuery;
  cases: Array<{ case: CaseView; timeline: TimelineEntry[] }>;
}

const SYSTEM: Actor = { id: 'system:retention', name: 'Retention', role: 'system' };

export class RetentionService {
  private readonly clock: () => Date;

  constructor(private readonly opts: RetentionOptions) {
    this.clock = opts.clock ?? (() => new Date());
  }

  get retentionYears(): number {
    return this.opts.retentionYears ?? DEFAULT_RETENTION_YEARS;
  }

  /** Cases closed before this instant are due for anonymisation. */
  cutoff(now: Date = this.clock()): Date {
    const d = new Date(now);
    d.setUTCFullYear(d.getUTCFullYear() - this.retentionYears);
    return d;
  }

  /** Anonymises every case closed longer ago than the retention period. Returns the references. */
  async anonymiseExpired(limit = 500): Promise<string[]> {
    const { cases } = this.opts;
    const due = await cases.store.cases
      .find({ council: cases.council, anonymisedAt: null, closedAt: { $ne: null, $lt: this.cutoff() } })
      .sort({ closedAt: 1 })
      .limit(limit)
      .select('_id')
      .lean<Pick<CaseRecord, '_id'>[]>()
      .exec();
    const done: string[] = [];
    for (const { _id } of due) {
      // The commandId is fixed per case, so two instances sweeping at once anonymise it once.
      await this.removePersonalData(_id, `retention:${_id}`, SYSTEM, 'retention');
      done.push(_id);
    }
    if (done.length) this.opts.logger?.info({ count: done.length, references: done }, 'cases anonymised after the retention period');
    return done;
  }

  /** Subject access: every case where the person is the resident or the representative, with timelines. */
  async exportSubject(subject: SubjectQuery): Promise<SubjectExport> {
    const keys = [subject.email && emailKey(subject.email), subject.phone && phoneKey(subject.phone)].filter((k): k is string => !!k);
    if (keys.length === 0) throw new Error('Give an email address or a phone number to search for.');
    const { cases } = this.opts;
    const found = await cases.store.cases
      .find({ council: cases.council, 'search.subjects': { $in: keys } })
      .sort({ receivedAt: 1 })
      .select('_id')
      .lean<Pick<CaseRecord, '_id'>[]>()
      .exec();
    const out: SubjectExport['cases'] = [];
    for (const { _id } of found) {
      const view = await cases.getByReference(_id);
      if (view) out.push({ case: view, timeline: await cases.timeline(_id) });
    }
    return { generatedAt: this.clock().toISOString(), council: cases.council, subject, cases: out };
  }

  /** Erasure on request for one case. */
  async erase(reference: string, commandId: string, actor: Actor): Promise<void> {
    await this.removePersonalData(reference, commandId, actor, 'erasure_request');
  }

  /** Erasure on request for every case held about a person. Returns the references erased. */
  async eraseSubject(subject: SubjectQuery, commandId: string, actor: Actor): Promise<string[]> {
    const found = await this.exportSubject(subject);
    const refs = found.cases.filter((c) => !c.case.anonymisedAt).map((c) => c.case.reference);
    for (const ref of refs) await this.erase(ref, `${commandId}:${ref}`, actor);
    return refs;
  }

  private async removePersonalData(reference: string, commandId: string, actor: Actor, reason: 'retention' | 'erasure_request'): Promise<void> {
    const before = await this.opts.cases.getByReference(reference);
    const fileIds = before?.evidence.map((e) => e.fileId) ?? [];
    await this.opts.cases.anonymise({ reference, commandId, actor, reason });
    // Files after the record: if deletion fails, the record no longer points at them anyway and the hook can be retried from logs.
    if (fileIds.length && this.opts.deleteEvidence) await this.opts.deleteEvidence(reference, fileIds);
  }

  /** The daily job: sweep, then schedule tomorrow's run (idempotent ids, so instances agree). */
  sweepHandler(runAtLondonTime = '02:00'): JobHandler {
    return async (job) => {
      await this.anonymiseExpired();
      const tomorrow = this.opts.cases.rules.calendar.addCalendarDays(londonDate(job.now), 1);
      await job.store.schedule({ id: `${RETENTION_SWEEP_JOB}:${tomorrow}`, name: RETENTION_SWEEP_JOB, runAt: londonInstant(tomorrow, runAtLondonTime) }, job.now);
    };
  }

  /** Schedules today's sweep if none is scheduled yet; call at startup. */
  async scheduleSweep(runAtLondonTime = '02:00'): Promise<void> {
    const today = londonDate(this.clock());
    await this.opts.cases.jobs.schedule({ id: `${RETENTION_SWEEP_JOB}:${today}`, name: RETENTION_SWEEP_JOB, runAt: londonInstant(today, runAtLondonTime) }, this.clock());
  }
}
