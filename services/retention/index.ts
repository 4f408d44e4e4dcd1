export { DEFAULT_RETENTION_YEARS, RETENTION_SWEEP_JOB, RetentionService } from './retentionService';
export type { DeleteEvidence, RetentionOptions, SubjectExport, SubjectQuery } from './retentionService';
export { REMOVED, anonymisedRecord, scrubDetails } from '../cases/anonymise';
