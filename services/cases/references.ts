/**
 * Case references: <PREFIX>-<YEAR>-<6-digit sequence>, sequential per council per year.
 * A number is taken by inserting it as a primary key, so two allocators (in this process or
 * another instance) can never share one; a loser moves on to the next number, which leaves no
 * gaps. Within one process allocations for a series are queued, so contention only arises
 * between instances. The unique commandId makes a retried "open" get back its first number.
 * A hint document (series → next number) saves scanning for the highest number; it is only a
 * hint, since FerretDB's updates are not atomic: a stale hint costs a few failed inserts.
 */
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { CaseReferenceDoc, caseReferenceModel } from '../../models/caseReference';
import { isDuplicateKey } from './caseStore';

const MAX_SEQ = 999_999;
/** After this many taken numbers in a row, find the highest one instead of probing on. */
const PROBES_BEFORE_SCAN = 50;

export const formatReference = (prefix: string, year: number, seq: number) => `${prefix}-${year}-${String(seq).padStart(6, '0')}`;

interface HintDoc {
  _id: string;
  next: number;
}

function hintModel(connection: Connection): Model<HintDoc> {
  return (
    (connection.models.CaseReferenceHint as Model<HintDoc>) ??
    connection.model<HintDoc>('CaseReferenceHint', new Schema<HintDoc>({ _id: String, next: Number }, { collection: 'case_reference_hints', versionKey: false }))
  );
}

export class ReferenceAllocator {
  private readonly refs: Model<CaseReferenceDoc>;
  private readonly hints: Model<HintDoc>;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly nextGuess = new Map<string, number>();

  constructor(connection: Connection) {
    this.refs = caseReferenceModel(connection);
    this.hints = hintModel(connection);
  }

  allocate(prefix: string, year: number, commandId: string, now: Date): Promise<string> {
    const series = `${prefix}-${year}`;
    const run = (this.queues.get(series) ?? Promise.resolve()).then(() => this.allocateNow(prefix, year, series, commandId, now));
    this.queues.set(series, run.catch(() => undefined));
    return run;
  }

  private async maxSeq(series: string): Promise<number> {
    const top = await this.refs.findOne({ series }).sort({ seq: -1 }).select('seq').lean().exec();
    return top?.seq ?? 0;
  }

  private async allocateNow(prefix: string, year: number, series: string, commandId: string, now: Date): Promise<string> {
    let seq = this.nextGuess.get(series) ?? (await this.hints.findById(series).lean().exec())?.next ?? 1;
    for (let taken = 0; ; ) {
      if (seq > MAX_SEQ) throw new Error(`Case references for ${series} have run out (more than ${MAX_SEQ} this year)`);
      const reference = formatReference(prefix, year, seq);
      try {
        await this.refs.collection.insertOne({ _id: reference as never, series, seq, commandId, allocatedAt: now });
        this.nextGuess.set(series, seq + 1);
        await this.hints.collection.replaceOne({ _id: series as never }, { next: seq + 1 }, { upsert: true }).catch(() => undefined);
        return reference;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Either the number is taken, or this command already has one (a retried open).
        const mine = await this.refs.findById(reference).lean().exec();
        if (mine?.commandId === commandId) return reference;
        if (!mine) {
          const earlier = await this.refs.findOne({ commandId }).lean().exec();
          if (earlier) return earlier._id;
        }
        seq = ++taken >= PROBES_BEFORE_SCAN ? ((taken = 0), (await this.maxSeq(series)) + 1) : seq + 1;
      }
    }
  }
}
