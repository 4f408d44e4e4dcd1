/** Telling staff about residents: what the resident conversation calls, whatever carries it (Teams). */
export interface StaffNotifier {
  caseOpened(reference: string): Promise<void>;
  residentMessage(reference: string, text: string): Promise<void>;
  /** A notice for staff in the case's thread (such as the resident asking for a review); `key` makes it once only. */
  caseNotice?(reference: string, key: string, text: string): Promise<void>;
}
