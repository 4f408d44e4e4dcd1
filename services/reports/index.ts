export { CaseReports } from './caseReports';
export type { CaseReportsOptions, ComplimentEntry, OmbudsmanReturn, QuarterlyReport, Timeliness } from './caseReports';
export { complimentsCsv, ombudsmanReturnCsv, quarterlyReportCsv, toCsv } from './csv';
export { financialQuarter, financialYear, quarterRange, quartersOfYear } from '../cases/financialQuarter';
