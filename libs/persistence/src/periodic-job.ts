import type { JsonLogger } from '@yiti/logging';

/**
 * A pass that runs at start and then every `seconds` — a service's scheduler (deadlines, pacts coming into
 * force). A tick that comes while the previous pass still runs is skipped; a failed pass is logged and the next
 * tick tries again. Passes must be safe with several instances running them (FOR UPDATE SKIP LOCKED).
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly seconds: number,
    private readonly pass: () => Promise<unknown>,
    private readonly logger: JsonLogger,
  ) {}

  start(): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.pass()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.event('error', `${this.name} failed`, { error: String(err) }))
        .finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.seconds * 1000);
    this.timer.unref();
  }

  /** Stops ticking and waits for a pass in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
