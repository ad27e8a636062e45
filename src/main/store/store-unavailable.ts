/**
 * The store could not do what was asked. `not_applied`: nothing was written, retrying is safe.
 * `unknown`: the request may have been carried out (a Redis connection lost after the command
 * was sent), so the caller cannot tell the client whether it happened.
 */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    readonly outcome: 'not_applied' | 'unknown',
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }

  /** One log line with the underlying cause (an outage is expected; its stack says nothing new). */
  describe(): string {
    const cause =
      this.cause instanceof Error
        ? ` [${this.cause.name}${(this.cause as { code?: unknown }).code ? ` ${String((this.cause as { code?: unknown }).code)}` : ''}: ${this.cause.message}]`
        : '';
    return `${this.message}${cause}`;
  }
}
