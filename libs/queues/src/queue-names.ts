/**
 * Queue and job names are wire format shared by the producers (worker schedulers, CLI) and the worker: explicit
 * strings, never class names. Keep an old value when renaming a key, or queued jobs are orphaned.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  Cadence = 'cadence',
  Notifications = 'notifications',
}

export enum JobName {
  /** a scheduler's trigger: run one beat for every jurisdiction whose policy says it is due */
  RunBeat = 'run-beat',
  /** re-enqueue what the outbox says is still pending (boot, and every minute) */
  DispatchPending = 'dispatch-pending',
  /** deliver one notification on all its channels */
  DeliverNotification = 'deliver-notification',
}

export const BEAT_NAMES = ['daily-assign', 'weekly-remind', 'monthly-bulletin', 'quarterly-review', 'escalate'] as const;
export type BeatName = (typeof BEAT_NAMES)[number];

export interface JobPayloads {
  [JobName.RunBeat]: { beat: BeatName };
  [JobName.DispatchPending]: Record<string, never>;
  [JobName.DeliverNotification]: { notificationId: string };
}

// BullMQ rejects custom ids containing ':' or made only of digits (taskforcesh/bullmq PR #3384, issue #4052)
export const notificationJobId = (p: JobPayloads[JobName.DeliverNotification]) => `n-${p.notificationId}`;
export const beatSchedulerId = (beat: BeatName) => `beat-${beat}`;
export const DISPATCH_SCHEDULER_ID = 'dispatch-pending';

/** Trigger jobs: a missed trigger is caught up by the next one (beats are idempotent per period), so no retries. */
export const CADENCE_JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: { age: 7 * 86_400, count: 1_000 },
  removeOnFail: { age: 30 * 86_400, count: 1_000 },
} as const;

/** Delivery jobs: exponential backoff; the outbox row turns `dead` after the last attempt. */
export function notificationJobOptions(attempts: number, backoffMs: number) {
  return {
    attempts,
    backoff: { type: 'exponential' as const, delay: backoffMs },
    removeOnComplete: { age: 86_400, count: 10_000 },
    removeOnFail: { age: 30 * 86_400 },
  };
}

/** A job stalled by a crashed worker is retried up to this many times before it fails. */
export const MAX_STALLED_COUNT = 5;
