/**
 * The time a service computes deadlines from. Production uses the system clock; an integration test may start
 * a service with the clock set to another instant (e.g. late December, to count into an unpublished year),
 * after which it runs on in real time. Services read the start from a setting only tests may use
 * (`TEST_CLOCK_START`, refused unless NODE_ENV=test).
 */
export class Clock {
  private readonly offsetMs: number;

  /** @param start the instant "now" is at construction; omitted = the system clock. */
  constructor(start?: Date) {
    if (start !== undefined && Number.isNaN(start.getTime())) {
      throw new RangeError('Invalid clock start: expected a valid Date');
    }
    this.offsetMs = start === undefined ? 0 : start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Whether this clock is shifted from the system clock (a test clock). */
  get shifted(): boolean {
    return this.offsetMs !== 0;
  }
}
