/**
 * A financial year's statistics entries, held in memory by each process and kept current from the
 * queue's change log (services/cases/queueReadModel.ts), as the triage queue is.
 *
 * Why: on FerretDB 1.24 (SQLite) reading a year's four case_stats_<quarter> collections decodes
 * every document in Go (~40,000 at 100,000 cases): about 4 s, against a 2 s target for the annual
 * report, and a quarter alone about 1 s, against 1 s for the quarterly report. Folding the entries
 * in memory takes a fraction of that. What stays in the database on each read is one `_id`
 * look-up in the change log.
 *
 * How it stays correct: every command logs the case's packed statistics with its queue change
 * (QueueChange.s), after writing the case_stats documents. A year's model is built by reading the
 * log, then the year's four collections, and applying the log over them; before each read it looks
 * up the change after its cursor, and applies every newer change by case version (the higher wins),
 * exactly as the queue does, with the same trust window, rebuild when the log was trimmed past the
 * cursor, and periodic background rebuild. A change logged without statistics (by an older
 * version of the service) is caught up by reading that case's documents in the year's quarters by
 * `_id`. A case is in a year when any of its quarters (quartersOf) is in it.
 */
import type { Connection } from 'mongoose';
import { caseQueueChangeModel, caseStatsModel, fromStatsDoc, quartersOf, type QueueChange, type StatsDoc, type StatsEntry } from '../../models/caseProjections';
import { quartersOfYear } from '../cases/financialQuarter';
import { ChangeLogReadModel, type LogPosition } from '../cases/changeLogReadModel';
import { DEFAULT_QUEUE_TUNING, type QueueReadModelTuning } from '../cases/queueReadModel';

interface Held {
  entry: StatsEntry;
  quarters: string[];
}

interface State extends LogPosition {
  /** Every case with a figure in the year, at its newest known version. */
  held: Map<string, Held>;
  /** The version each case is known at, including cases that left the year. */
  versions: Map<string, number>;
  /** The held entries in reference order (cleared by every change). */
  sorted?: Held[];
}

const byId = (a: Held, b: Held) => (a.entry._id < b.entry._id ? -1 : a.entry._id > b.entry._id ? 1 : 0);

export class YearStatsReadModel extends ChangeLogReadModel<State, QueueReadModelTuning> {
  readonly quarters: string[];

  constructor(
    private readonly connection: Connection,
    readonly financialYear: string,
    tuning: QueueReadModelTuning = { ...DEFAULT_QUEUE_TUNING },
  ) {
    super(caseQueueChangeModel(connection), tuning);
    this.quarters = quartersOfYear(financialYear);
  }

  /** The year's entries for a council in reference order, current as of this call (optionally only those with a figure in one quarter). */
  async entries(council: string, quarter?: string): Promise<StatsEntry[]> {
    const state = await this.current();
    state.sorted ??= [...state.held.values()].sort(byId);
    const out: StatsEntry[] = [];
    for (const h of state.sorted) if (h.entry.council === council && (!quarter || h.quarters.includes(quarter))) out.push(h.entry);
    return out;
  }

  // ---- kept current by ChangeLogReadModel, as the queue is -------------------------------------

  protected override async catchUp(state: State, changes: QueueChange[]): Promise<void> {
    for (const c of changes) {
      if (typeof c.s === 'string') this.apply(state, c.ref, c.v, c.s);
      else await this.reread(state, c);
    }
  }

  /** Reads the year's four collections (after the log), and applies the log over them. */
  protected override async build(log: QueueChange[], position: LogPosition): Promise<State> {
    // Read after the log: a change is logged after its statistics are written, so each is in the collections by now.
    const reads = await Promise.all(this.quarters.map((q) => caseStatsModel(this.connection, q).find().lean<StatsDoc[]>().exec()));
    const state: State = { held: new Map(), versions: new Map(), ...position };
    const packed = new Map<string, unknown>();
    for (const docs of reads) {
      for (const doc of docs) {
        // The same case in another quarter is usually the very same packed string: no need to unpack it again.
        if (typeof doc.f === 'string' && packed.get(doc._id) === doc.f) continue;
        packed.set(doc._id, doc.f);
        this.put(state, fromStatsDoc(doc));
      }
    }
    // Entries without statistics were written by an older service before its documents: already read above.
    for (const c of log) if (typeof c.s === 'string') this.apply(state, c.ref, c.v, c.s);
    return state;
  }

  /** A stored or logged entry, unless the model knows the case at a newer version. */
  private put(state: State, entry: StatsEntry, stored = true): void {
    const known = state.versions.get(entry._id);
    if (known !== undefined && known > entry.version) return;
    if (stored && known === entry.version && state.held.has(entry._id)) return;
    state.versions.set(entry._id, entry.version);
    const quarters = quartersOf(entry);
    if (stored || quarters.some((q) => this.quarters.includes(q))) state.held.set(entry._id, { entry, quarters });
    else state.held.delete(entry._id);
    state.sorted = undefined;
  }

  private apply(state: State, ref: string, version: number, f: string): void {
    const known = state.versions.get(ref);
    if (known !== undefined && known > version) return;
    this.put(state, fromStatsDoc({ _id: ref, f }), false);
  }

  /** A change logged without its statistics: the case's documents in the year's quarters, by `_id`. */
  private async reread(state: State, change: QueueChange): Promise<void> {
    const docs = await Promise.all(this.quarters.map((q) => caseStatsModel(this.connection, q).findById(change.ref).lean<StatsDoc>().exec()));
    for (const doc of docs) if (doc) this.put(state, fromStatsDoc(doc));
    // None left in the year: the case has moved out of it.
    const known = state.versions.get(change.ref);
    if (docs.every((d) => !d) && (known === undefined || known < change.v)) {
      state.versions.set(change.ref, change.v);
      if (state.held.delete(change.ref)) state.sorted = undefined;
    }
  }
}

const models = new WeakMap<Connection, Map<string, YearStatsReadModel>>();

/** This process's model of a financial year ("2026-27"), one per connection. */
export function yearStats(connection: Connection, financialYear: string): YearStatsReadModel {
  let years = models.get(connection);
  if (!years) models.set(connection, (years = new Map()));
  const year = financialYear.slice(0, 7);
  let model = years.get(year);
  if (!model) years.set(year, (model = new YearStatsReadModel(connection, year)));
  return model;
}
