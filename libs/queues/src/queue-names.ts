/**
 * Queue names are wire format shared by api (producer) and worker (consumer): explicit strings, never class names.
 * The cadence and notification queues arrive with the cadence engine.
 */
export enum QueueName {
  Maintenance = 'maintenance',
}
