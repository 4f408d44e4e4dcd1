/**
 * A financial year's cases for the annual report: the union of its four quarters' statistics
 * collections (models/caseProjections.ts). A case with figures in several quarters has the same
 * document in each (all its figures), so each case is taken once, at its newest version. Four
 * whole-collection reads in parallel: on FerretDB a filter would not make a read cheaper.
 */
import type { Connection } from 'mongoose';
import { caseStatsModel, fromStatsDoc, type StatsDoc, type StatsEntry } from '../../models/caseProjections';
import { quartersOfYear } from '../cases/financialQuarter';

export async function yearEntries(connection: Connection, council: string, financialYear: string): Promise<StatsEntry[]> {
  const reads = await Promise.all(quartersOfYear(financialYear).map((q) => caseStatsModel(connection, q).find().lean<StatsDoc[]>().exec()));
  const byId = new Map<string, StatsEntry>();
  const packed = new Map<string, unknown>();
  for (const docs of reads) {
    for (const doc of docs) {
      // The same case in another quarter is usually the very same packed string: no need to unpack it again.
      if (packed.get(doc._id) === doc.f && typeof doc.f === 'string') continue;
      packed.set(doc._id, doc.f);
      const seen = byId.get(doc._id);
      const entry = fromStatsDoc(doc);
      if (entry.council !== council) continue;
      if (!seen || entry.version > seen.version) byId.set(doc._id, entry);
    }
  }
  // Reference order, so lists of cases read the same every time.
  return [...byId.values()].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}
