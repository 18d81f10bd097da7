/**
 * A circuit breaker per service: after `failures` consecutive failures the register is taken as
 * down and calls are refused at once for `openMs` (the counter switches to "nhập tay" instead of
 * waiting on timeouts); then one trial call is let through (half-open): success closes the
 * circuit, failure opens it again.
 */
export type CircuitState = 'closed' | 'open' | 'half_open';

export class Circuit {
  #failures = 0;
  #openedAt: number | undefined;
  #trialInFlight = false;

  constructor(
    private readonly failures: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.#openedAt === undefined) return 'closed';
    return this.now() - this.#openedAt >= this.openMs ? 'half_open' : 'open';
  }

  /** Whether a call may go out now; a half-open circuit lets one trial through. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  success(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#trialInFlight = false;
  }

  failure(): void {
    this.#trialInFlight = false;
    this.#failures++;
    if (this.#openedAt !== undefined || this.#failures >= this.failures) this.#openedAt = this.now();
  }
}
