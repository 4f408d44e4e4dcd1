export { JobStore } from './jobStore';
export type { ScheduleJob } from './jobStore';
export { Scheduler } from './scheduler';
export type { JobContext, JobHandler, PollResult, SchedulerOptions } from './scheduler';
