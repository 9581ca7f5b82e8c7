/** Bad input the user can fix: printed as one line `trace-replay: message`, exit `code` (2: trouble). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
