/**
 * Records each signposting the resident conversation makes (models/signposting.ts) and counts
 * them for the annual report: by route, all of them and those where no case followed, by channel
 * and by quarter. Recording never holds up the resident: the caller reports a failure aside.
 */
import type { Connection } from 'mongoose';
import { SignpostingDoc, signpostingModel } from '../../models/signposting';
import { financialQuarter } from '../cases/financialQuarter';
import type { RouteId } from '../../models/vocabulary';
import { londonDate } from '../workingDays/londonTime';
import { tally } from '../reports/tally';

export interface SignpostFigures {
  /** Conversations signposted elsewhere, counted once per route (a conversation may be signposted to two). */
  total: number;
  byRoute: Record<string, number>;
  /** Of those, where no case was opened: the matters only signposted. */
  withoutCase: { total: number; byRoute: Record<string, number> };
  byChannel: Record<string, number>;
  /** Whole-year reports: signpostings in each quarter. */
  byQuarter: Record<string, number>;
}

export class SignpostLog {
  constructor(private readonly opts: { connection: Connection; council: string }) {}

  private get model() {
    return signpostingModel(this.opts.connection);
  }

  /** The routes one intake signposted, once each however often it is thought about again. */
  async record(input: { intake: string; routes: RouteId[]; channel: string; at: Date }): Promise<void> {
    const on = londonDate(input.at);
    const fq = financialQuarter(on);
    const channel = input.channel.replace(/[^a-z0-9_-]/gi, '').slice(0, 40) || 'unknown';
    const docs = input.routes.map((route) =>
      SignpostingDoc.parse({ _id: `${input.intake}|${route}`, council: this.opts.council, route, on, fq, financialYear: fq.slice(0, 7), channel, intake: input.intake, caseOpened: false }),
    );
    if (docs.length === 0) return;
    // $setOnInsert: the first signposting of a route counts, in the quarter it happened.
    await this.model.collection.bulkWrite(docs.map((d) => ({ updateOne: { filter: { _id: d._id as never }, update: { $setOnInsert: d }, upsert: true } })), { ordered: false });
  }

  /** A case was opened from this intake: its signpostings are no longer "only signposted". */
  async caseOpened(intake: string): Promise<void> {
    await this.model.collection.updateMany({ intake, council: this.opts.council }, { $set: { caseOpened: true } });
  }

  async figures(financialYear: string, quarters: string[]): Promise<SignpostFigures> {
    const docs = await this.model.find({ council: this.opts.council, financialYear }).select({ route: 1, fq: 1, channel: 1, caseOpened: 1 }).lean<SignpostingDoc[]>().exec();
    const inPeriod = docs.filter((d) => quarters.includes(d.fq));
    const without = inPeriod.filter((d) => !d.caseOpened);
    return {
      total: inPeriod.length,
      byRoute: tally(inPeriod, (d) => d.route),
      withoutCase: { total: without.length, byRoute: tally(without, (d) => d.route) },
      byChannel: tally(inPeriod, (d) => d.channel),
      byQuarter: quarters.length > 1 ? Object.fromEntries(quarters.map((q) => [q, inPeriod.filter((d) => d.fq === q).length])) : {},
    };
  }
}
