/**
 * Scheduled jobs and their claims. A job runs when an instance inserts the claim
 * "<jobId>#<attempt>": the primary key lets only one instance win each attempt, which is the
 * only mutual exclusion FerretDB 1.x gives (its findOneAndUpdate is not atomic, so a lock field
 * as agenda uses would let two instances run the same job).
 */
import { Connection, Model, Schema } from 'mongoose';

export const JOB_STATES = ['pending', 'done', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobDoc {
  _id: string;
  name: string;
  /** What the job is about (a case reference), to find and cancel a case's jobs together. */
  group: string | null;
  runAt: Date;
  data: Record<string, unknown>;
  state: JobState;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface JobClaimDoc {
  _id: string;
  jobId: string;
  attempt: number;
  instanceId: string;
  claimedAt: Date;
}

const jobSchema = new Schema<JobDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    group: String,
    runAt: { type: Date, required: true },
    data: Schema.Types.Mixed,
    state: { type: String, required: true },
    attempts: Number,
    lastError: String,
    createdAt: Date,
    finishedAt: Date,
  },
  { collection: 'jobs', versionKey: false, autoIndex: false, minimize: false },
);
jobSchema.index({ state: 1, runAt: 1 });
jobSchema.index({ group: 1, state: 1 });

const claimSchema = new Schema<JobClaimDoc>(
  {
    _id: { type: String, required: true },
    jobId: String,
    attempt: Number,
    instanceId: String,
    claimedAt: Date,
  },
  { collection: 'job_claims', versionKey: false, autoIndex: false },
);

export function jobModel(connection: Connection): Model<JobDoc> {
  return (connection.models.Job as Model<JobDoc>) ?? connection.model<JobDoc>('Job', jobSchema);
}

export function jobClaimModel(connection: Connection): Model<JobClaimDoc> {
  return (connection.models.JobClaim as Model<JobClaimDoc>) ?? connection.model<JobClaimDoc>('JobClaim', claimSchema);
}
