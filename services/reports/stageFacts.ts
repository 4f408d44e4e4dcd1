/**
 * One case's part in the year's figures, stage by stage: whether it was received, acknowledged
 * or answered in the period, on time by the pack's deadlines (the figures kept at every
 * transition) and within the Complaint Handling Codes' own timescales (counted here from the
 * dates, because a pack may promise something other than the Code). The annual report and the
 * self-assessment both fold these, so their figures cannot disagree.
 */
import type { StatsEntry, TrackDates } from '../../models/caseProjections';
import type { Decision } from '../../models/caseRecord';
import type { PolicyPack } from '../policy/packSchema';
import type { WorkingDayCalendar } from '../workingDays';
import { CODE_TIMESCALES } from './codeProvisions';

export type StageKey = 'sr' | 's1' | 's2';

export interface FoldContext {
  calendar: WorkingDayCalendar;
  pack: PolicyPack;
  /** Is this financial quarter label ("2026-27 Q1") inside the report's period? */
  inPeriod: (fq: string | null | undefined) => boolean;
}

export interface StageFacts {
  received: boolean;
  acknowledged: boolean;
  ackOnTime: boolean;
  /** null: not acknowledged in the period, or no dates kept (a document older than the annual report); false also when answered in the period without an acknowledgement. */
  ackWithinCode: boolean | null;
  responded: boolean;
  onTime: boolean;
  respondedWithinCode: boolean | null;
  workingDays: number | null;
  decision: Decision | null;
  /** Responded in the period after an extension: its length in working days beyond the original deadline. */
  extensionDays: number | null;
  extensionBeyondPack: boolean;
  extensionBeyondCode: boolean;
}

export function stageFacts(e: StatsEntry, key: StageKey, ctx: FoldContext): StageFacts | null {
  const t = e.stats[key];
  if (!t) return null;
  const dates: TrackDates | null = e.governance?.[key] ?? null;
  const code = key === 'sr' ? null : CODE_TIMESCALES[key === 's1' ? 'stage1' : 'stage2'];
  const acknowledged = ctx.inPeriod(t.ackFq);
  const responded = ctx.inPeriod(t.respondedFq);
  const { calendar } = ctx;
  let ackWithinCode: boolean | null = null;
  let respondedWithinCode: boolean | null = null;
  let extensionDays: number | null = null;
  if (dates) {
    const [startedOn, acknowledgedOn, respondedOn, originalRespondBy, respondBy, extensions] = dates;
    if (code && acknowledged && acknowledgedOn) ackWithinCode = calendar.workingDaysBetween(startedOn, acknowledgedOn) <= CODE_TIMESCALES.acknowledge;
    // Answered without ever being acknowledged (cases stored before that was required): the Code's acknowledgement was missed.
    else if (code && responded && !acknowledgedOn) ackWithinCode = false;
    if (responded && extensions > 0 && originalRespondBy && respondBy) extensionDays = calendar.workingDaysBetween(originalRespondBy, respondBy);
    if (code && responded && respondedOn) {
      // Counted from the acknowledgement, or from the last day the Code allowed for it when there was none.
      const from = acknowledgedOn ?? calendar.addWorkingDays(startedOn, CODE_TIMESCALES.acknowledge);
      const allowed = code.respond + (extensions > 0 ? code.extension : 0);
      respondedWithinCode = calendar.workingDaysBetween(from, respondedOn) <= allowed;
    }
  }
  const packStage = key === 'sr' ? null : ctx.pack.timescales[key === 's1' ? 'stage1' : 'stage2'];
  const packLimit = packStage?.extension.maxDays ?? null;
  return {
    received: ctx.inPeriod(t.receivedFq),
    acknowledged,
    ackOnTime: acknowledged && t.ackOnTime === 1,
    ackWithinCode,
    responded,
    onTime: responded && t.onTime === 1,
    respondedWithinCode,
    workingDays: responded ? t.workingDays : null,
    decision: responded ? t.decision : null,
    extensionDays,
    extensionBeyondPack: extensionDays !== null && packLimit !== null && extensionDays > packLimit,
    extensionBeyondCode: extensionDays !== null && code !== null && extensionDays > code.extension,
  };
}
