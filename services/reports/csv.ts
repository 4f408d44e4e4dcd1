/** CSV export of report figures (RFC 4180: quoted when needed, CRLF line ends). */
import type { ComplimentEntry, OmbudsmanReturn, QuarterlyReport } from './caseReports';

function cell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  // A leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: unknown[][]): string {
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Flattens nested figures into rows of section, measure, value. */
function flatten(prefix: string, value: unknown, rows: unknown[][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, rows);
  } else if (!Array.isArray(value)) {
    const dot = prefix.indexOf('.');
    rows.push(dot < 0 ? [prefix, '', value] : [prefix.slice(0, dot), prefix.slice(dot + 1), value]);
  }
}

export function quarterlyReportCsv(report: QuarterlyReport): string {
  const rows: unknown[][] = [['section', 'measure', 'value']];
  const { compliments, period, ...figures } = report;
  flatten('', { ...figures, period_from: period.from, period_to: period.to, compliments: { count: compliments.length } }, rows);
  return toCsv(rows);
}

export function complimentsCsv(entries: ComplimentEntry[]): string {
  return toCsv([['reference', 'received_on', 'service_areas', 'channel', 'summary'], ...entries.map((e) => [e.reference, e.receivedOn, e.serviceAreas.join(' '), e.channel, e.summary])]);
}

export function ombudsmanReturnCsv(ret: OmbudsmanReturn): string {
  const rows: unknown[][] = [['section', 'measure', 'value']];
  flatten('', ret, rows);
  return toCsv(rows);
}
