/**
 * CSV exports of the annual report and the self-assessment (RFC 4180, formula-safe cells: csv.ts).
 * The report as section, measure, value rows (a spreadsheet can chart any of them); the
 * self-assessment one row per provision, with the case references behind each figure.
 */
import type { AnnualReport } from './annualReport';
import { toCsv } from './csv';
import type { SelfAssessment } from './selfAssessment';

function rowsOf(prefix: string, value: unknown, rows: unknown[][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) rowsOf(prefix ? `${prefix}.${k}` : k, v, rows);
    return;
  }
  if (Array.isArray(value)) return; // lists (learning points) have their own rows
  const dot = prefix.indexOf('.');
  rows.push(dot < 0 ? [prefix, '', value] : [prefix.slice(0, dot), prefix.slice(dot + 1), value]);
}

export function annualReportCsv(report: AnnualReport): string {
  const rows: unknown[][] = [['section', 'measure', 'value']];
  const { learning, survey, ...rest } = report;
  const { register, points, reporting, ...figures } = learning;
  rowsOf('', { ...rest, learning: { ...figures, reportEvery: reporting?.reportEvery ?? null, reportTo: reporting?.reportTo ?? null } }, rows);
  for (const p of points) rows.push(['learning', `point.${p.quarter}.${p.theme}`, p.reference]);
  // The register: one row per learning point, its action's status and dates.
  for (const e of register) rows.push(['learning_register', `${e.reference}.${e.pointId}`, [e.quarter, e.serviceArea, e.theme, e.status, e.dueOn ?? '', e.doneOn ?? ''].join(' | ')]);
  if (survey) {
    const { byQuarter, note, ...whole } = survey;
    rowsOf('', { survey: { ...whole, note } }, rows);
    for (const [q, figures] of Object.entries(byQuarter)) rowsOf('', { survey: { [q]: figures } }, rows);
  }
  return toCsv(rows);
}

export function selfAssessmentCsv(sa: SelfAssessment): string {
  const rows: unknown[][] = [['code', 'financial_year', 'section', 'requirement', 'evidenced_by', 'met', 'of', 'percent', 'statement_or_answer', 'improvement', 'cases', 'shortfalls', 'to_check']];
  for (const p of sa.evidenced) {
    rows.push([sa.code, sa.financialYear, p.section, p.requirement, 'case records', p.figure.met, p.figure.of, p.figure.percent, p.statement, '', p.cases.join(' '), p.shortfalls.join(' '), p.uncertain ?? '']);
  }
  for (const p of sa.toAnswer) {
    const a = p.answer;
    rows.push([sa.code, sa.financialYear, p.section, p.requirement, a ? `council (${a.complies}, ${a.answeredOn})` : 'council: not answered yet', '', '', '', a?.evidence ?? '', a?.improvement ?? '', '', '', p.uncertain ?? '']);
  }
  return toCsv(rows);
}
