/** Telling staff about residents: what the resident conversation calls, whatever carries it (Teams). */
export interface StaffNotifier {
  caseOpened(reference: string): Promise<void>;
  residentMessage(reference: string, text: string): Promise<void>;
}
