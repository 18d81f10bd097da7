/**
 * Delivery failures. A channel throws to ask for a retry; when the failure is the message's
 * own (a bad address, an unknown template, a feature the account does not have), retrying
 * cannot help, so the error says `retryable = false` and the dispatcher dead-letters the
 * message at once for an operator to read.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

/** True when the thrown value says retrying cannot help (`retryable === false`). */
export function isPermanentFailure(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'retryable' in err && err.retryable === false;
}

/** The outbox row's payload is not what the channel needs: a programming error, never retried. */
export function invalidPayload(channel: string, problem: string): DeliveryError {
  return new DeliveryError(`${channel}: invalid payload: ${problem}`, false);
}
