/** What the Teams card says about a case's request to the works system (Open311): plain lines, no personal details. */
export interface WorksSummary {
  state: 'queued' | 'awaiting_id' | 'sent' | 'rejected' | 'failed' | 'unmapped';
  serviceName: string | null;
  serviceRequestId: string | null;
  status: string | null;
  statusNotes: string | null;
  rejection: string | null;
  lastError: string | null;
}

export function worksLines(w: WorksSummary): Array<{ line: string; problem: boolean }> {
  const service = w.serviceName ? ` as "${w.serviceName}"` : '';
  switch (w.state) {
    case 'queued':
      return [{ line: w.lastError ? `Not sent yet${service}: the works system could not be reached (${w.lastError}); trying again` : `Being sent${service}`, problem: !!w.lastError }];
    case 'awaiting_id':
      return [{ line: `Sent${service}; waiting for the works system's reference`, problem: false }];
    case 'sent':
      return [
        { line: `Sent${service}: their reference ${w.serviceRequestId}, ${w.status === 'closed' ? 'done (closed)' : `status ${w.status ?? 'open'}`}`, problem: false },
        ...(w.statusNotes ? [{ line: `Their notes: ${w.statusNotes}`, problem: false }] : []),
      ];
    case 'rejected':
      return [{ line: `Refused by the works system: ${w.rejection}. Correct it there or pass it on by hand.`, problem: true }];
    case 'failed':
      return [{ line: `Could not be sent (${w.lastError ?? 'the works system could not be reached'}). Pass it on by hand.`, problem: true }];
    case 'unmapped':
      return [{ line: 'Matches no service of the works system: pass it on by hand.', problem: true }];
  }
}
