/**
 * A financial year's cases for the annual report: every case with a figure in one of its four
 * quarters, each once at its newest version, in reference order. Served from this process's
 * in-memory model of the year (statsReadModel.ts), built from the four quarter statistics
 * collections (models/caseProjections.ts) and kept current from the change log, so a report read
 * straight after a command, in any instance, reflects it.
 */
import type { Connection } from 'mongoose';
import type { StatsEntry } from '../../models/caseProjections';
import { yearStats } from './statsReadModel';

export function yearEntries(connection: Connection, council: string, financialYear: string): Promise<StatsEntry[]> {
  return yearStats(connection, financialYear).entries(council);
}
