/**
 * The classifier's contract: what goes in, what comes out. Both engines return a value that
 * passes `Classification`, so callers never see a model's raw output.
 */
import { z } from 'zod';
import { FeedbackKind, RouteId, ServiceArea } from '../../models/vocabulary';

export const Classification = z.strictObject({
  kind: FeedbackKind,
  exclusions: z.array(RouteId),
  dissatisfied: z.boolean(),
  serviceAreas: z.array(ServiceArea),
  safeguarding: z.boolean(),
  confidence: z.number().min(0).max(1),
  reasons: z.array(z.string()),
  /**
   * Safety routes the model half-suspects with no rule to back it: the resident is asked whether
   * anyone is in danger, or a crime is happening, before anything else. Absent when there is none.
   */
  dangerCheck: z.array(RouteId).optional(),
});
export type Classification = z.infer<typeof Classification>;

/** What the classifier needs to know about the council it is answering for. */
export interface ClassifierContext {
  ownsService(area: ServiceArea): boolean;
  /** Complaints about events older than this are `out_of_time` (Infinity = no limit). */
  timeLimitMonths: number;
}

export interface ClassifyInput {
  text: string;
  /** When the message arrived; relative dates ("two years ago") are measured from here. Default now. */
  receivedAt?: Date;
  context: ClassifierContext;
}

export interface Classifier {
  classify(input: ClassifyInput): Promise<Classification>;
}
