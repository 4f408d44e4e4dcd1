/**
 * The learning register across cases: every learning point staff recorded on a case (what was
 * learnt, and the action with its owner and due date), with the action's status worked out on
 * the day it is read: open, overdue (past its due date and not done), done, or no action needed.
 *
 * Kept from the case records: after each event of a case that has learning points, its entries
 * are rewritten from the case (idempotent, so a missed write is put right by the case's next event).
 */
import type { Connection, Model } from 'mongoose';
import type { CaseRecord, LearningAction } from '../../models/caseRecord';
import { LEARNING_STATUSES, LearningEntryDoc, learningEntryModel, type LearningStatus } from '../../models/learningEntry';
import type { TimelineEventDoc } from '../../models/timelineEvent';
import { financialYear } from '../cases/financialQuarter';
import { learningPointId } from '../cases/learning';

export interface RegisterFilter {
  financialYear: string;
  /** "Q1".."Q4": only points recorded in that quarter. */
  quarter?: 'Q1' | 'Q2' | 'Q3' | 'Q4' | null;
  status?: LearningStatus;
  serviceArea?: string;
  theme?: string;
}

export interface RegisterEntry extends Omit<LearningEntryDoc, '_id' | 'council' | 'financialYear'> {
  status: LearningStatus;
}

export type StatusCounts = Record<LearningStatus, number>;

export interface RegisterSummary {
  total: number;
  byStatus: StatusCounts;
  byServiceArea: Record<string, StatusCounts>;
  byTheme: Record<string, StatusCounts>;
  byQuarter: Record<string, StatusCounts>;
}

export function statusOf(action: LearningAction | null, today: string): LearningStatus {
  if (!action) return 'no_action';
  if (action.doneOn) return 'done';
  return action.dueOn < today ? 'overdue' : 'open';
}

const emptyCounts = (): StatusCounts => Object.fromEntries(LEARNING_STATUSES.map((s) => [s, 0])) as StatusCounts;

export function summarise(entries: RegisterEntry[]): RegisterSummary {
  const summary: RegisterSummary = { total: entries.length, byStatus: emptyCounts(), byServiceArea: {}, byTheme: {}, byQuarter: {} };
  const add = (group: Record<string, StatusCounts>, key: string, status: LearningStatus) => ((group[key] ??= emptyCounts())[status] += 1);
  for (const e of entries) {
    summary.byStatus[e.status] += 1;
    add(summary.byServiceArea, e.serviceArea, e.status);
    add(summary.byTheme, e.theme, e.status);
    add(summary.byQuarter, e.fq, e.status);
  }
  return summary;
}

export function entriesOf(record: CaseRecord): LearningEntryDoc[] {
  return record.learningPoints.map((p, i) => {
    const pointId = learningPointId(p, i);
    return LearningEntryDoc.parse({
      _id: `${record._id}|${pointId}`,
      council: record.council,
      reference: record._id,
      pointId,
      serviceArea: record.leadServiceArea ?? record.serviceAreas[0] ?? 'other',
      theme: p.theme,
      detail: p.detail,
      addedOn: p.addedOn,
      fq: p.fq,
      financialYear: financialYear(p.addedOn),
      action: p.action ?? null,
    });
  });
}

export class LearningRegister {
  constructor(private readonly opts: { connection: Connection; council: string }) {}

  private get model() {
    return learningEntryModel(this.opts.connection);
  }

  /** Rewrites the case's entries from the case as it now is. */
  async syncCase(record: CaseRecord): Promise<void> {
    const entries = entriesOf(record);
    if (!entries.length) return;
    await this.model.collection.bulkWrite(entries.map((doc) => ({ replaceOne: { filter: { _id: doc._id as never }, replacement: doc, upsert: true } })));
  }

  /**
   * Once per council: enters the learning points recorded before the register existed (a marker
   * document, outside every register query, says it was done). Returns how many cases it read.
   */
  async backfill(cases: Model<CaseRecord>): Promise<number> {
    const marker = `_backfilled|${this.opts.council}`;
    if (await this.model.exists({ _id: marker })) return 0;
    const found = await cases.find({ council: this.opts.council, 'learningPoints.0': { $exists: true } }).select({ _id: 1, council: 1, leadServiceArea: 1, serviceAreas: 1, learningPoints: 1 }).lean<CaseRecord[]>().exec();
    for (const record of found) await this.syncCase(record);
    await this.model.collection.replaceOne({ _id: marker as never }, { at: new Date() }, { upsert: true });
    return found.length;
  }

  /** For CaseService.onEvent: cases without learning points cost nothing. */
  readonly onCaseEvent = async (_event: TimelineEventDoc, after: CaseRecord): Promise<void> => {
    if (after.learningPoints.length) await this.syncCase(after);
  };

  async list(filter: RegisterFilter, today: string): Promise<{ entries: RegisterEntry[]; summary: RegisterSummary }> {
    const query: Record<string, string> = { council: this.opts.council, financialYear: filter.financialYear };
    if (filter.quarter) query.fq = `${filter.financialYear} ${filter.quarter}`;
    if (filter.serviceArea) query.serviceArea = filter.serviceArea;
    if (filter.theme) query.theme = filter.theme.toLowerCase();
    const docs = await this.model.find(query).lean<LearningEntryDoc[]>().exec();
    const all = docs.map(({ _id: _i, council: _c, financialYear: _f, ...rest }) => ({ ...rest, status: statusOf(rest.action, today) }));
    // Overdue first, then open by due date, then the rest, newest first.
    const rank: Record<LearningStatus, number> = { overdue: 0, open: 1, done: 2, no_action: 3 };
    const entries = (filter.status ? all.filter((e) => e.status === filter.status) : all).sort(
      (a, b) => rank[a.status] - rank[b.status] || (a.action?.dueOn ?? '').localeCompare(b.action?.dueOn ?? '') || b.addedOn.localeCompare(a.addedOn) || a.reference.localeCompare(b.reference) || a.pointId.localeCompare(b.pointId),
    );
    return { entries, summary: summarise(all) };
  }
}
